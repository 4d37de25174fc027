import { rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { tempFolder } from '@descent/runner/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderSweepReport } from './renderSweepReport.js';
import { probeInFirefox } from './testing/firefox.js';
import { momentumSweepFixture } from './testing/sampleSweeps.js';

// Issue 19: the reports use nothing that Firefox ESR lacks. The Chromium tests drive the page with real input; this
// one opens a report in Firefox ESR with a selection and a grouping in its address, which runs the whole page
// script (the island, the parallel coordinates, the selection, the table, the client-drawn curves) there.

describe('an explorable report in Firefox ESR', { timeout: 120_000 }, () => {
  const input = momentumSweepFixture();
  let directory: string;
  let file: string;

  beforeAll(async () => {
    directory = tempFolder('descent-firefox-report-');
    file = join(directory, 'momentum.html');
    await writeFile(file, renderSweepReport(input));
  });
  afterAll(async () => {
    if (directory) await rm(directory, { recursive: true, force: true });
  });

  it('restores a selection and a grouping from the address, draws them, and reports no error', async () => {
    const probe = `
      const visible = [...doc.querySelectorAll('table.runs tbody tr')].filter((row) => !row.hidden);
      return {
        rows: visible.map((row) => row.id.slice('run-'.length)).sort(),
        bar: doc.querySelector('#explore .selection-bar .selection-text')?.textContent ?? null,
        lines: doc.querySelectorAll('[data-explore="parallel-coordinates"] svg path').length,
        legend: [...doc.querySelectorAll('.curve-legend button')].map((button) => button.dataset.label),
        curves: doc.querySelectorAll('.explore-curves .curve-mean path, .explore-curves path.curve-mean').length,
      };`;
    const { result, errors, version } = await probeInFirefox(file, '#explore:optimizer.lr=0.005..0.02&group=optimizer.momentum', probe);
    console.log(`Firefox: ${version}`);
    expect(version).toMatch(/Firefox \d+/);
    expect(errors).toEqual([]);
    const shown = result as { rows: string[]; bar: string; lines: number; legend: string[]; curves: number };
    const expected = input.runs.filter((run) => run.record.config.optimizer.lr === 0.01).map((run) => run.record.runId).sort();
    expect(expected).toHaveLength(12);
    expect(shown.rows).toEqual(expected);
    expect(shown.bar).toMatch(/^12 of 36 runs selected: lr /);
    expect(shown.lines).toBeGreaterThan(0);
    // Grouped by momentum (0 and 0.9), the selected runs' curves: one legend entry and one mean line per group.
    expect(shown.legend).toEqual(['momentum=0', 'momentum=0.9']);
    expect(shown.curves).toBeGreaterThanOrEqual(1);
  });
});
