import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { brushAxis, exploreSession } from './_exploreSession.js';
import { momentumSweepFixture } from './testing/sampleSweeps.js';
import type { ReportRun } from './types.js';

// Issue 19: the winner section regroups by a setting chosen in the page, and follows the selection, in a real
// Chromium with real mouse input. What each row should say is computed here from the records.

const input = momentumSweepFixture();
const GROUPS = '[data-explore="winner-groups"]';
const lrOf = (run: ReportRun) => Number(run.record.config.optimizer.lr);

/** Each momentum's row as the page should write it: its runs, then the diverged and failed ones; and its finished runs' mean. */
function expectedRows(keep: (run: ReportRun) => boolean): { label: string; count: string; mean: number; dots: number }[] {
  return [0, 0.9].map((momentum) => {
    const runs = input.runs.filter((run) => run.record.config.optimizer.momentum === momentum && keep(run));
    const finished = runs.filter((run) => run.record.status === 'finished').map((run) => run.record.summary.finalMetric);
    const apart = (['diverged', 'failed'] as const).flatMap((status) => {
      const count = runs.filter((run) => run.record.status === status).length;
      return count === 0 ? [] : [`${count} ${status}`];
    });
    return {
      label: `momentum=${momentum}`,
      count: [`${runs.length} runs`, ...apart].join(', '),
      mean: finished.reduce((sum, value) => sum + value, 0) / finished.length,
      dots: finished.length,
    };
  });
}

/** The rows the grouped winner chart draws: labels, the text at their right, where each mean tick stands and where it should for `means`. */
function drawnRows(page: Page, means: number[]): Promise<{ labels: string[]; counts: string[]; dots: number; ticks: number[]; expectedTicks: number[] }> {
  return page.evaluate(
    ({ mount, means }) => {
      const svg = document.querySelector(`${mount} svg`) as SVGSVGElement & { scale(name: string): { apply(value: number): number } };
      const texts = (selector: string) => [...svg.querySelectorAll(selector)].map((text) => text.textContent!);
      return {
        labels: texts('g[aria-label="y-axis tick label"] text'),
        counts: texts('g.winner-count text'),
        dots: svg.querySelectorAll('g.winner-dot circle').length,
        ticks: [...svg.querySelectorAll('g.winner-mean line')].map((line) => Number(line.getAttribute('x1'))),
        expectedTicks: means.map((value) => svg.scale('x').apply(value)),
      };
    },
    { mount: GROUPS, means },
  );
}

describe('the winner section grouped by a setting in a real browser (Debian Chromium via playwright-core)', () => {
  const session = exploreSession(input, 'descent-winner-groups-');

  it('shows one row per momentum with its runs counted, shrinks the counts to a brush, and gives the static verdict back when ungrouped', async () => {
    const { page } = session.opened;
    const staticView = page.locator('#winner .winner-static');
    expect(await staticView.isVisible()).toBe(true);
    expect(await page.locator(GROUPS).isVisible()).toBe(false);

    await page.getByLabel('Group runs by').selectOption('optimizer.momentum');
    await expect.poll(() => page.locator(GROUPS).isVisible()).toBe(true);
    expect(await staticView.isVisible()).toBe(false);
    const every = expectedRows(() => true);
    // 18 runs each; momentum 0 lost one run to divergence and one to a failure, momentum 0.9 all six at lr = 1.
    expect(every.map((row) => row.count)).toEqual(['18 runs, 1 diverged, 1 failed', '18 runs, 6 diverged']);
    let drawn = await drawnRows(page, every.map((row) => row.mean));
    expect(drawn.labels).toEqual(every.map((row) => row.label));
    expect(drawn.counts).toEqual(every.map((row) => row.count));
    expect(drawn.dots).toBe(every.reduce((sum, row) => sum + row.dots, 0));
    drawn.ticks.forEach((x, i) => expect(Math.abs(x - drawn.expectedTicks[i])).toBeLessThan(0.5));
    expect(await page.locator(`${GROUPS} .winner-groups-note`).innerText()).toContain(`minimizes ${input.runs[0].record.config.metric.name}: lower is better`);

    await brushAxis(page, 'lr', '0.1', '0.01');
    const brushed = expectedRows((run) => lrOf(run) <= 0.1);
    expect(brushed.map((row) => row.count)).toEqual(['12 runs, 1 failed', '12 runs']);
    await expect.poll(async () => (await drawnRows(page, [])).counts).toEqual(brushed.map((row) => row.count));
    drawn = await drawnRows(page, brushed.map((row) => row.mean));
    expect(drawn.labels).toEqual(brushed.map((row) => row.label));
    expect(drawn.dots).toBe(brushed.reduce((sum, row) => sum + row.dots, 0));
    drawn.ticks.forEach((x, i) => expect(Math.abs(x - drawn.expectedTicks[i])).toBeLessThan(0.5));

    await page.getByLabel('Group runs by').selectOption('');
    await expect.poll(() => staticView.isVisible()).toBe(true);
    expect(await page.locator(GROUPS).isVisible()).toBe(false);
    expect(await page.locator('#winner [data-chart="winner-intervals"]').isVisible()).toBe(true);
  }, 30_000);
});
