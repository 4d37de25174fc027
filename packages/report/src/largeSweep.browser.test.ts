import { rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { tempFolder } from '@descent/runner/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderSweepReport } from './renderSweepReport.js';
import { openReport, type OpenedReport } from './testing/browser.js';
import { largeRandomSearchFixture } from './testing/sampleSweeps.js';

// The page of a sweep with more runs than it draws (pageSample.ts) loads in Chromium without an error, and its
// script links the sampled table, the explore view and the summaries that still cover every run.

describe('the report of a 10,000-run random search in Chromium', () => {
  let directory: string;
  let opened: OpenedReport;

  beforeAll(async () => {
    directory = tempFolder('descent-large-sweep-');
    await writeFile(join(directory, 'large.html'), renderSweepReport(largeRandomSearchFixture(10_000)));
    opened = await openReport(join(directory, 'large.html'));
  }, 180_000);

  afterAll(async () => {
    await opened?.close();
    if (directory) await rm(directory, { recursive: true, force: true });
  });

  it('loads without errors, draws the sampled runs and says it sampled them', async () => {
    const { page } = opened;
    await page.waitForFunction(() => performance.getEntriesByName('explore:ready').length === 1, undefined, { timeout: 30_000 });
    const rows = await page.locator('#runs tbody tr').count();
    expect(rows).toBeGreaterThan(1900);
    expect(rows).toBeLessThanOrEqual(2000);
    // Parallel coordinates: a line per drawn run.
    expect(await page.locator('[data-explore="parallel-coordinates"] svg').count()).toBeGreaterThan(0);
    await expect(page.locator('header .note').first().innerText()).resolves.toMatch(/^10,000 runs are more than a page can draw one by one\./);
    // A click on a row picks its configuration: the table then shows that configuration's run only.
    const first = page.locator('#runs tbody tr').first();
    await first.scrollIntoViewIfNeeded();
    await first.click();
    await page.waitForFunction(() => [...document.querySelectorAll('#runs tbody tr')].filter((row) => row.getClientRects().length > 0).length === 1);
    expect(opened.problems).toEqual([]);
  }, 90_000);
});
