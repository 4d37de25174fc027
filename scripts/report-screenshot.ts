// The picture of a report for the README: the top of the momentum sweep's report (the winner, the learning
// curves and the lr × momentum heatmap), saved as docs/report-momentum.png.
//
//   node --conditions=development --import tsx scripts/report-screenshot.ts            (from the repo root)
//   node --conditions=development --import tsx scripts/report-screenshot.ts --force    (redo every run first)
//
// It runs `pnpm exp run sweeps/momentum.yaml`, which trains only the runs the store does not have yet (none
// after the first time: then it just re-renders reports/momentum/index.html), and any extra arguments go to
// that command. Then it opens the report in Debian's Chromium ($DESCENT_CHROMIUM, else /usr/bin/chromium)
// and photographs the page from its top to the end of the heatmap section.

import { spawnSync } from 'node:child_process';
import { mkdirSync, statSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { openReport } from '../packages/report/src/testing/index.js';

const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '..');
const SWEEP = 'momentum';
/** The last section in the picture. */
const LAST_SECTION = 'metric-heatmap';
const output = join(repoRoot, 'docs', `report-${SWEEP}.png`);
/** Wide enough for two learning-curve charts side by side. */
const VIEWPORT = { width: 1240, height: 1400 };

const run = spawnSync(
  process.execPath,
  ['--conditions=development', '--import', 'tsx', join(repoRoot, 'packages/cli/src/bin.ts'), 'run', `sweeps/${SWEEP}.yaml`, ...process.argv.slice(2)],
  { cwd: repoRoot, env: { ...process.env, INIT_CWD: repoRoot }, stdio: 'inherit' },
);
if (run.status !== 0) {
  console.error(`report-screenshot: 'exp run sweeps/${SWEEP}.yaml' exited with ${run.status ?? run.signal}; no picture taken`);
  process.exit(1);
}

const opened = await openReport(join(repoRoot, 'reports', SWEEP, 'index.html'));
try {
  const { page, problems } = opened;
  await page.setViewportSize(VIEWPORT);
  const box = await page.locator(`section#${LAST_SECTION}`).boundingBox();
  if (box === null) throw new Error(`report-screenshot: the ${SWEEP} report has no #${LAST_SECTION} section to end the picture at`);
  mkdirSync(dirname(output), { recursive: true });
  await page.screenshot({ path: output, fullPage: true, clip: { x: 0, y: 0, width: VIEWPORT.width, height: Math.ceil(box.y + box.height) } });
  if (problems.length > 0) console.warn(`report-screenshot: the page reported problems:\n  ${problems.join('\n  ')}`);
  console.log(`report-screenshot: ${relative(process.cwd(), output)} (${Math.round(statSync(output).size / 1024)} KiB)`);
} finally {
  await opened.close();
}
