import { describe, expect, it } from 'vitest';
import { renderSweepReport } from './renderSweepReport.js';
import { thousandRunSweepFixture } from './testing/sampleSweeps.js';

// Issue 19's limits for a 1,000-run sweep with 200 points per curve: the report is at most 1.5 MB (a property of
// the bytes, asserted) and renders in at most 2 s (a property of the machine too: printed, and only held to a
// bound loose enough for a loaded machine, which still catches a render that grows with the square of the runs).

const LIMIT_BYTES = 1_500_000;

/** The bytes of each top-level part of a report: its sections, the data island and the page script. */
function parts(markup: string): { name: string; bytes: number }[] {
  const sections = [...markup.matchAll(/<section class="view" id="([^"]+)"[\s\S]*?<\/section>/g)].map((match) => ({ name: match[1], bytes: Buffer.byteLength(match[0]) }));
  const scripts = [...markup.matchAll(/<script(?: type="[^"]*" id="([^"]+)"[^>]*)?>[\s\S]*?<\/script>/g)].map((match) => ({
    name: match[1] ?? 'script',
    bytes: Buffer.byteLength(match[0]),
  }));
  return [...sections, ...scripts];
}

describe('renderSweepReport on 1,000 runs × 200 points', () => {
  it('writes at most 1.5 MB, and prints how long it took and where the bytes go', () => {
    const input = thousandRunSweepFixture();
    expect(input.runs).toHaveLength(1000);
    // 200 points on every curve a finished run has: the logged mini-batch losses and the whole-set evaluations.
    const finished = input.runs.filter((run) => run.record.status === 'finished');
    expect(finished.length).toBeGreaterThan(900);
    expect(finished.every((run) => run.record.steps.length === 200 && run.record.epochs.length === 200)).toBe(true);
    renderSweepReport(input); // once to load and compile every module the render uses
    const started = performance.now();
    const markup = renderSweepReport(input);
    const elapsed = performance.now() - started;
    const bytes = Buffer.byteLength(markup);
    const breakdown = parts(markup)
      .sort((a, b) => b.bytes - a.bytes)
      .map(({ name, bytes: partBytes }) => `${name} ${Math.round(partBytes / 1024)} KiB`)
      .join(', ');
    console.log(`1,000 runs × 200 points: ${(bytes / 1e6).toFixed(3)} MB rendered in ${Math.round(elapsed)} ms (${breakdown})`);
    expect(markup).toContain('id="metric-heatmap"');
    expect(markup).toContain('id="time-to-target"');
    expect(bytes).toBeLessThanOrEqual(LIMIT_BYTES);
    expect(elapsed).toBeLessThan(20_000);
  }, 60_000);
});
