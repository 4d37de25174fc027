import type { ClaimVerdict, LandscapeGrid, RunListing, RunMeta, RunRecord, RunStatus, SweepInfo } from '@descent/runner';

/** One run as the reporter sees it: the deterministic record and, when it was found, its wall-time meta. */
export interface ReportRun {
  record: RunRecord;
  meta: RunMeta | null;
  /**
   * Set on a run read from its run listing, not its record (listedRun.ts): a run a large sweep's page does not draw.
   * Its record then has no series and its meta is null.
   */
  listed?: RunListing;
}

export interface ReportEnvironment {
  descentVersion: string;
  gitCommit: string | null;
  node: string;
  /** What produced the report, e.g. 'descent exp report'. */
  generatedBy: string;
}

export interface SweepReportInput {
  sweep: SweepInfo;
  runs: ReportRun[];
  /** For landscape sweeps: the grids to draw trajectories on, supplied by the caller, each named by the `landscapeKey` of the runs drawn on it. */
  landscapes: LandscapeGrid[];
  environment: ReportEnvironment;
  /** The sweep's claims, checked on these runs (`checkClaims`); shown first. */
  claims?: readonly ClaimVerdict[];
  /** Given while `exp run` still works on the sweep: the page then says so and reloads itself. Absent: a finished report. */
  inProgress?: SweepInProgress;
}

/** A sweep whose runs are still training, as its report shows it. */
export interface SweepInProgress {
  /** The sweep's runs with a record in the store (finished, diverged, failed or pruned). */
  done: number;
  /** The runs planned so far (a sweep decided in rounds plans more as it goes). */
  total: number;
  /** The page reloads itself after this many seconds (a whole number ≥ 1), to show the runs done since. */
  reloadSeconds: number;
}

/** One line of the reports index. */
export interface SweepIndexEntry {
  name: string;
  /** Relative link to the sweep's report, e.g. 'momentum/index.html'. */
  href: string;
  runs: number;
  statuses: Record<RunStatus, number>;
  best: { label: string; metric: number } | null;
  metricName: string;
}
