import { parseHTML } from 'linkedom';
import { describe, expect, it } from 'vitest';
import { renderSweepReport, sweepReportSections } from '../renderSweepReport.js';
import { makeReportRun, makeSweepInput } from '../testing/fixtures.js';
import { momentumSweepFixture, searchSweepFixture } from '../testing/sampleSweeps.js';
import type { SweepReportInput } from '../types.js';
import { earlyTerminateText } from './searchView.js';

const parse = (input: SweepReportInput) => parseHTML(renderSweepReport(input)).document;
const sectionIds = (document: Document) => [...document.querySelectorAll('section')].map((section) => section.id);
const texts = (root: Element) => [...root.querySelectorAll('text')].map((text) => text.textContent ?? '');

// searchSweepFixture (testing/sampleSweeps.ts): 12 configurations × 2 replicates asked for in 3 rounds; full runs
// train 550 steps, pruned ones 120 (rung 1) or 360 (rung 2), the diverged replicate 270; examples = steps × batch.
describe('a bayes search with hyperband', () => {
  const input = searchSweepFixture();
  const document = parse(input);

  it('shows the search view after the verdict and the pruning ledger before the table of runs', () => {
    const ids = sectionIds(document);
    expect(ids.slice(0, 2)).toEqual(['winner', 'search']);
    expect(ids.slice(-3)).toEqual(['pruning', 'runs', 'reproducibility']);
    expect(sweepReportSections(input).find((section) => section.id === 'search')?.hasChart).toBe(true);
  });

  it('counts pruned runs apart from diverged and failed in the header', () => {
    expect(document.querySelector('header .facts')!.textContent).toContain('24 runs: 15 finished, 1 diverged, 0 failed, 8 pruned');
  });

  it('states what the search spent, in the search’s order (not the store’s)', () => {
    const facts = document.querySelector('#search p:not(.caption)')!.textContent!;
    // Finished pairs 2·550·(16 + 64 + 16 + 8 + 16 + 32 + 64) = 237,600; lr 0.8: 550·32 + 270·32 = 26,240; pruned pairs
    // 2·120·8 + 2·120·64 + 2·360·32 + 2·120·8 = 1,920 + 15,360 + 23,040 + 1,920 = 42,240; in all 306,080.
    expect(facts).toContain('bayes search: 12 configurations tried in 24 runs, 306,080 examples trained (42,240 of them by the 8 pruned runs)');
    expect(facts).toContain('early termination: hyperband (min budget 120 steps, η 3, full budget 550 steps)');
    // The runs are stored in reverse: only runIds make lr 0.08 the 9th tried (it would be the 4th in store order).
    expect(facts).toContain('The best configuration, lr=0.08 · momentum=0.7 · batch=16, was the 9th tried.');
    for (const chart of ['search-best-by-configuration', 'search-best-by-examples']) {
      expect(document.querySelector(`#search [data-chart="${chart}"] svg`), chart).not.toBeNull();
    }
    // Every pruned run's examples are marked on the examples axis.
    expect(texts(document.querySelector('#search [data-chart="search-best-by-examples"]')!).filter((text) => text === '✂')).toHaveLength(8);
  });

  it('draws the proposals for each pair of the three numeric settings, lr on a log axis (0.002 to 0.8)', () => {
    const charts = [...document.querySelectorAll('#search [data-chart^="search-proposals-"]')];
    expect(charts).toHaveLength(3);
    const labels = charts.flatMap(texts);
    expect(labels.filter((text) => text.includes('lr (log scale)'))).toHaveLength(2);
    // momentum spans 0–0.9 and batch 8–64 (8×, under 1.5 decades): linear.
    expect(labels.some((text) => /^(momentum|batch) \(log scale\)/.test(text))).toBe(false);
    // Each configuration numbered by the order it was tried, in each chart.
    for (const chart of charts) {
      expect(texts(chart).filter((text) => /^\d+$/.test(text)).map(Number).filter((n) => n >= 1 && n <= 12).sort((a, b) => a - b)).toEqual(
        expect.arrayContaining([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]),
      );
    }
  });

  it('lists every pruned run in the ledger, where and why it was stopped and the compute it saved', () => {
    const rows = [...document.querySelectorAll('#pruning tbody tr')];
    expect(rows).toHaveLength(8);
    const cells = [...rows[0].querySelectorAll('td')].map((td) => td.textContent!.trim());
    // The first pruned run asked for: lr 0.01 · momentum 0.8 · batch 8, replicate 0, stopped after 120 steps. Its
    // value there: 0.4 + (0.7 − 0.4)·e^(−5·108/540) = 0.4 + 0.3/e ≈ 0.5104 (the last epoch end at step 108).
    expect(cells.slice(1, 6)).toEqual(['lr=0.01 · momentum=0.8 · batch=8', '0', '1', '1 of 3', '120 of 550 steps']);
    expect(cells[6]).toBe('train_loss 0.5104');
    // Trained 120·8 = 960; a finished batch-8 run (lr 0.05) trained 550·8 = 4,400; saved 3,440.
    expect(cells.slice(9, 12)).toEqual(['960', '4,400', '3,440']);
    expect(cells[12]).toBe('rung 1 of 3: train_loss 0.51, rank 3 of 4, cut at 0.26');
    expect(rows[0].querySelector('a')!.getAttribute('href')).toBe(`#run-${input.runs.find((run) => run.record.status === 'pruned' && run.record.config.optimizer.lr === 0.01 && run.record.replicate === 0)!.record.runId}`);
    // Saved per configuration (× 2 replicates): batch 8: 4,400 − 960; batch 64: 35,200 − 7,680; batch 32 at rung 2:
    // 17,600 − 11,520; total 2·(3,440 + 27,520 + 6,080 + 3,440) = 80,960 of 306,080 + 80,960 = 387,040 (20.9%).
    const summary = document.querySelector('#pruning p:not(.caption)')!.textContent!;
    expect(summary).toContain('stopped 8 of 24 runs');
    expect(summary).toContain('without pruning it would have trained 387,040, so pruning saved 80,960 (20.9%)');
    expect(document.querySelector('#pruning table[data-sortable]')).not.toBeNull();
  });

  it('never ranks a pruned configuration as the leader, though one has the lowest value at its rung', () => {
    const pruned = input.runs.find((run) => run.record.config.optimizer.lr === 0.2)!;
    expect(pruned.record.status).toBe('pruned');
    expect(pruned.record.summary.finalMetric).toBeLessThan(0.05); // lower than every finished mean
    const winner = document.querySelector('#winner')!;
    const statement = winner.querySelector('.statement')!.textContent!;
    expect(statement).toContain('lr=0.08 · momentum=0.7 · batch=16 has the best mean final train_loss');
    expect(statement).not.toContain('lr=0.2 ·');
    expect(statement).toContain('1 configuration had a replicate diverge or fail and cannot win.');
    expect(statement).toContain('4 configurations were pruned by early termination');
    expect(texts(winner).filter((text) => text === '✂ 2/2 pruned')).toHaveLength(4);
  });

  it('marks pruned runs in the table of runs, the heatmap and the learning curves', () => {
    const rows = [...document.querySelectorAll('#runs tbody tr.status-pruned')];
    expect(rows).toHaveLength(8);
    expect(rows.map((row) => row.querySelector('td.status')!.textContent)).toEqual(Array(8).fill('pruned'));
    expect(rows.some((row) => row.textContent!.includes('pruned after 120 of 550 steps (bracket 1): rung 1 of 3: train_loss 0.51, rank 3 of 4, cut at 0.26'))).toBe(true);
    expect(texts(document.querySelector('#metric-heatmap')!).filter((text) => text === '✂ 2/2')).toHaveLength(4);
    const curves = document.querySelector('#learning-curves')!;
    expect(curves.querySelectorAll('[stroke-dasharray="5,3"]').length).toBeGreaterThan(0);
    expect(texts(curves)).toContain('✂');
  });
});

describe('when the search view shows', () => {
  it('shows it for a random search, without a pruning ledger when nothing was pruned', () => {
    const document = parse(searchSweepFixture('random', { method: 'random', earlyTerminate: false }));
    const ids = sectionIds(document);
    expect(ids).toContain('search');
    expect(ids).not.toContain('pruning');
    expect(document.querySelector('#search p:not(.caption)')!.textContent).toMatch(/^random search: 12 configurations tried in 24 runs/);
    expect(document.querySelector('header .facts')!.textContent).not.toContain('pruned');
  });

  it('does not show it for a plain grid, but does for a grid with early termination', () => {
    const grid = parse(momentumSweepFixture());
    expect(sectionIds(grid)).not.toContain('search');
    expect(sectionIds(grid)).not.toContain('pruning');
    expect(grid.querySelector('header .facts')!.textContent).not.toContain('pruned');
    const input = searchSweepFixture();
    const gridWithPruning = parse({ ...input, sweep: { ...input.sweep, method: 'grid' } });
    expect(sectionIds(gridWithPruning)).toContain('search');
    expect(sectionIds(gridWithPruning)).toContain('pruning');
  });

  it('draws the metric against the only numeric setting, and says so when none is numeric', () => {
    const lrOnly = parse(
      makeSweepInput({
        method: 'random',
        varied: ['optimizer.lr'],
        runs: [
          makeReportRun({ lr: 0.01, finalMetric: 0.3 }),
          makeReportRun({ lr: 0.1, finalMetric: 0.1 }),
          makeReportRun({ lr: 1, status: 'diverged' }),
        ],
      }),
    );
    const charts = [...lrOnly.querySelectorAll('#search [data-chart^="search-proposals-"]')];
    expect(charts).toHaveLength(1);
    expect(texts(charts[0])).toContain('↑ mean final train_loss');
    expect(texts(charts[0])).toContain('✕');
    const byName = parse(
      makeSweepInput({
        method: 'random',
        varied: ['optimizer.name'],
        runs: [makeReportRun({ optimizer: 'sgd', finalMetric: 0.3 }), makeReportRun({ optimizer: 'adam', finalMetric: 0.1 })],
      }),
    );
    expect(byName.querySelector('#search')!.textContent).toContain('No numeric setting varies');
  });

  it('marks the order by size instead of numbers once there are more than 60 configurations', () => {
    const runs = Array.from({ length: 61 }, (_, k) => makeReportRun({ lr: 0.001 * 1.1 ** k, momentum: (k * 7) % 61 / 61, finalMetric: 0.1 + 0.001 * k }));
    const document = parse(makeSweepInput({ method: 'quasirandom', varied: ['optimizer.lr', 'optimizer.momentum'], runs }));
    const chart = document.querySelector('#search [data-chart="search-proposals-1"]')!;
    const radii = new Set([...chart.querySelectorAll('circle')].map((circle) => circle.getAttribute('r')));
    expect(radii.size).toBeGreaterThan(10);
    expect(texts(chart).filter((text) => text === '61')).toHaveLength(0);
    expect(document.querySelector('#search')!.textContent).toContain('Later configurations are drawn larger');
  });
});

describe('budget wording', () => {
  it('says 1 epoch, not 1 epochs', () => {
    expect(earlyTerminateText({ type: 'hyperband', minBudget: 1, eta: 3, unit: 'epochs', fullBudget: 9 })).toBe(
      'hyperband (min budget 1 epoch, η 3, full budget 9 epochs)',
    );
    expect(earlyTerminateText({ type: 'successive_halving', minBudget: 100, eta: 2, unit: 'steps', fullBudget: 1 })).toBe(
      'successive halving (min budget 100 steps, η 2, full budget 1 step)',
    );
  });
});
