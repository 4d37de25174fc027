import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type BrowserContext, type Page } from 'playwright-core';

/**
 * Open a report in Debian's Chromium through playwright-core (which never downloads a browser), and collect
 * everything that went wrong: console errors, uncaught page errors, failed requests, and any request that
 * is not a local file (a report must work offline, so even a successful remote request is a problem).
 */

/** Where Chromium lives: $DESCENT_CHROMIUM, else Debian's /usr/bin/chromium. */
export function chromiumPath(): string {
  return process.env.DESCENT_CHROMIUM ?? '/usr/bin/chromium';
}

/** Flags for a headless Chromium in a container on a closed network (without the networking ones it floods it). */
export const CHROMIUM_ARGS: readonly string[] = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export interface OpenedReport {
  page: Page;
  context: BrowserContext;
  /** Console errors, page errors, failed and non-file requests, in the order they happened. */
  problems: string[];
  /** Close the browser and delete its profile directory. */
  close(): Promise<void>;
}

/** Launch Chromium with a throw-away profile (launch() rejects --user-data-dir; a persistent context takes one). */
export async function launchChromium(): Promise<{ context: BrowserContext; close(): Promise<void> }> {
  const executablePath = chromiumPath();
  // Said plainly here: playwright's own error is a long "Executable doesn't exist" about a browser it downloads.
  if (!existsSync(executablePath)) {
    throw new Error(`Chromium is not installed at ${executablePath}: run 'bash scripts/setup-test-env.sh' (as root) from the repo root, or set DESCENT_CHROMIUM`);
  }
  const profile = await mkdtemp(join(tmpdir(), 'descent-chromium-'));
  let context: BrowserContext;
  try {
    context = await chromium.launchPersistentContext(profile, { executablePath, headless: true, args: [...CHROMIUM_ARGS] });
  } catch (error) {
    await rm(profile, { recursive: true, force: true });
    throw error;
  }
  return {
    context,
    async close() {
      await context.close();
      await rm(profile, { recursive: true, force: true });
    },
  };
}

/** Open an HTML file from disk via file:// and watch it for problems until `close()`. */
export async function openReport(htmlPath: string): Promise<OpenedReport> {
  const { context, close } = await launchChromium();
  const problems: string[] = [];
  await context.route('**/*', async (route) => {
    const url = route.request().url();
    if (url.startsWith('file://')) return route.continue();
    problems.push(`request to a non-file URL: ${url}`);
    return route.abort();
  });
  const page = context.pages()[0] ?? (await context.newPage());
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(`console error: ${message.text()}`);
  });
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  page.on('requestfailed', (request) => problems.push(`request failed: ${request.url()} (${request.failure()?.errorText ?? 'unknown'})`));
  await page.goto(pathToFileURL(htmlPath).href, { waitUntil: 'load' });
  return { page, context, problems, close };
}
