import { rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { tempFolder } from '@descent/runner/testing';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderSweepReport } from './renderSweepReport.js';
import { axisOnScreen } from './_exploreSession.js';
import { openReport, type OpenedReport } from './testing/browser.js';
import { thousandRunSweepFixture } from './testing/sampleSweeps.js';
import type { ReportRun } from './types.js';

// Issue 19's limits for the page, on a synthetic 1,000-run sweep: interactive within 1 s of opening it, and a
// brush updates the table within 100 ms, both measured in the browser with performance.now().

/**
 * Brushes timed per measurement, the best of which is held to the limit: on two shared cores a brush's frame is now
 * and then delayed by other work (the same brush took 61 to 130 ms within one CI run), and the limit is about what
 * the page costs.
 */
const BRUSHES = 9;

/** The ids of the run table's rows on show. */
function shownRows(page: Page): Promise<string[]> {
  return page
    .locator('#runs tbody tr')
    .evaluateAll((rows) => (rows as HTMLTableRowElement[]).filter((row) => row.getClientRects().length > 0).map((row) => row.id.replace(/^run-/, '')).sort());
}

/**
 * Nine brushes on the lr axis from its 0.01 tick to its 0.001 tick, each from a cleared selection: for each,
 * the time from the one mouse move that draws the brush to the first frame painted after it, and the runs the
 * table shows after it (so a brush that missed the axis cannot pass as a fast one). Listening before the press:
 * once pressed, d3's brush stops the moves from reaching later listeners.
 */
async function timedBrushes(page: Page): Promise<{ times: number[]; shown: string[][] }> {
  const times: number[] = [];
  const shown: string[][] = [];
  const clear = page.locator('#explore .selection-bar button');
  for (let attempt = 0; attempt < BRUSHES; attempt++) {
    if (await clear.isEnabled()) await clear.click();
    const { x, ticks } = await axisOnScreen(page, 'lr');
    const lr = { x, at01: ticks['0.01'], at001: ticks['0.001'] };
    await page.mouse.move(lr.x, lr.at01 - 5);
    await page.evaluate(() => {
      const timing = ((window as unknown as { brushTiming: { start: number; painted: number } }).brushTiming = { start: 0, painted: 0 });
      // Only a move with the button held: Chromium also sends moves of its own after the layout changes under
      // a still pointer (as after Clear), and timing one of those would time a frame with nothing to do.
      const dragged = (event: MouseEvent) => {
        if ((event.buttons & 1) === 0) return;
        removeEventListener('mousemove', dragged, { capture: true });
        timing.start = performance.now();
        requestAnimationFrame(() => setTimeout(() => (timing.painted = performance.now())));
      };
      addEventListener('mousemove', dragged, { capture: true });
    });
    await page.mouse.down();
    await page.mouse.move(lr.x, lr.at001 + 5);
    await page.mouse.up();
    await page.waitForFunction(() => (window as unknown as { brushTiming: { painted: number } }).brushTiming.painted > 0);
    const timing = await page.evaluate(() => (window as unknown as { brushTiming: { start: number; painted: number } }).brushTiming);
    times.push(timing.painted - timing.start);
    shown.push(await shownRows(page));
  }
  return { times, shown };
}

describe('an explorable report of 1,000 runs in Chromium', () => {
  const input = thousandRunSweepFixture();
  const { runs } = input;
  let directory: string;
  let opened: OpenedReport;

  beforeAll(async () => {
    directory = tempFolder('descent-explore-1000-');
    const started = performance.now();
    const markup = renderSweepReport(input);
    const island = /<script [^>]*id="explore-data"[^>]*>(.*?)<\/script>/s.exec(markup)![1];
    console.log(
      `1,000 runs × 200 points: rendered in ${Math.round(performance.now() - started)} ms; report ${(Buffer.byteLength(markup) / 1e6).toFixed(2)} MB, ` +
        `of which the data island ${Math.round(Buffer.byteLength(island) / 1024)} KiB`,
    );
    await writeFile(join(directory, 'thousand.html'), markup);
    opened = await openReport(join(directory, 'thousand.html'));
    await opened.page.setViewportSize({ width: 1300, height: 1000 });
  }, 120_000);

  afterAll(async () => {
    await opened?.close();
    if (directory) await rm(directory, { recursive: true, force: true });
  });

  it('is interactive within 1 s of opening, and a brush updates the table within 100 ms', async () => {
    const { page } = opened;
    // The best of three openings of the file (each a full load: read, parse, script): the limit is about what
    // the page costs, and this machine's two cores are shared with other work that adds its own delays.
    const openings: { start: number; ready: number }[] = [];
    for (let attempt = 0; attempt < 3; attempt++) {
      if (attempt > 0) await page.reload({ waitUntil: 'load' });
      await page.waitForFunction(() => performance.getEntriesByName('explore:ready').length === 1);
      // Marks count from the start of navigation, so they include reading and parsing the file.
      const [start, ready] = await page.evaluate(() => ['explore:start', 'explore:ready'].map((name) => performance.getEntriesByName(name)[0].startTime));
      openings.push({ start, ready });
    }
    const best = openings.reduce((a, b) => (b.ready < a.ready ? b : a));
    console.log(
      `page interactive after ${openings.map((opening) => Math.round(opening.ready)).join(', ')} ms (best: the page's script ran from ` +
        `${Math.round(best.start)} ms, ${Math.round(best.ready - best.start)} ms of it; before it, the browser read and parsed the static page)`,
    );
    expect(best.ready).toBeLessThanOrEqual(1000);

    const lrOf = (run: ReportRun) => Number(run.record.config.optimizer.lr);
    const expected = runs.filter((run) => lrOf(run) >= 0.001 && lrOf(run) <= 0.01).map((run) => run.record.runId).sort();
    expect(expected).toHaveLength(200);

    // 800 of 1,000 rows and lines leave the selection. The best of nine brushes, as for opening.
    const brushes = await timedBrushes(page);
    console.log(`brush → table and chart updated and painted in ${brushes.times.map(Math.round).join(', ')} ms`);
    expect(brushes.shown).toEqual(brushes.times.map(() => expected));
    expect(Math.min(...brushes.times)).toBeLessThanOrEqual(100);
    // The brush drew the learning curves of the selection too (the best configurations of the 200 runs).
    expect(await page.locator('[data-explore="learning-curves"] g.curve-mean path').count()).toBe(10);

    // Grouped by momentum, each brush regroups the curves of every selected run (10 groups over 200 to 1,000 runs).
    await page.getByLabel('Group runs by').selectOption('optimizer.momentum');
    const drawnBefore = await page.evaluate(() => performance.getEntriesByName('explore:curves').length);
    const grouped = await timedBrushes(page);
    const curves = await page.evaluate(() => performance.getEntriesByName('explore:curves').map((entry) => entry.duration));
    console.log(
      `grouped by momentum: brush → table, chart and grouped curves painted in ${grouped.times.map(Math.round).join(', ')} ms ` +
        `(drawing the curves: ${curves.slice(-BRUSHES).map(Math.round).join(', ')} ms)`,
    );
    expect(grouped.shown).toEqual(grouped.times.map(() => expected));
    // Each brush and each Clear drew the curves again (Clear: every run, grouped).
    expect(curves.length - drawnBefore).toBeGreaterThanOrEqual(BRUSHES);
    expect(Math.min(...grouped.times)).toBeLessThanOrEqual(100);
    expect(await page.locator('[data-explore="learning-curves"] g.curve-mean path').count()).toBe(10);
    expect(opened.problems).toEqual([]);
  }, 60_000);

  it('writes each tooltip once and puts it back on the mark the pointer enters', async () => {
    const { page } = opened;
    await page.reload({ waitUntil: 'load' });
    await page.waitForFunction(() => performance.getEntriesByName('explore:ready').length === 1);
    expect(await page.locator('.chart svg title').count()).toBe(0);
    // A bar of the time-to-target chart: a configuration and its mean examples to the target.
    const bar = page.locator('#time-to-target .axis-panel[data-axis="examples"] g[aria-label="bar"] rect[data-tip]').first();
    await bar.scrollIntoViewIfNeeded();
    await bar.hover();
    const title = await bar.evaluate((element) => element.querySelector(':scope > title')?.textContent ?? null);
    expect(title).toMatch(/^lr=[\d.e-]+ · momentum=[\d.]+ · batch=\d+ · mean examples seen to target [\d,]+ \(2 of 2 replicates reached it\)$/);
    // The fastest configuration's bar comes first: its label is the first row of the section's table.
    const firstRow = await page.locator('#time-to-target table.target-table tbody tr').first().locator('td').first().innerText();
    expect(title!.startsWith(`${firstRow} · `)).toBe(true);
    expect(opened.problems).toEqual([]);
  }, 30_000);
});
