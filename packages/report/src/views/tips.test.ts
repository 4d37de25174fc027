import { parseHTML } from 'linkedom';
import { describe, expect, it } from 'vitest';
import { formatNumber } from '../format.js';
import { renderSweepReport } from '../renderSweepReport.js';
import { landscapeSweepFixture, momentumSweepFixture, searchSweepFixture } from '../testing/sampleSweeps.js';
import type { SweepReportInput } from '../types.js';

/** Every <title> (the tooltip of a mark) inside the charts of a section. */
function titles(input: SweepReportInput, section: string): string[] {
  const { document } = parseHTML(renderSweepReport(input));
  return [...document.querySelectorAll(`section#${section} svg title`)].map((title) => title.textContent ?? '');
}

/** The run a tooltip names, looked up in the input's records. */
function runNamed(input: SweepReportInput, tip: string) {
  const id = /^(?:.*· )?run (\S+) \(replicate (\d+)\)/.exec(tip)?.[1];
  return input.runs.find((run) => run.record.runId === id);
}

describe('tooltips on the marks of the server-rendered charts', () => {
  it('lr sensitivity: each replicate dot names its run, replicate, final metric and status, from the record', () => {
    const input = momentumSweepFixture();
    const dots = titles(input, 'lr-sensitivity').filter((tip) => tip.startsWith('run '));
    expect(dots.length).toBeGreaterThan(10);
    for (const tip of dots) {
      const run = runNamed(input, tip);
      expect(run, tip).toBeDefined();
      expect(tip).toContain(`(replicate ${run!.record.replicate})`);
      expect(tip).toContain(`lr=${run!.record.config.optimizer.lr}`);
      if (run!.record.status === 'finished') expect(tip).toContain(`final train_loss ${formatNumber(run!.record.summary.finalMetric)}`);
      expect(tip.endsWith(run!.record.status)).toBe(true);
    }
    // Every finished replicate drawn has a dot with a tooltip: no run named twice.
    expect(new Set(dots).size).toBe(dots.length);
  });

  it("search: the proposals' tooltips tell TPE's startup from its proposals and give each configuration's mean", () => {
    const input = searchSweepFixture();
    const tips = titles(input, 'search');
    const startup = tips.filter((tip) => tip.includes('(quasirandom startup)'));
    const proposed = tips.filter((tip) => tip.includes('(proposed by TPE)'));
    expect(startup.length).toBeGreaterThan(0);
    expect(proposed.length).toBeGreaterThan(0);
    for (const tip of startup) expect(Number(/^(\d+)/.exec(tip)![1])).toBeLessThanOrEqual(4);
    for (const tip of proposed) expect(Number(/^(\d+)/.exec(tip)![1])).toBeGreaterThan(4);
    // A pruned run's ✂ on the examples axis says which run and how far it trained.
    const pruned = tips.filter((tip) => / pruned after /.test(tip));
    expect(pruned).toHaveLength(input.runs.filter((run) => run.record.status === 'pruned').length);
  });

  it("landscapes: each path's end names its run and the loss its trajectory ended at", () => {
    const input = landscapeSweepFixture();
    const ends = titles(input, 'landscapes').filter((tip) => / · f after /.test(tip));
    expect(ends.length).toBeGreaterThan(0);
    for (const tip of ends) {
      const run = runNamed(input, tip)!;
      const last = run.record.trajectory[run.record.trajectory.length - 1];
      expect(tip).toContain(`f after ${last.step} steps ${formatNumber(last.loss)}`);
    }
  });
});
