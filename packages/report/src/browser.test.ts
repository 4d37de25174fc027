import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderSweepReport, sweepReportSections } from './renderSweepReport.js';
import { openReport, type OpenedReport } from './testing/browser.js';
import { landscapeSweepFixture, momentumSweepFixture, searchSweepFixture } from './testing/sampleSweeps.js';

const momentum = momentumSweepFixture();
const momentumCharts = sweepReportSections(momentum).filter((section) => section.hasChart).map((section) => section.id);

describe('reports in a real browser (Debian Chromium via playwright-core)', () => {
  let directory: string;
  let opened: OpenedReport;

  beforeAll(async () => {
    directory = await mkdtemp(join(tmpdir(), 'descent-report-'));
    await writeFile(join(directory, 'momentum.html'), renderSweepReport(momentum));
    await writeFile(join(directory, 'landscapes.html'), renderSweepReport(landscapeSweepFixture()));
    await writeFile(join(directory, 'search.html'), renderSweepReport(searchSweepFixture()));
    opened = await openReport(join(directory, 'momentum.html'));
    await opened.page.setViewportSize({ width: 1200, height: 900 });
  }, 60_000);

  afterAll(async () => {
    await opened?.close();
    if (directory) await rm(directory, { recursive: true, force: true });
  });

  it('shows a chart in every section, and the x-axis switch works without errors', async () => {
    const { page } = opened;
    expect(momentumCharts).toHaveLength(7);
    for (const id of momentumCharts) {
      expect(await page.locator(`section#${id} svg`).count(), id).toBeGreaterThan(0);
      expect(await page.locator(`section#${id} svg`).first().isVisible(), id).toBe(true);
    }
    // The verdict's table of comparisons is plain HTML: open and readable without any script.
    expect(await page.locator('#winner table.verdict-table').isVisible()).toBe(true);
    expect(await page.locator('#winner table.verdict-table tbody tr').count()).toBe(8);
    const panel = (axis: string) => page.locator(`#learning-curves .axis-panel[data-axis="${axis}"] svg`).last();
    expect(await panel('examples').isVisible()).toBe(true);
    expect(await panel('steps').isVisible()).toBe(false);
    await page.locator('#learning-curves label', { hasText: 'steps' }).click();
    expect(await panel('steps').isVisible()).toBe(true);
    expect(await panel('examples').isVisible()).toBe(false);
  }, 30_000);

  it('sorts the table of runs when a header is clicked', async () => {
    const { page } = opened;
    const firstColumn = () => page.locator('#runs tbody tr td:first-child').allTextContents();
    const headers = await page.locator('#runs thead th').allTextContents();
    const metricIndex = headers.findIndex((text) => text.trim() === 'final train_loss');
    expect(metricIndex).toBeGreaterThan(0);
    const metricColumn = () =>
      page
        .locator('#runs tbody tr')
        .evaluateAll(
          // As the sort script reads a cell: its data-sort, else its text (a cell whose text is the number carries no data-sort).
          (rows, index) =>
            rows.map((row) => {
              const cell = (row as HTMLTableRowElement).cells[index];
              return cell.getAttribute('data-sort') ?? cell.textContent!.trim();
            }),
          metricIndex,
        );
    const before = await firstColumn();
    await page.locator('#runs thead th', { hasText: 'final train_loss' }).locator('button').click();
    const after = await firstColumn();
    expect(after).not.toEqual(before);
    expect(after.slice().sort()).toEqual(before.slice().sort());
    // Ascending, with runs that have no final metric (diverged, failed) last.
    const values = await metricColumn();
    const keys = values.map((value) => (value === '' ? NaN : Number(value)));
    const numbers = keys.filter((key) => !Number.isNaN(key));
    expect(numbers.length).toBeGreaterThan(0);
    expect(numbers).toEqual(numbers.slice().sort((a, b) => a - b));
    expect(keys.slice(numbers.length).every((key) => Number.isNaN(key))).toBe(true);
    expect(await page.locator('#runs thead th[aria-sort="ascending"]').textContent()).toContain('final train_loss');
  }, 30_000);

  it('opens a landscape report and saves a screenshot, with no console errors or requests', async () => {
    const { page, problems } = opened;
    await page.goto(`file://${join(directory, 'landscapes.html')}`, { waitUntil: 'load' });
    expect(await page.locator('#landscapes figure svg g[aria-label="contour"]').count()).toBe(2);
    expect(await page.locator('#landscapes figure').first().isVisible()).toBe(true);
    const screenshot = join(directory, 'landscapes.png');
    await page.screenshot({ path: screenshot, fullPage: true });
    console.log(`report screenshot: ${screenshot}`);
    expect(problems).toEqual([]);
  }, 30_000);

  it('opens a bayes search with pruned runs: its charts show and the pruning ledger sorts, with no console errors', async () => {
    const { page, problems } = opened;
    await page.goto(`file://${join(directory, 'search.html')}`, { waitUntil: 'load' });
    // Two best-so-far charts and three proposal pairs.
    expect(await page.locator('#search svg').count()).toBeGreaterThanOrEqual(5);
    expect(await page.locator('#search [data-chart="search-best-by-examples"] svg').isVisible()).toBe(true);
    const saved = () => page.locator('#pruning tbody tr td:nth-child(12)').evaluateAll((cells) => cells.map((cell) => Number(cell.getAttribute('data-sort'))));
    await page.locator('#pruning thead th', { hasText: 'saved' }).locator('button').click();
    const ascending = await saved();
    expect(ascending).toHaveLength(8);
    expect(ascending).toEqual(ascending.slice().sort((a, b) => a - b));
    expect(problems).toEqual([]);
  }, 30_000);
});
