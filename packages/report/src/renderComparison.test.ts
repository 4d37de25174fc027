import { parseHTML } from 'linkedom';
import { describe, expect, it } from 'vitest';
import { renderComparison } from './renderComparison.js';
import { makeReportRun, makeSweepInput } from './testing/fixtures.js';
import { momentumSweepFixture } from './testing/sampleSweeps.js';

describe('renderComparison', () => {
  it('shows the same views across sweeps, each configuration labelled with its sweep', () => {
    const markup = renderComparison([momentumSweepFixture('plain'), momentumSweepFixture('nesterov')]);
    const { document } = parseHTML(markup);
    expect(document.querySelector('h1')!.textContent).toBe('Comparison of plain, nesterov');
    expect([...document.querySelectorAll('section')].map((s) => s.id)).toContain('metric-heatmap');
    expect(document.querySelectorAll('#runs tbody tr')).toHaveLength(72);
    // The two sweeps are identical, so their best configurations tie exactly: equivalent, not a win.
    const statement = document.querySelector('#winner .statement')!.textContent!;
    expect(statement).toContain('nesterov: lr=0.1 · momentum=0.9 · batch=8');
    expect(statement).toContain('equivalent to plain: lr=0.1 · momentum=0.9 · batch=8 within ±δ');
    expect(statement).not.toMatch(/\bwon\b|winner/i);
    // Each sweep's reproducibility facts are listed.
    const facts = document.querySelector('#reproducibility')!.textContent!;
    expect(facts).toContain('pnpm exp run sweeps/plain.yaml');
    expect(facts).toContain('pnpm exp run sweeps/nesterov.yaml');
  });

  it('refuses sweeps measured by different metrics, naming them', () => {
    const loss = makeSweepInput({ name: 'a', varied: [], runs: [makeReportRun({ sweep: 'a' })] });
    const accuracy = makeSweepInput({
      name: 'b',
      varied: [],
      runs: [makeReportRun({ sweep: 'b' })],
      metric: { name: 'test_accuracy', goal: 'maximize', target: null },
    });
    expect(() => renderComparison([loss, accuracy])).toThrow(
      'the sweeps use different metrics (a: train_loss (minimize), b: test_accuracy (maximize)); compare sweeps whose metric has the same name and goal',
    );
  });

  it('drops time-to-target when the targets differ, and says why', () => {
    const metric = (target: number) => ({ name: 'train_loss', goal: 'minimize' as const, target });
    const a = makeSweepInput({ name: 'a', varied: [], runs: [makeReportRun({ sweep: 'a' })], metric: metric(0.1) });
    const b = makeSweepInput({ name: 'b', varied: [], runs: [makeReportRun({ sweep: 'b' })], metric: metric(0.2) });
    const { document } = parseHTML(renderComparison([a, b]));
    expect(document.querySelector('#time-to-target')).toBeNull();
    expect(document.querySelector('header')!.textContent).toContain('different metric targets (a: 0.1, b: 0.2)');
  });
});
