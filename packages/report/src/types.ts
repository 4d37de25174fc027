import type { RunMeta, RunRecord, RunStatus } from '@descent/runner';

/** One run as the reporter sees it: the deterministic record and, when it was found, its wall-time meta. */
export interface ReportRun {
  record: RunRecord;
  meta: RunMeta | null;
}

/** A 2-D function sampled on a grid, for drawing trajectories on its contours. */
export interface LandscapeGrid {
  /** `landscapeKey` of the landscape sampled (its name and own settings, e.g. 'ravine (condition=190)'); runs with that key are drawn on it. */
  name: string;
  /** Evenly spaced grid coordinates, ascending. */
  x: number[];
  y: number[];
  /** Row-major, y-major: values[j * x.length + i] = f(x[i], y[j]). */
  values: number[];
  /** Landmarks: kind 'minimum', 'saddle', 'maximum' or anything else (shown by name). */
  points: { x: number; y: number; kind: string }[];
}

export interface SweepMetric {
  name: string;
  goal: 'minimize' | 'maximize';
  target: number | null;
}

export interface SweepInfo {
  name: string;
  /** The sweep file as the user named it, e.g. 'sweeps/momentum.yaml'. */
  file: string;
  description: string | null;
  seed: number;
  method: 'grid' | 'random';
  /** Dotted keys that vary across configurations, e.g. ['optimizer.lr', 'optimizer.momentum', 'train.batch_size']. */
  varied: string[];
  metric: SweepMetric;
  /** The command that re-creates the sweep, e.g. 'pnpm exp run sweeps/momentum.yaml'. */
  command: string;
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
  /** For landscape sweeps: the grids to draw trajectories on, supplied by the caller. */
  landscapes: LandscapeGrid[];
  environment: ReportEnvironment;
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
