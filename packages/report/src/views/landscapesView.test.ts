import { describe, expect, it } from 'vitest';
import { logSpacedField } from './landscapesView.js';

describe('logSpacedField', () => {
  it('contours log10(f − min f + δ) with δ = (max − min)·10⁻³', () => {
    // min −1, max 999: δ = 1000·10⁻³ = 1; g(−1) = log10(0 + 1) = 0, g(999) = log10(1000 + 1), g(9) = log10(11).
    const { field, thresholds } = logSpacedField([-1, 9, 999]);
    expect(field[0]).toBe(0);
    expect(field[1]).toBeCloseTo(Math.log10(11), 12);
    expect(field[2]).toBeCloseTo(Math.log10(1001), 12);
    // 16 levels evenly inside (0, log10(1001)): level k = k·log10(1001)/17.
    expect(thresholds).toHaveLength(16);
    expect(thresholds[0]).toBeCloseTo(Math.log10(1001) / 17, 12);
    expect(thresholds[15]).toBeCloseTo((16 * Math.log10(1001)) / 17, 12);
  });

  it('has no levels for a flat function', () => {
    expect(logSpacedField([2, 2, 2]).thresholds).toEqual([]);
  });
});

describe('the landscapes view', () => {
  it('warns when the recorded paths skip steps, which hides a zig-zag', async () => {
    const { parseHTML } = await import('linkedom');
    const { renderSweepReport } = await import('../renderSweepReport.js');
    const { landscapeSweepFixture } = await import('../testing/sampleSweeps.js');
    const note = parseHTML(renderSweepReport(landscapeSweepFixture())).document.querySelector('#landscapes p.note')!;
    // The fixture records every 10th step: 80 points for 800 steps.
    expect(note.textContent).toContain('The paths keep one point per 10 steps');
  });
});

describe('landscapeKey and the panels it makes', () => {
  it('names a landscape by its name and own settings, not its start or noise', async () => {
    const { landscapeKey } = await import('../problems.js');
    expect(landscapeKey({ name: 'saddle', start: [1, 0], noise: 0 })).toBe('saddle');
    expect(landscapeKey({ name: 'ravine', start: [-2, 0.5], noise: 0.3, condition: 190 })).toBe('ravine (condition=190)');
    expect(landscapeKey({ name: 'rosenbrock', start: [0, 0], noise: 0, b: 100, a: 1 })).toBe('rosenbrock (a=1, b=100)');
  });

  it('draws runs on different settings of one landscape in different panels, each on its own grid', async () => {
    const { parseHTML } = await import('linkedom');
    const { renderSweepReport } = await import('../renderSweepReport.js');
    const { landscapeSweepFixture } = await import('../testing/sampleSweeps.js');
    const input = landscapeSweepFixture();
    // Give the two_minima runs with momentum 0.9 another (made-up) setting: another function, another panel.
    for (const run of input.runs) {
      const problem = run.record.config.problem;
      if (problem.kind === 'landscape' && problem.landscape.name === 'two_minima' && run.record.config.optimizer.momentum === 0.9) problem.landscape.tilt = 2;
    }
    const titles = () => [...parseHTML(renderSweepReport(input)).document.querySelectorAll('#landscapes figure h3')].map((h) => h.textContent);
    expect(titles()).toEqual(['saddle', 'two_minima', 'two_minima (tilt=2)']);
  });
});
