import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { landscapeKey, renderComparison, renderIndex, renderSweepReport, type SweepIndexEntry, type SweepReportInput } from '@descent/report';
import { checkClaims, descentVersion, gitCommit, sampleLandscape, type RunStore, type RunStatus } from '@descent/runner';
import { type LandscapeConfig } from '@descent/sweep';

/** Everything the renderer needs about one sweep, read from the store (only the sweep's current runs). */
export function reportInput(store: RunStore, sweep: string): SweepReportInput | null {
  // A sweep whose sweep.json is missing or damaged has no report (`exp report` names the damaged file).
  const entry = store.sweepInfoEntry(sweep);
  if (entry.state !== 'valid') return null;
  const { info } = entry;
  const current = new Set(info.runIds);
  const runs = store.readAll(sweep).filter((r) => current.has(r.record.runId));
  // One contour grid per landscape function the sweep used: its name and own settings (landscapeKey).
  const landscapes = new Map<string, LandscapeConfig>();
  for (const { record } of runs) {
    if (record.config.problem.kind === 'landscape') landscapes.set(landscapeKey(record.config.problem.landscape), record.config.problem.landscape);
  }
  return {
    sweep: info,
    runs,
    landscapes: [...landscapes].map(([key, config]) => ({ ...sampleLandscape(config), name: key })),
    environment: { descentVersion: descentVersion(), gitCommit: gitCommit(), node: process.version, generatedBy: 'pnpm exp report' },
    ...(info.claims && info.claims.length > 0 ? { claims: checkClaims(info.claims, runs.map((r) => r.record), { seed: info.seed }) } : {}),
  };
}

/** Render the reports of `sweeps` and the index of every sweep; returns the files written. */
export function writeReports(store: RunStore, root: string, sweeps: string[]): string[] {
  const written: string[] = [];
  for (const sweep of sweeps) {
    const input = reportInput(store, sweep);
    if (!input) continue;
    written.push(writeAtomically(join(root, sweep, 'index.html'), renderSweepReport(input)));
  }
  written.push(writeAtomically(join(root, 'index.html'), renderIndex(indexEntries(store))));
  return written;
}

export function writeComparison(store: RunStore, root: string, sweeps: string[], name: string): string {
  const inputs = sweeps.map((s) => {
    const input = reportInput(store, s);
    if (!input) throw new Error(`no stored sweep '${s}'`);
    return input;
  });
  return writeAtomically(join(root, 'compare', `${name}.html`), renderComparison(inputs));
}

function indexEntries(store: RunStore): SweepIndexEntry[] {
  return store.sweeps().flatMap((name) => {
    const input = reportInput(store, name);
    if (!input) return [];
    const statuses: Record<RunStatus, number> = { finished: 0, diverged: 0, failed: 0 };
    for (const { record } of input.runs) statuses[record.status]++;
    const { goal } = input.sweep.metric;
    let best: SweepIndexEntry['best'] = null;
    for (const { record } of input.runs) {
      const m = record.summary.finalMetric;
      if (record.status === 'finished' && Number.isFinite(m) && (best === null || (goal === 'minimize' ? m < best.metric : m > best.metric))) {
        best = { label: record.runId, metric: m };
      }
    }
    return [{ name, href: `${name}/index.html`, runs: input.runs.length, statuses, best, metricName: input.sweep.metric.name }];
  });
}

/** Write to a temporary name and rename, so a reader never sees half a report. */
function writeAtomically(path: string, content: string): string {
  mkdirSync(join(path, '..'), { recursive: true });
  const temp = `${path}.tmp-${process.pid}`;
  writeFileSync(temp, content);
  renameSync(temp, path);
  return path;
}
