// The pictures of reports in the README, each made by running the command that writes the report and
// photographing the page from its top to the end of one section:
//   momentum          `exp run sweeps/momentum.yaml` → docs/report-momentum.png (the winner, the learning curves
//                     and the lr × momentum heatmap)
//   optimizers-bench  `exp optimizers bench` of the shipped plugins (signum, lion) → docs/optimizers-bench.png
//                     (their answers and the performance profile)
//   explore           `exp run sweeps/momentum.yaml` → docs/report-explore.png (the parallel coordinates alone,
//                     with the learning rates from 0.01 to 0.1 brushed by the mouse, and the selection bar;
//                     below it the "Group runs by" control and the run diff's hint)
//   curves            the same report → docs/report-curves.png (the learning curves, grouped by momentum from
//                     the "Group runs by" control, after that brush: the page's own chart of the selection)
//   run-diff          the same report → docs/report-run-diff.png (two runs shift-clicked in the table of runs,
//                     side by side: their settings, the differences marked, and their curves)
//
//   node --conditions=development --import tsx scripts/report-screenshot.ts [picture …]    (from the repo root; all by default)
//
// The commands train only what the run store does not have yet (the first time: about 15 s for the sweep, a
// couple of minutes for the bench's baselines), then re-render the report. The page opens in Debian's Chromium
// ($DESCENT_CHROMIUM, else /usr/bin/chromium).

import { spawnSync } from 'node:child_process';
import { mkdirSync, statSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import { openReport } from '../packages/report/src/testing/index.js';

const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '..');

interface Picture {
  /** The `exp` command that writes the report. */
  command: string[];
  report: string;
  /** The last section in the picture. */
  lastSection: string;
  output: string;
  /** Wide enough for the report's widest chart row. */
  viewport: { width: number; height: number };
  /** Photograph this section alone (scrolled into view) instead of the page from its top. */
  only?: boolean;
  /** What to do on the page first, with the real mouse. */
  interact?: (page: Page) => Promise<void>;
  /** With `only`: photograph this element of the section instead of the whole section. */
  element?: string;
}

/** Drag a brush along the lr axis of the parallel coordinates, from just above its 0.1 tick to just below its 0.01 tick. */
async function brushLearningRates(page: Page): Promise<void> {
  await page.waitForFunction(() => performance.getEntriesByName('explore:ready').length === 1);
  await page.locator('#explore').scrollIntoViewIfNeeded();
  const texts = page.locator('[data-explore="parallel-coordinates"] svg text');
  const centre = async (text: string) => {
    const box = (await texts.filter({ hasText: new RegExp(`^${text.replace('.', '\\.')}$`) }).first().boundingBox())!;
    return { x: box.x + box.width / 2, y: box.y + box.height / 2 };
  };
  const axis = await centre('lr');
  const [high, low] = [await centre('0.1'), await centre('0.01')];
  await page.mouse.move(axis.x, high.y - 8);
  await page.mouse.down();
  await page.mouse.move(axis.x, low.y + 8, { steps: 6 });
  await page.mouse.up();
  await page.mouse.move(5, 5);
}

/** After the lr brush, group the curves by momentum with the page's own control. */
async function groupByMomentum(page: Page): Promise<void> {
  await brushLearningRates(page);
  await page.getByLabel('Group runs by').selectOption('optimizer.momentum');
  await page.locator('[data-explore="learning-curves"] g.curve-mean path').first().waitFor();
  await page.locator('#learning-curves').scrollIntoViewIfNeeded();
}

/** Shift-click two rows of the table of runs: the best run at lr 0.1 and one at lr 0.01 with the other momentum. */
async function diffTwoRuns(page: Page): Promise<void> {
  await page.waitForFunction(() => performance.getEntriesByName('explore:ready').length === 1);
  const rows = page.locator('#runs tbody tr');
  const ids = await rows.evaluateAll((all) => all.map((row) => row.id.replace(/^run-/, '')));
  await page.keyboard.down('Shift');
  for (const id of [ids[0], ids[ids.length - 1]]) await page.locator(`#runs tbody tr[id="run-${id}"] td`).nth(2).click();
  await page.keyboard.up('Shift');
  await page.locator('#explore table.run-diff').first().waitFor();
  // Clear of the sticky selection bar.
  await page.evaluate(() => scrollBy(0, document.querySelector('[data-explore="run-diff"]')!.getBoundingClientRect().top - 80));
  await page.mouse.move(5, 5);
}

/** The momentum sweep's report, which several pictures show in different states. */
const MOMENTUM_REPORT = { command: ['run', 'sweeps/momentum.yaml'], report: 'reports/momentum/index.html' };

/** One section of the momentum report alone, after `interact`. */
function momentumSection(lastSection: string, output: string, interact: (page: Page) => Promise<void>, element?: string): Picture {
  return { ...MOMENTUM_REPORT, lastSection, output, viewport: { width: 1240, height: 1000 }, only: true, interact, element };
}

const PICTURES: Readonly<Record<string, Picture>> = {
  momentum: {
    ...MOMENTUM_REPORT,
    lastSection: 'metric-heatmap',
    output: 'docs/report-momentum.png',
    viewport: { width: 1240, height: 1400 },
  },
  'optimizers-bench': {
    command: ['optimizers', 'bench', 'experiments/plugins/signum.ts', '@descent/optim-lion'],
    report: 'reports/optimizers-bench/signum-lion/index.html',
    lastSection: 'profile',
    output: 'docs/optimizers-bench.png',
    viewport: { width: 1000, height: 1000 },
  },
  explore: momentumSection('explore', 'docs/report-explore.png', brushLearningRates),
  curves: momentumSection('learning-curves', 'docs/report-curves.png', groupByMomentum),
  'run-diff': momentumSection('explore', 'docs/report-run-diff.png', diffTwoRuns, '[data-explore="run-diff"]'),
};

async function photograph(name: string, picture: Picture): Promise<void> {
  const run = spawnSync(process.execPath, ['--conditions=development', '--import', 'tsx', join(repoRoot, 'packages/cli/src/bin.ts'), ...picture.command], {
    cwd: repoRoot,
    env: { ...process.env, INIT_CWD: repoRoot },
    stdio: 'inherit',
  });
  if (run.status !== 0) throw new Error(`report-screenshot: 'exp ${picture.command.join(' ')}' exited with ${run.status ?? run.signal}; no picture of ${name} taken`);
  const opened = await openReport(join(repoRoot, picture.report));
  try {
    const { page, problems } = opened;
    await page.setViewportSize(picture.viewport);
    const section = page.locator(`section#${picture.lastSection}`);
    if ((await section.count()) === 0) throw new Error(`report-screenshot: ${picture.report} has no #${picture.lastSection} section to end the picture at`);
    await picture.interact?.(page);
    const output = join(repoRoot, picture.output);
    mkdirSync(dirname(output), { recursive: true });
    if (picture.element !== undefined) {
      // Where `interact` scrolled it (an element's own screenshot scrolls it to the top, under the sticky selection bar).
      await page.screenshot({ path: output, clip: (await section.locator(picture.element).boundingBox())! });
    } else if (picture.only) await section.screenshot({ path: output });
    else {
      // Measured after scrolling back: boundingBox is relative to the viewport.
      await page.evaluate(() => scrollTo(0, 0));
      const box = (await section.boundingBox())!;
      await page.screenshot({ path: output, fullPage: true, clip: { x: 0, y: 0, width: picture.viewport.width, height: Math.ceil(box.y + box.height) } });
    }
    if (problems.length > 0) console.warn(`report-screenshot: the page reported problems:\n  ${problems.join('\n  ')}`);
    console.log(`report-screenshot: ${relative(process.cwd(), output)} (${Math.round(statSync(output).size / 1024)} KiB)`);
  } finally {
    await opened.close();
  }
}

const asked = process.argv.slice(2);
const unknown = asked.filter((name) => !Object.hasOwn(PICTURES, name));
if (unknown.length > 0) {
  console.error(`report-screenshot: no picture ${unknown.join(', ')}; expected ${Object.keys(PICTURES).join(', ')}`);
  process.exit(2);
}
for (const name of asked.length > 0 ? asked : Object.keys(PICTURES)) await photograph(name, PICTURES[name]);
