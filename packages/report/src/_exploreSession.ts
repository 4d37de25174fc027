import { rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { tempFolder } from '@descent/runner/testing';
import type { Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach, expect } from 'vitest';
import { renderSweepReport } from './renderSweepReport.js';
import { openReport, type OpenedReport } from './testing/browser.js';
import type { SweepReportInput } from './types.js';

/** A report open in Chromium for a describe block of browser tests: `opened` and the file's `url` once it is open. */
export interface ExploreSession {
  opened: OpenedReport;
  url: string;
}

/**
 * Registers the hooks of the explorable report's browser tests (call it inside `describe`): render `input` to a
 * temporary file and open it once; before each test, load the file afresh (nothing selected, the page script
 * ready); after each, no console errors, page errors or requests, whatever the test did; close and delete at the end.
 */
export function exploreSession(input: SweepReportInput, folderPrefix: string): ExploreSession {
  const session = {} as ExploreSession;
  let directory: string | undefined;
  beforeAll(async () => {
    directory = tempFolder(folderPrefix);
    const file = join(directory, 'momentum.html');
    await writeFile(file, renderSweepReport(input));
    session.url = pathToFileURL(file).href;
    session.opened = await openReport(file);
    await session.opened.page.setViewportSize({ width: 1300, height: 1000 });
  }, 60_000);
  beforeEach(async () => {
    await session.opened.page.goto(session.url, { waitUntil: 'load' });
    await session.opened.page.waitForFunction(() => performance.getEntriesByName('explore:ready').length === 1);
  });
  afterEach(() => {
    expect(session.opened.problems).toEqual([]);
  });
  afterAll(async () => {
    await session.opened?.close();
    if (directory) await rm(directory, { recursive: true, force: true });
  });
  return session;
}

/**
 * Where an axis of the parallel coordinates (titled `axis`, e.g. 'lr') is on screen once the chart is scrolled to
 * the middle: its x, and the y of each of its tick labels by text. Measured anew by each caller, since what the
 * page shows above the chart changes its position.
 */
export async function axisOnScreen(page: Page, axis: string): Promise<{ x: number; ticks: Record<string, number> }> {
  await page.evaluate(() => document.querySelector('[data-explore="parallel-coordinates"]')!.scrollIntoView({ block: 'center' }));
  return page.evaluate((title) => {
    const texts = [...document.querySelectorAll('[data-explore="parallel-coordinates"] svg text')] as SVGTextElement[];
    const heading = texts.find((text) => text.textContent === title)!.getBoundingClientRect();
    const x = heading.left + heading.width / 2;
    const ticks: Record<string, number> = {};
    for (const text of texts) {
      const box = text.getBoundingClientRect();
      if (box.right <= x && box.right > x - 20) ticks[text.textContent!] = box.top + box.height / 2;
    }
    return { x, ticks };
  }, axis);
}

/**
 * Brush an axis of the parallel coordinates (titled `axis`, e.g. 'lr') with the mouse, from just above its
 * `top` tick to just below its `bottom` one.
 */
export async function brushAxis(page: Page, axis: string, top: string, bottom: string): Promise<void> {
  const at = await axisOnScreen(page, axis);
  await page.mouse.move(at.x, at.ticks[top] - 10);
  await page.mouse.down();
  await page.mouse.move(at.x, at.ticks[bottom] + 10, { steps: 6 });
  await page.mouse.up();
}
