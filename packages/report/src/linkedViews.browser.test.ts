import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { axisOnScreen, exploreSession } from './_exploreSession.js';
import { momentumSweepFixture } from './testing/sampleSweeps.js';
import type { ReportRun } from './types.js';

// Issue 19's linked selection for the views the server draws: the lr × momentum heatmap and the verdict table,
// in a real Chromium with real mouse and keyboard input. What the page should show is computed here from the
// run records, never read from the page's data island.

const input = momentumSweepFixture();
const lrOf = (run: ReportRun) => Number(run.record.config.optimizer.lr);
/** A record's configuration as the report labels it. */
const labelOf = ({ record }: ReportRun) => `lr=${record.config.optimizer.lr} · momentum=${record.config.optimizer.momentum} · batch=${record.config.train.batch_size}`;
const labels = [...new Set(input.runs.map(labelOf))];
const idsWhere = (test: (run: ReportRun) => boolean) => input.runs.filter(test).map((run) => run.record.runId).sort();

const HEATMAP = '[data-chart="metric-heatmap"]';
/** A heatmap cell by its configuration's label (the page's script labels each cell with it, then its value). */
const cell = (page: Page, label: string) => page.locator(`${HEATMAP} rect[aria-label^="${label}:"]`);

function visibleRows(page: Page): Promise<string[]> {
  return page.locator('#runs tbody tr').evaluateAll((rows) =>
    (rows as HTMLTableRowElement[]).filter((row) => row.getClientRects().length > 0).map((row) => row.id.replace(/^run-/, '')).sort(),
  );
}

/** The labels of the heatmap cells, and of the verdict table's rows, that are dimmed. */
async function dimmed(page: Page): Promise<{ cells: string[]; verdictRows: string[] }> {
  return page.evaluate(() => ({
    cells: [...document.querySelectorAll('[data-chart="metric-heatmap"] rect[tabindex].dimmed')].map((rect) => rect.getAttribute('aria-label')!.replace(/: .*$/, '')).sort(),
    verdictRows: [...document.querySelectorAll('table.verdict-table tbody tr.dimmed')].map((row) => (row as HTMLTableRowElement).cells[0].textContent!).sort(),
  }));
}

describe('the heatmap and the verdict table follow the selection (Chromium)', () => {
  const session = exploreSession(input, 'descent-linked-');

  it('a click on a heatmap cell shows exactly that configuration\'s runs in the table; a second click shows all again', async () => {
    const { page } = session.opened;
    expect(labels).toHaveLength(12);
    expect(await page.locator(`${HEATMAP} rect[tabindex="0"]`).count()).toBe(12);
    const label = 'lr=0.1 · momentum=0.9 · batch=8';
    const target = cell(page, label);
    await target.scrollIntoViewIfNeeded();
    // A corner of the cell: its centre holds the value's text (a click there picks too, tested below).
    await target.click({ position: { x: 4, y: 4 } });
    const expected = idsWhere((run) => labelOf(run) === label);
    expect(expected).toHaveLength(3);
    expect(await visibleRows(page)).toEqual(expected);
    expect(await page.locator('#explore .selection-bar .selection-text').innerText()).toBe(`3 of 36 runs selected: configuration ${label}`);
    expect(await target.getAttribute('class')).toContain('picked');
    // Every other cell is dimmed, and so is every other verdict row.
    const others = labels.filter((other) => other !== label).sort();
    const afterPick = await dimmed(page);
    expect(afterPick.cells).toEqual(others);
    const verdictLabels = await page.locator('table.verdict-table tbody tr td:first-child').allTextContents();
    expect(afterPick.verdictRows).toEqual(verdictLabels.filter((other) => other !== label).sort());

    // A click on the value written in another cell picks that cell's configuration.
    const second = 'lr=0.01 · momentum=0 · batch=64';
    const secondBox = (await cell(page, second).boundingBox())!;
    const centre = { x: secondBox.x + secondBox.width / 2, y: secondBox.y + secondBox.height / 2 };
    expect(await page.evaluate(({ x, y }) => document.elementFromPoint(x, y)?.tagName, centre)).toBe('text');
    await page.mouse.click(centre.x, centre.y);
    expect(await visibleRows(page)).toEqual(idsWhere((run) => labelOf(run) === second));

    await page.mouse.click(centre.x, centre.y);
    expect(await visibleRows(page)).toHaveLength(36);
    expect(await dimmed(page)).toEqual({ cells: [], verdictRows: [] });
  }, 30_000);

  it('picks a cell from the keyboard: Tab reaches the cells, Enter picks, Enter again drops the pick', async () => {
    const { page } = session.opened;
    const label = 'lr=1 · momentum=0 · batch=64';
    await cell(page, label).focus();
    expect(await page.evaluate(() => document.activeElement?.getAttribute('aria-label'))).toMatch(new RegExp(`^${label}: `));
    // Tab moves on to the next cell, Shift+Tab back: the cells are in the tab order.
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.getAttribute('role'))).toBe('button');
    await page.keyboard.press('Shift+Tab');
    await page.keyboard.press('Enter');
    expect(await visibleRows(page)).toEqual(idsWhere((run) => labelOf(run) === label));
    await page.keyboard.press('Enter');
    expect(await visibleRows(page)).toHaveLength(36);
  }, 30_000);

  it('brushing lr on the parallel coordinates dims the heatmap cells and verdict rows outside the range', async () => {
    const { page } = session.opened;
    const lr = await axisOnScreen(page, 'lr');
    const axis = { x: lr.x, at01: lr.ticks['0.1'], at001: lr.ticks['0.01'] };
    // From just above the 0.1 tick to just below the 0.01 tick: lr 0.01 and 0.1, not 1.
    await page.mouse.move(axis.x, axis.at01 - 10);
    await page.mouse.down();
    await page.mouse.move(axis.x, axis.at001 + 10, { steps: 6 });
    await page.mouse.up();
    expect(await visibleRows(page)).toEqual(idsWhere((run) => lrOf(run) >= 0.01 && lrOf(run) <= 0.1));

    const outside = [...new Set(input.runs.filter((run) => lrOf(run) > 0.1).map(labelOf))].sort();
    expect(outside).toHaveLength(4);
    const { cells, verdictRows } = await dimmed(page);
    expect(cells).toEqual(outside);
    const verdictLabels = await page.locator('table.verdict-table tbody tr td:first-child').allTextContents();
    expect(verdictRows).toEqual(verdictLabels.filter((label) => outside.includes(label)).sort());
    // Every dimmed mark of the heatmap (cells, outlines, values) belongs to a configuration outside the range.
    const dimmedMarks = await page.locator(`${HEATMAP} .dimmed`).count();
    expect(dimmedMarks).toBe(await page.locator(`${HEATMAP} [data-configuration]`).evaluateAll((marks, outsideLabels) => {
      const rects = [...document.querySelectorAll('[data-chart="metric-heatmap"] rect[tabindex]')];
      const outsideConfigurations = new Set(rects.filter((rect) => outsideLabels.includes(rect.getAttribute('aria-label')!.replace(/: .*$/, ''))).map((rect) => rect.getAttribute('data-configuration')));
      return marks.filter((mark) => outsideConfigurations.has(mark.getAttribute('data-configuration'))).length;
    }, outside));
    expect(dimmedMarks).toBeGreaterThanOrEqual(8);
  }, 30_000);
});
