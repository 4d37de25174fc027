import { describe, expect, it } from 'vitest';
import { readExploreIsland } from './explore/exploreIsland.js';
import { PAGE_BEST_CONFIGURATIONS, PAGE_RUN_LIMIT } from './pageSample.js';
import { renderSweepReport } from './renderSweepReport.js';
import { largeRandomSearchFixture } from './testing/sampleSweeps.js';

// Issue 20's limit for a 100,000-run sweep: a report of at most 5 MB, which aggregates and samples what a page
// cannot show, says so, and still shows the right things. The time is printed (the machine's two cores are shared).

const RUNS = 100_000;
const LIMIT_BYTES = 5_000_000;

describe(`renderSweepReport on a ${RUNS.toLocaleString('en')}-run random search`, () => {
  const input = largeRandomSearchFixture(RUNS);
  const started = performance.now();
  const markup = renderSweepReport(input);
  const elapsed = performance.now() - started;
  const rowIds = [...markup.matchAll(/<tr(?: class="[^"]*")? id="run-([0-9a-f]+)"/g)].map((match) => match[1]);

  it('writes at most 5 MB and says what it aggregated and where every run is', () => {
    const bytes = Buffer.byteLength(markup);
    console.log(`${RUNS.toLocaleString('en')} runs: ${(bytes / 1e6).toFixed(3)} MB rendered in ${Math.round(elapsed)} ms`);
    expect(bytes).toBeLessThanOrEqual(LIMIT_BYTES);
    // toBe(true), not toContain: a failure would print the whole report.
    expect(markup.includes(`<p class="note">100,000 runs are more than a page can draw one by one.`)).toBe(true);
    expect(markup.includes(`&#39;pnpm exp list scale&#39; lists them, &#39;pnpm exp show &lt;run id&gt;&#39; shows one.`)).toBe(true);
    // Each view that draws a sample says so.
    for (const id of ['explore', 'lr-sensitivity', 'runs']) {
      const section = new RegExp(`<section class="view" id="${id}"[\\s\\S]*?</section>`).exec(markup)![0];
      expect(section.includes(`Drawn here: ${rowIds.length.toLocaleString('en')} of the 100,000 runs`)).toBe(true);
    }
  });

  it('lists the best runs, at most PAGE_RUN_LIMIT of them, the same ones the explore view carries', () => {
    expect(rowIds.length).toBeGreaterThan(PAGE_RUN_LIMIT - 10);
    expect(rowIds.length).toBeLessThanOrEqual(PAGE_RUN_LIMIT);
    expect(new Set(rowIds).size).toBe(rowIds.length);
    const island = readExploreIsland(markup);
    expect(island.runs.map((run) => run.id).sort()).toEqual([...rowIds].sort());
    // One replicate per configuration: the best configurations are the finished runs of lowest final metric.
    const best = input.runs
      .filter((run) => run.record.status === 'finished')
      .sort((a, b) => a.record.summary.finalMetric - b.record.summary.finalMetric)
      .slice(0, PAGE_BEST_CONFIGURATIONS)
      .map((run) => run.record.runId);
    const listed = new Set(rowIds);
    expect(best.filter((runId) => !listed.has(runId))).toEqual([]);
    // The rest is a sample, not the next best: runs that did not finish are on the page too, about as often as in the sweep.
    const statusOf = new Map(input.runs.map((run) => [run.record.runId, run.record.status]));
    const divergedShare = (ids: readonly string[]) => ids.filter((id) => statusOf.get(id) === 'diverged').length / ids.length;
    const sweepShare = divergedShare(input.runs.map((run) => run.record.runId));
    expect(sweepShare).toBeGreaterThan(0.02);
    expect(Math.abs(divergedShare(rowIds) - sweepShare)).toBeLessThan(0.02);
  });

  it('summarises every run where it aggregates: the header counts, the search facts, the importance fit', () => {
    const failed = input.runs.filter((run) => run.record.status === 'failed').length;
    const diverged = input.runs.filter((run) => run.record.status === 'diverged').length;
    expect(markup.includes(`100000 runs: ${RUNS - failed - diverged} finished, ${diverged} diverged, ${failed} failed`)).toBe(true);
    expect(markup.includes('random search: 100,000 configurations tried in 100,000 runs')).toBe(true);
    expect(/the forest was fitted on 10,000 of the [\d,]+ configurations, a sample seeded by the sweep&#39;s name/.test(markup)).toBe(true);
  });

  it('renders the same bytes from the runs in another order', () => {
    const reordered = { ...input, runs: [...input.runs].reverse() };
    expect(renderSweepReport(reordered) === markup).toBe(true);
  });
});
