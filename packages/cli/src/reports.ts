import { statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { landscapeKey, listedRun, PAGE_RUN_LIMIT, renderComparison, renderIndex, renderSweepReportReading, type ReportRun, type SweepIndexEntry, type SweepReportInput } from '@descent/report';
import { checkClaims, claimsReadSeries, descentVersion, gitCommit, goalOf, metricsOf, sampleLandscape, withMetric, statusCounts, type ListedRun, type RunStore } from '@descent/runner';
import { type LandscapeConfig, type MetricConfig } from '@descent/sweep';
import { userCwd } from './paths.js';
import { writeAtomically } from './writeAtomically.js';

export interface ReportInputOptions {
  /** Only these runs count (see InProgress.doneNow); absent: every current run. */
  doneNow?: ReadonlySet<string>;
  /** Read every run's whole record, even beyond a page's runs (a comparison re-measures every run from its series). */
  everyRecord?: boolean;
  /** `store.runListings(sweep)`, when the caller has read them (one look at 100,000 run folders takes seconds). */
  listings?: readonly ListedRun[];
}

/**
 * Everything the renderer needs about one sweep, read from the store (only the sweep's current runs). A sweep of
 * more runs than a page draws (PAGE_RUN_LIMIT) is read from its run listing (runner/src/runListing.ts): its runs are
 * listed runs (listedRun), without series, and renderSweepReportReading reads whole only those whose series the page
 * draws: 100,000 records are 1.5 GB to read and decode, their listings 40 MB. Claims are checked on the listings
 * too, unless a claim reads a series (path_length): then every record is read.
 */
export function reportInput(store: RunStore, sweep: string, { doneNow, everyRecord = false, listings }: ReportInputOptions = {}): SweepReportInput | null {
  // A sweep whose sweep.json is missing or damaged has no report (`exp report` names the damaged file).
  const entry = store.sweepInfoEntry(sweep);
  if (entry.state !== 'valid') return null;
  const { info } = entry;
  const current = new Set(info.runIds);
  const hasClaims = info.claims !== undefined && info.claims.length > 0;
  // Claims are checked on the runs' listings, unless one reads a series (claimsReadSeries): then on every record.
  const currentListings = everyRecord || (hasClaims && claimsReadSeries(info.claims!)) ? null : (listings ?? store.runListings(sweep)).flatMap(({ listing }) => (listing !== null && current.has(listing.runId) ? [listing] : []));
  const counted = currentListings === null || doneNow === undefined ? currentListings : currentListings.filter((listing) => doneNow.has(listing.runId));
  const environment = { descentVersion: descentVersion(), gitCommit: gitCommit(), node: process.version, generatedBy: 'pnpm exp report' };
  if (counted === null || counted.length <= PAGE_RUN_LIMIT) {
    const stored = store.readAll(sweep).filter((r) => current.has(r.record.runId));
    const runs = doneNow === undefined ? stored : stored.filter((run) => doneNow.has(run.record.runId));
    return {
      sweep: info,
      runs,
      landscapes: landscapeGrids(stored),
      environment,
      // Checked on every current run, also on a page of the runs done so far.
      ...(hasClaims ? { claims: checkClaims(info.claims!, stored.map((r) => r.record), { seed: info.seed }) } : {}),
    };
  }
  const runs = counted.map((listing) => listedRun(listing, sweep));
  return {
    sweep: info,
    runs,
    landscapes: landscapeGrids(runs),
    environment,
    // Checked on every current run (in run id order, as the records are read), also on a page of the runs done so far.
    ...(hasClaims ? { claims: checkClaims(info.claims!, currentListings!, { seed: info.seed }) } : {}),
  };
}

/** One contour grid per landscape function the runs used: its name and own settings (landscapeKey). */
function landscapeGrids(runs: readonly ReportRun[]): SweepReportInput['landscapes'] {
  const landscapes = new Map<string, LandscapeConfig>();
  for (const { record } of runs) {
    if (record.config.problem.kind === 'landscape') landscapes.set(landscapeKey(record.config.problem.landscape), record.config.problem.landscape);
  }
  return [...landscapes].map(([key, config]) => ({ ...sampleLandscape(config), name: key }));
}

/** A report of a sweep that `exp run` is working on (see writeSweepReport). */
export interface InProgress {
  reloadSeconds: number;
  /**
   * The runs done in this `exp run`, when the records stored before it do not count: `--force` trains every run
   * again, so an old record is not a run done. Without it, every record of the sweep's runs counts.
   */
  doneNow?: ReadonlySet<string>;
}

/**
 * Render one sweep's report to `root`/<sweep>/index.html; returns the file, or null for a sweep without a readable
 * sweep info. `inProgress`: while `exp run` works on it, a page of the runs done so far (of those the store's sweep
 * info plans at this moment), saying how many, that reloads itself after `reloadSeconds`.
 */
export function writeSweepReport(store: RunStore, root: string, sweep: string, inProgress?: InProgress, listings?: readonly ListedRun[]): string | null {
  const input = reportInput(store, sweep, { doneNow: inProgress?.doneNow, listings });
  if (!input) return null;
  const state = inProgress && { done: input.runs.length, total: input.sweep.runIds.length, reloadSeconds: inProgress.reloadSeconds };
  const render = renderSweepReportReading(state ? { ...input, inProgress: state } : input, (runId) => store.read(sweep, runId));
  return writeAtomically(join(root, sweep, 'index.html'), render);
}

/**
 * Render the reports of `sweeps` and the index of every sweep; returns the files written. `known`: the run listings
 * the caller has already read (`store.runListings`), so that no sweep's run folders are looked at twice.
 */
export function writeReports(store: RunStore, root: string, sweeps: string[], known: ReadonlyMap<string, ListedRun[]> = new Map()): string[] {
  // Each sweep's run listings read once for its report and the index: a look at every run folder each time
  // (200,000 stats for a sweep of 100,000 runs).
  const listings = new Map<string, ListedRun[]>(known);
  const listingsOf = (sweep: string) => listings.get(sweep) ?? listings.set(sweep, store.runListings(sweep)).get(sweep)!;
  const written = sweeps.flatMap((sweep) => writeSweepReport(store, root, sweep, undefined, listingsOf(sweep)) ?? []);
  const index = join(root, 'index.html');
  // A sweep named index.html (refused since, see sweepName.ts) left its report folder where the index goes.
  if (statSync(index, { throwIfNoEntry: false })?.isDirectory())
    console.error(`note: ${relative(userCwd(), index) || index} is a folder (the report of a sweep named index.html, from before such names were refused), so the index of reports is not written; move that folder away and run \`pnpm exp report\``);
  else written.push(writeAtomically(index, renderIndex(indexEntries(store, listingsOf))));
  return written;
}

/**
 * Render one page comparing `sweeps`. They must be measured by one metric: `metric` re-measures every run by
 * it (from the series its record keeps) when their own metrics differ.
 */
export function writeComparison(store: RunStore, root: string, sweeps: string[], name: string, metric?: string): string {
  const inputs = sweeps.map((s) => {
    const input = reportInput(store, s, { everyRecord: true });
    if (!input) throw new Error(`no stored sweep '${s}'`);
    return metric === undefined ? input : remeasured(input, metric);
  });
  return writeAtomically(join(root, 'compare', `${name}.html`), renderComparison(inputs));
}

function remeasured(input: SweepReportInput, metric: string): SweepReportInput {
  const own = input.sweep.metric;
  const config: MetricConfig = own.name === metric ? own : { name: metric, goal: goalOf(metric), target: null };
  const runs = input.runs.map((run) => {
    const record = withMetric(run.record, config);
    if (record === null) throw new Error(`the runs of '${input.sweep.name}' do not record ${metric} (they record ${metricsOf(run.record).join(', ')})`);
    return { ...run, record };
  });
  return { ...input, sweep: { ...input.sweep, metric: config }, runs };
}

/**
 * Each stored sweep's line of the index, from its run listing (runner/src/runListing.ts): the counts and the best
 * run need no record read, so the index of a store of large sweeps costs a look at each run folder, not a read.
 * The runs counted are those a sweep's report draws on (reportInput): current, of the sweep file's definition.
 */
function indexEntries(store: RunStore, listingsOf: (sweep: string) => readonly ListedRun[]): SweepIndexEntry[] {
  return store.sweeps().flatMap((name) => {
    const entry = store.sweepInfoEntry(name);
    if (entry.state !== 'valid') return [];
    const current = new Set(entry.info.runIds);
    const runs = listingsOf(name).flatMap(({ listing }) => (listing !== null && current.has(listing.runId) ? [listing] : []));
    const statuses = statusCounts();
    for (const run of runs) statuses[run.status]++;
    const { goal } = entry.info.metric;
    let best: SweepIndexEntry['best'] = null;
    for (const run of runs) {
      const m = run.finalMetric;
      if (run.status === 'finished' && Number.isFinite(m) && (best === null || (goal === 'minimize' ? m < best.metric : m > best.metric))) {
        best = { label: run.runId, metric: m };
      }
    }
    return [{ name, href: `${name}/index.html`, runs: runs.length, statuses, best, metricName: entry.info.metric.name }];
  });
}
