// Where a 1,000-run report's render time and bytes go, view by view (issue 19's limits: 1.5 MB, 2 s), on the
// fixture of the report's performance tests (`thousandRunSweepFixture`: 1,000 runs × 200 logged points).
//
//   node --conditions=development --import tsx scripts/report-profile.ts        (from the repo root)
//
// Times are CPU milliseconds of this process (user + system), steadier than wall time on a shared machine; the
// whole render is timed once after a warm-up render. For where the time goes inside a view, add --cpu-prof.

import { VIEWS } from '../packages/report/src/_reportPage.js';
import { clientScript } from '../packages/report/src/explore/clientBundle.js';
import { exploreIsland } from '../packages/report/src/explore/exploreIsland.js';
import { sweepModel } from '../packages/report/src/reportModel.js';
import { renderSweepReport } from '../packages/report/src/renderSweepReport.js';
import { thousandRunSweepFixture } from '../packages/report/src/testing/index.js';

function cpuMs<T>(work: () => T): { result: T; ms: number } {
  const start = process.cpuUsage();
  const result = work();
  const used = process.cpuUsage(start);
  return { result, ms: (used.user + used.system) / 1000 };
}

const input = thousandRunSweepFixture();
renderSweepReport(input);
const whole = cpuMs(() => renderSweepReport(input));
console.log(`whole report: ${Math.round(whole.ms)} ms CPU, ${(Buffer.byteLength(whole.result) / 1e6).toFixed(3)} MB`);
const model = cpuMs(() => sweepModel(input));
console.log(`${'model'.padEnd(18)} ${String(Math.round(model.ms)).padStart(5)} ms`);
const parts = [
  ...VIEWS.filter((view) => view.applies(model.result)).map((view) => ({ name: view.id, render: () => String(view.render(model.result)) })),
  { name: 'data island', render: () => String(exploreIsland(model.result)) },
  { name: 'page script', render: () => String(clientScript()) },
];
for (const { name, render } of parts) {
  const { result, ms } = cpuMs(render);
  console.log(`${name.padEnd(18)} ${String(Math.round(ms)).padStart(5)} ms ${String(Math.round(Buffer.byteLength(result) / 1024)).padStart(6)} KiB`);
}
