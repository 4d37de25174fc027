import { rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { tempFolder } from '@descent/runner/testing';
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
