import { renderSweepReport } from './renderSweepReport.js';
import { makeReportRun, makeSweepInput } from './testing/fixtures.js';
const runs = [];
for (let i = 0; i < 10; i++) for (let j = 0; j < 10; j++) for (const batchSize of [8, 16, 32, 64, 128]) for (let replicate = 0; replicate < 2; replicate++) {
  const lr = 1e-4 * 10 ** (i / 2.25); const momentum = j / 10; const effective = lr / (1 - momentum);
  runs.push(makeReportRun({ lr, momentum, batchSize, replicate, points: 200, epochs: Number(process.env.EPOCHS ?? 10),
    finalMetric: 0.05 + Math.abs(Math.log10(effective) + 1) * 0.1 + 0.002 * replicate + batchSize / 5000, status: effective > 2 ? 'diverged' : 'finished' }));
}
const t = performance.now();
const markup = renderSweepReport(makeSweepInput({ varied: ['optimizer.lr', 'optimizer.momentum', 'train.batch_size'], runs }));
const island = /<script type="application\/json" id="explore-data">(.*?)<\/script>/s.exec(markup)![1];
const data = JSON.parse(island);
const part = (f: (d: any) => unknown) => Math.round(JSON.stringify(f(data)).length / 1024);
console.log(`render ${Math.round(performance.now() - t)} ms, report ${(markup.length / 1e6).toFixed(2)} MB, island ${Math.round(island.length / 1024)} KiB: curves x ${part((d) => d.configurations.map((c: any) => c.curveX))} KiB, run curves ${part((d) => d.runs.map((r: any) => r.curve))} KiB, config ${part((d) => [d.config, d.configurations.map((c: any) => c.config)])} KiB`);
console.log(data.runs[0].curve, data.configurations[0].curveX);
