import { parseHTML } from 'linkedom';
import { MAX_COLOURED_SERIES } from '../palette.js';
import { describe, expect, it } from 'vitest';
import { renderSweepReport } from '../renderSweepReport.js';
import { makeReportRun, makeSweepInput } from '../testing/fixtures.js';
import { landscapeSweepFixture, momentumSweepFixture } from '../testing/sampleSweeps.js';

const parse = (markup: string) => parseHTML(markup).document;

/**
 * The x value of each vertex of each drawn line ('M x,y L x,y L ...'), read back through the x-axis's tick labels
 * (a linear axis: two ticks fix it). Vertices no screen would show are dropped (simplifyPath.ts); those drawn are
 * data points, at their data's x.
 */
function lineXs(chart: Element): number[][] {
  const ticks = [...chart.querySelectorAll('g[aria-label="x-axis tick label"] text')].map((text) => ({
    px: Number(/translate\(([-\d.]+),/.exec(text.getAttribute('transform')!)![1]),
    value: Number(text.textContent!.replace(/,/g, '')),
  }));
  const [a, b] = [ticks[0], ticks[ticks.length - 1]];
  const valueAt = (px: number) => a.value + ((px - a.px) * (b.value - a.value)) / (b.px - a.px);
  return [...chart.querySelectorAll('g[aria-label="line"] path')].map((path) =>
    (path.getAttribute('d') ?? '').split(/[ML]/).filter(Boolean).map((vertex) => valueAt(Number(vertex.split(',')[0]))),
  );
}

/** Whether `x` is within `tolerance` of one of `allowed`. */
const near = (allowed: readonly number[], tolerance: number) => (x: number) => allowed.some((value) => Math.abs(value - x) <= tolerance);

describe('learning curves of a dataset sweep', () => {
  const document = parse(renderSweepReport(momentumSweepFixture()));

  it('draws the whole-training-set loss at each epoch end, not the 60 logged mini-batch losses', () => {
    const chart = document.querySelector('#learning-curves [data-chart="learning-curves-examples-1-loss"]')!;
    expect(chart.textContent).toContain('training loss (whole training set)');
    // The fixture evaluates at 11 epoch ends (0–10) and logs 60 steps; diverged runs stop early.
    const lines = lineXs(chart);
    expect(lines.length).toBe(MAX_COLOURED_SERIES); // 12 configurations, only as many as the palette colours distinctly
    expect(Math.max(...lines.map((xs) => xs.length))).toBeLessThanOrEqual(11);
    // Every vertex is an epoch end: step 59·k (590 steps over 10 epochs) × the batch size, never a logged step (10·k).
    const epochEnds = [8, 64].flatMap((batch) => Array.from({ length: 11 }, (_, epoch) => 59 * epoch * batch));
    const examplesPerPx = Math.max(...epochEnds) / 480;
    for (const xs of lines) {
      expect(xs.length).toBeGreaterThan(1);
      expect(xs.every(near(epochEnds, examplesPerPx))).toBe(true);
    }
  });

  it('puts the test loss beside it, and shares one colour key', () => {
    const panel = document.querySelector('#learning-curves .axis-panel[data-axis="examples"]')!;
    expect(panel.querySelector('[data-chart="learning-curves-examples-1-test-loss"]')!.textContent).toContain('test loss');
    expect(panel.querySelectorAll('.series-key')).toHaveLength(1);
    // No accuracy chart: the metric is train_loss.
    expect(panel.querySelector('[data-chart$="accuracy"]')).toBeNull();
  });

  it('cuts a diverging curve at 2 × the highest starting loss and marks where it ends', () => {
    // lr 10 starts at 1 and climbs ×3 per logged point up to 3^24: far above 2 × 1.
    const runs = [
      ...[0, 1].map((replicate) => makeReportRun({ lr: 0.1, replicate })),
      ...[0, 1].map((replicate) => makeReportRun({ lr: 10, replicate, status: 'diverged' })),
    ];
    const doc = parse(renderSweepReport(makeSweepInput({ varied: ['optimizer.lr'], runs })));
    const chart = doc.querySelector('[data-chart="learning-curves-steps-1-loss"]')!;
    expect(chart.textContent).toContain('cut at the top');
    const marks = [...chart.querySelectorAll('g[aria-label="text"] text')].map((text) => text.textContent);
    expect(marks).toEqual(['✕', '✕']);
    // Divergence at logged point 25 = step 250 (fixture); the note says which configuration and when.
    expect(doc.querySelector('#learning-curves')!.textContent).toContain('Diverged (their curves stop at the last evaluation before it): lr=10 2/2 at step 250, 250.');
  });

  it('draws a validation loss chart only for runs that held validation rows out', () => {
    const withValidation = [0.1, 0.3].map((lr) => {
      const run = makeReportRun({ lr });
      return { ...run, record: { ...run.record, epochs: run.record.epochs.map((e) => ({ ...e, validationLoss: 1.2 * e.trainLoss, validationAccuracy: null })) } };
    });
    const doc = parse(renderSweepReport(makeSweepInput({ varied: ['optimizer.lr'], runs: withValidation })));
    expect(doc.querySelector('[data-chart="learning-curves-examples-1-validation-loss"]')!.textContent).toContain('validation loss');
    expect(document.querySelector('[data-chart*="validation"]')).toBeNull();
  });

  it('adds a chart of the metric when it is an accuracy', () => {
    const metric = { name: 'test_accuracy', goal: 'maximize' as const, target: null };
    const runs = [0.1, 0.3].map((lr) => makeReportRun({ lr, metric, finalMetric: 0.9 }));
    const doc = parse(renderSweepReport(makeSweepInput({ varied: ['optimizer.lr'], runs, metric })));
    const chart = doc.querySelector('[data-chart="learning-curves-examples-1-test-accuracy"]')!;
    expect(chart.textContent).toContain('↑ test accuracy');
  });
});

describe('learning curves of a landscape sweep', () => {
  const document = parse(renderSweepReport(landscapeSweepFixture()));
  const section = document.querySelector('#learning-curves')!;

  it('draws one chart per landscape from the exact path loss, against steps and wall time only', () => {
    expect([...section.querySelectorAll('h3')].map((h) => h.textContent)).toEqual(['saddle', 'two_minima', 'saddle', 'two_minima']);
    expect([...section.querySelectorAll('.axis-panel')].map((panel) => panel.getAttribute('data-axis'))).toEqual(['steps', 'wall']);
    // 81 trajectory points per run (steps 0, 10, …, 800: the start and 80 momentum steps), not the 80 logged
    // steps (9, 19, …, 799): each line starts at step 0 and every vertex is a trajectory point.
    const saddle = section.querySelector('[data-chart="learning-curves-steps-1-loss"]')!;
    const lines = lineXs(saddle);
    expect(lines).toHaveLength(4);
    const trajectorySteps = Array.from({ length: 81 }, (_, k) => 10 * k);
    for (const xs of lines) {
      expect(xs[0]).toBeCloseTo(0, 0);
      expect(xs.at(-1)).toBeCloseTo(800, 0);
      expect(xs.every(near(trajectorySteps, 0.5))).toBe(true);
    }
    // The saddle's loss x² − y² goes negative: no log axis.
    expect(saddle.textContent).toContain('↓ loss f(x, y)');
    expect(saddle.textContent).not.toContain('log scale');
    // Series labels leave out the landscape, which the chart's title names.
    expect(section.querySelector('.series-key')!.textContent).toContain('lr=0.02 · momentum=0');
    expect(section.querySelector('.series-key')!.textContent).not.toContain('landscape=');
  });
});

describe('the epochs axis', () => {
  // 400 steps a run: batch 8 over 4 epochs and batch 16 over 8 epochs both see 800 examples an epoch (one
  // training set); batch 16 over 4 epochs sees 1,600.
  const run = (batchSize: number, epochs: number) => makeReportRun({ lr: 0.1 * batchSize, batchSize, points: 41, epochs });

  it('is left out when every epoch holds the same examples: it would be the examples axis relabelled', () => {
    const doc = parse(renderSweepReport(makeSweepInput({ varied: ['optimizer.lr', 'train.batch_size'], runs: [run(8, 4), run(16, 8)] })));
    expect([...doc.querySelectorAll('#learning-curves .axis-panel')].map((panel) => panel.getAttribute('data-axis'))).toEqual(['examples', 'steps', 'wall']);
    expect(doc.querySelector('#learning-curves p.caption')!.textContent).toContain('evaluated at the end of every epoch (800 examples)');
  });

  it('is kept when epochs differ in size (runs over different training sets)', () => {
    const doc = parse(renderSweepReport(makeSweepInput({ varied: ['optimizer.lr', 'train.batch_size'], runs: [run(8, 4), run(16, 4)] })));
    expect([...doc.querySelectorAll('#learning-curves .axis-panel')].map((panel) => panel.getAttribute('data-axis'))).toEqual(['examples', 'steps', 'epochs', 'wall']);
    expect(doc.querySelector('#learning-curves p.caption')!.textContent).toContain('evaluated at the end of every epoch (not');
  });
});
