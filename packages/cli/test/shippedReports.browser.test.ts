import { spawn } from 'node:child_process';
import { cpSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { sweepReportSections } from '@descent/report';
import { openReport } from '@descent/report/testing';
import { RunStore } from '@descent/runner';
import { tempFolder } from '@descent/runner/testing';
import { beforeAll, describe, expect, it } from 'vitest';
import { reportInput } from '../src/reports.js';
import { cliBin } from './_exp.js';

/**
 * The SHIPPED sweeps, run by the real `exp` command in a child process, and their reports opened from disk
 * in headless Chromium: every section the reporter promises is there with its chart, and nothing errs or
 * reaches for the network. Slow by nature (the sweeps really train): allow two minutes per step.
 */

const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));

/** The shipped sweeps this test runs: the fast ones (a few seconds to a few tens of seconds each). */
const SWEEPS = ['landscapes', 'learning-rate', 'tuning'] as const;
const SLOW = { timeout: 120_000 };

/** A temporary workspace holding a copy of the shipped sweeps and plugins, as a user's checkout would (removed afterwards). */
function copyOfShippedSweeps(): string {
  const root = tempFolder('descent-shipped-');
  mkdirSync(join(root, 'experiments'), { recursive: true });
  cpSync(join(repoRoot, 'experiments', 'sweeps'), join(root, 'experiments', 'sweeps'), { recursive: true });
  cpSync(join(repoRoot, 'experiments', 'plugins'), join(root, 'experiments', 'plugins'), { recursive: true });
  writeFileSync(join(root, 'package.json'), '{}\n');
  return root;
}

/** `exp run sweeps/<name>.yaml` as a real process typed in `root`; resolves with its exit code and output. */
function runSweep(root: string, name: string): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [cliBin, 'run', `sweeps/${name}.yaml`], {
      cwd: root,
      env: { ...process.env, DESCENT_ROOT: root, INIT_CWD: root },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, output }));
  });
}

describe('reports of the shipped sweeps in a real browser', SLOW, () => {
  let root: string;

  beforeAll(async () => {
    root = copyOfShippedSweeps();
    for (const name of SWEEPS) {
      const { code, output } = await runSweep(root, name);
      expect(code, `exp run sweeps/${name}.yaml\n${output}`).toBe(0);
    }
  }, 240_000);

  it.each(SWEEPS)('%s: every section has its chart, with no console error, page error or request', async (name) => {
    const input = reportInput(new RunStore(join(root, 'experiments', 'runs')), name);
    expect(input, `no stored sweep '${name}'`).not.toBeNull();
    const sections = sweepReportSections(input!);
    expect(sections.map((section) => section.id)).toContain('learning-curves');
    if (name === 'landscapes') expect(sections.map((section) => section.id)).toContain('landscapes');
    if (name === 'learning-rate') expect(sections.map((section) => section.id)).toEqual(expect.arrayContaining(['lr-sensitivity', 'time-to-target']));
    if (name === 'tuning') expect(sections.map((section) => section.id)).toEqual(expect.arrayContaining(['search', 'pruning']));
    if (name === 'tuning') expect(sections.map((section) => section.id)).toContain('importance');

    const opened = await openReport(join(root, 'reports', name, 'index.html'));
    try {
      const { page, problems } = opened;
      await page.setViewportSize({ width: 1280, height: 1400 });
      for (const section of sections) {
        const element = page.locator(`section#${section.id}`);
        expect(await element.count(), section.id).toBe(1);
        if (!section.hasChart) continue;
        expect(await element.locator('svg').count(), `${section.id} has a chart`).toBeGreaterThan(0);
        expect(await element.locator('svg').first().isVisible(), `${section.id}: its first chart is visible`).toBe(true);
      }
      const screenshot = join(root, `${name}.png`);
      await page.screenshot({ path: screenshot, fullPage: true });
      console.log(`shipped report ${name}: ${screenshot}`);
      expect(problems).toEqual([]);
    } finally {
      await opened.close();
    }
  });
});
