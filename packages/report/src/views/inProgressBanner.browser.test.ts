import { rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { tempFolder } from '@descent/runner/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderSweepReport } from '../renderSweepReport.js';
import { openReport, type OpenedReport } from '../testing/browser.js';
import { momentumSweepFixture } from '../testing/sampleSweeps.js';

// Issue 19, a sweep in progress: its report, rewritten while `exp run` works, reloads itself; the final one never does.

const finished = momentumSweepFixture();
const running = (done: number) => renderSweepReport({ ...finished, inProgress: { done, total: 8, reloadSeconds: 1 } });

describe('a report of a sweep in progress, in a real browser (Debian Chromium via playwright-core)', () => {
  let path: string;
  let opened: OpenedReport;
  let loads = 0;

  /** As `exp run` writes it: a temporary file renamed into place, so a reload never reads half a file. */
  async function rewrite(markup: string): Promise<void> {
    await writeFile(`${path}.tmp`, markup);
    await rename(`${path}.tmp`, path);
  }

  /** Loads of the page during the next `ms` milliseconds. */
  async function loadsWithin(ms: number): Promise<number> {
    const before = loads;
    await opened.page.waitForTimeout(ms);
    return loads - before;
  }

  const banner = () => opened.page.locator('header p.in-progress');

  beforeAll(async () => {
    path = join(tempFolder('descent-report-'), 'index.html');
    await rewrite(running(1));
    opened = await openReport(path);
    await opened.page.setViewportSize({ width: 1200, height: 700 });
    opened.page.on('load', () => loads++);
  }, 60_000);

  afterAll(async () => {
    await opened?.close();
  });

  it('reloads by itself, shows the runs done since, and keeps the URL hash and the scroll position', async () => {
    const { page } = opened;
    expect(await banner().innerText()).toContain('1 of 8 runs done');
    // A page's state kept in the hash, set after it opened (as a script does), and a reader scrolled down.
    await page.evaluate(() => {
      history.replaceState(null, '', '#state=lr-0.1');
      window.scrollTo(0, 1500);
    });
    await rewrite(running(5));
    // A reload already under way when the file was rewritten may still show the old page: wait for the one that
    // reads the new file (on a busy machine a reload can take longer than the page's 1 s interval).
    await expect.poll(async () => (await banner().count()) > 0 && (await banner().innerText()).includes('5 of 8 runs done'), { timeout: 10_000 }).toBe(true);
    expect(await page.evaluate(() => performance.getEntriesByType('navigation').map((entry) => (entry as PerformanceNavigationTiming).type))).toEqual(['reload']);
    expect(new URL(page.url()).hash).toBe('#state=lr-0.1');
    await expect.poll(() => page.evaluate(() => window.scrollY), { timeout: 2000 }).toBe(1500);
    // Every second, for as long as the page says the sweep runs.
    expect(await loadsWithin(3500)).toBeGreaterThanOrEqual(2);
    expect(opened.problems).toEqual([]);
  }, 30_000);

  it('stops reloading once the finished report replaces it', async () => {
    const { page } = opened;
    await rewrite(renderSweepReport(finished));
    // Loaded, and it is the finished page (the reload that reads the new file; one under way may show the old one).
    const finishedLoaded = () => page.evaluate(() => document.readyState === 'complete' && document.querySelector('header') !== null && document.querySelector('header p.in-progress') === null);
    await expect.poll(finishedLoaded, { timeout: 10_000 }).toBe(true);
    expect(await banner().count()).toBe(0);
    expect(await loadsWithin(3000)).toBe(0);
    expect(new URL(page.url()).hash).toBe('#state=lr-0.1');
    expect(opened.problems).toEqual([]);
  }, 30_000);

  it('a finished report opened afresh never reloads', async () => {
    const { page } = opened;
    await page.goto(`file://${path}`, { waitUntil: 'load' });
    expect(await loadsWithin(3000)).toBe(0); // counted after the goto's own load
    expect(opened.problems).toEqual([]);
  }, 30_000);
});
