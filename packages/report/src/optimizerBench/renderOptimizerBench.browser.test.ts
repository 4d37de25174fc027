import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { benchSummaryFixture } from '../testing/benchSummary.js';
import { benchTimingFixture } from '../testing/benchTiming.js';
import { openReport, type OpenedReport } from '../testing/browser.js';
import { renderOptimizerBench } from './renderOptimizerBench.js';

describe('the optimizer bench report in a real browser (Debian Chromium via playwright-core)', () => {
  let directory: string;
  let opened: OpenedReport;

  beforeAll(async () => {
    directory = await mkdtemp(join(tmpdir(), 'descent-bench-report-'));
    const path = join(directory, 'index.html');
    const summary = benchSummaryFixture({ curves: true, nobodyReaches: ['double-well'] });
    await writeFile(path, renderOptimizerBench(summary, benchTimingFixture(summary)));
    opened = await openReport(path);
    await opened.page.setViewportSize({ width: 1300, height: 900 });
  }, 60_000);

  afterAll(async () => {
    await opened?.close();
    if (directory) await rm(directory, { recursive: true, force: true });
  });

  it('opens from file:// with no console errors and no requests, the profile chart and every learning curve visible', async () => {
    const { page, problems } = opened;
    const profile = page.locator('#profile [data-chart="bench-profile"] svg');
    expect(await profile.isVisible()).toBe(true);
    const box = (await profile.boundingBox())!;
    expect(box.width).toBeGreaterThan(500);
    expect(box.height).toBeGreaterThan(300);
    // The charts themselves, not the small svgs of their legends' swatches.
    const curves = page.locator('#curves figure.bench-curve svg[viewBox="0 0 540 300"]');
    expect(await curves.count()).toBe(8);
    for (let i = 0; i < 8; i++) expect(await curves.nth(i).isVisible()).toBe(true);
    expect(await page.locator('#wall-time table.bench-wall-time').isVisible()).toBe(true);
    expect(problems).toEqual([]);
  }, 30_000);

  it('sorts the workloads × optimizers table by time to target, never-reached rows last', async () => {
    const { page, problems } = opened;
    await page.locator('table.bench-results thead th', { hasText: 'time to target' }).locator('button').click();
    const keys = await page.locator('table.bench-results tbody td.time').evaluateAll((cells) => cells.map((cell) => cell.getAttribute('data-sort')));
    const numbers = keys.filter((key) => key !== '').map(Number);
    expect(numbers.length).toBeGreaterThan(40);
    expect(numbers).toEqual(numbers.slice().sort((a, b) => a - b));
    expect(keys.slice(numbers.length).every((key) => key === '')).toBe(true);
    expect(problems).toEqual([]);
  }, 30_000);
});
