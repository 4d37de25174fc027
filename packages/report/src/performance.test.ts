import { describe, expect, it } from 'vitest';
import { renderSweepReport } from './renderSweepReport.js';
import { makeReportRun, makeSweepInput } from './testing/fixtures.js';
import type { ReportRun } from './types.js';

describe('renderSweepReport speed', () => {
  it('renders 300 runs × 200 logged points in seconds', () => {
    // 10 learning rates × 5 momenta × 2 batch sizes × 3 replicates = 300 runs.
    const runs: ReportRun[] = [];
    for (let i = 0; i < 10; i++) {
      for (const momentum of [0, 0.5, 0.8, 0.9, 0.99]) {
        for (const batchSize of [16, 128]) {
          for (let replicate = 0; replicate < 3; replicate++) {
            const lr = 0.001 * 2 ** i;
            runs.push(
              makeReportRun({
                lr,
                momentum,
                batchSize,
                replicate,
                points: 200,
                finalMetric: 0.05 + Math.abs(Math.log10(lr / (1 - momentum)) + 1) * 0.1 + 0.001 * replicate,
                status: lr / (1 - momentum) > 20 ? 'diverged' : 'finished',
                stepsToTarget: replicate === 0 ? 500 : null,
                metric: { name: 'train_loss', goal: 'minimize', target: 0.2 },
              }),
            );
          }
        }
      }
    }
    const input = makeSweepInput({
      varied: ['optimizer.lr', 'optimizer.momentum', 'train.batch_size'],
      runs,
      metric: { name: 'train_loss', goal: 'minimize', target: 0.2 },
    });
    const started = performance.now();
    const markup = renderSweepReport(input);
    const elapsed = performance.now() - started;
    console.log(`300 runs × 200 points rendered in ${Math.round(elapsed)} ms (${Math.round(markup.length / 1024)} KiB)`);
    expect(markup).toContain('id="metric-heatmap"');
    expect(elapsed).toBeLessThan(15_000);
  }, 30_000);
});
