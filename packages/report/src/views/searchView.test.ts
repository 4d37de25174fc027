import { parseHTML } from 'linkedom';
import { describe, expect, it } from 'vitest';
import { renderSweepReport, sweepReportSections } from '../renderSweepReport.js';
import { makeReportRun, makeSweepInput } from '../testing/fixtures.js';
import { momentumSweepFixture, SAMPLED_SEARCH_FIXTURE_CONFIGURATIONS, SEARCH_FIXTURE_CONFIGURATIONS, searchSweepFixture } from '../testing/sampleSweeps.js';
import { earlyTerminateText } from './searchView.js';
import { readExploreIsland } from '../explore/exploreIsland.js';
import type { SweepReportInput } from '../types.js';

const parse = (input: SweepReportInput) => parseHTML(renderSweepReport(input)).document;
const sectionIds = (document: Document) => [...document.querySelectorAll('section')].map((section) => section.id);
/** What each SVG <text> shows (its tooltip, a <title> child, is not drawn). */
const texts = (root: Element) =>
  [...root.querySelectorAll('text')].map((text) => [...text.childNodes].filter((node) => node.nodeName.toLowerCase() !== 'title').map((node) => node.textContent ?? '').join(''));

// searchSweepFixture (testing/sampleSweeps.ts): 12 configurations × 2 replicates asked for in 3 rounds; full runs
// train 550 steps, pruned ones 120 (rung 1) or 360 (rung 2), the diverged replicate 270; examples = steps × batch.
describe('a bayes search with hyperband', () => {
  const input = searchSweepFixture();
  const document = parse(input);

  it('shows the search view after the verdict and the pruning ledger before the table of runs', () => {
    const ids = sectionIds(document);
    expect(ids.slice(0, 3)).toEqual(['winner', 'explore', 'search']);
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
    // A dot (and its tip) where the best improved only: each a lower loss than the one before (further down the
    // chart), fewer than the runs, each titled as a new best.
    const dots = [...document.querySelectorAll('#search [data-chart="search-best-by-examples"] g[aria-label="dot"] circle')];
    expect(dots.length).toBeGreaterThan(1);
    expect(dots.length).toBeLessThan(24);
    const ys = dots.map((dot) => Number(dot.getAttribute('cy')));
    expect(ys.every((y, i) => i === 0 || y > ys[i - 1])).toBe(true);
    expect(dots.every((dot) => dot.querySelector('title')!.textContent!.startsWith('new best after run '))).toBe(true);
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

  it("draws TPE's quasirandom startup as squares and its proposals as circles, and says so", () => {
    // The fixture's startup is its first round of 4 configurations; a configuration that cannot win (pruned, or a
    // replicate diverged) is a symbol, not a dot, so only the others are counted.
    const canWin = (c: (typeof SEARCH_FIXTURE_CONFIGURATIONS)[number]) => c.prunedAtRung === undefined && c.diverges !== true;
    const squares = SEARCH_FIXTURE_CONFIGURATIONS.slice(0, 4).filter(canWin).length;
    const circles = SEARCH_FIXTURE_CONFIGURATIONS.slice(4).filter(canWin).length;
    const dots = [...document.querySelectorAll('#search [data-chart="search-proposals-1"] g[aria-label="dot"]')[0].querySelectorAll('path')].map((p) => p.getAttribute('d')!);
    // Plot draws a square as a path of straight edges (h/v) and a circle as two arcs (A).
    expect(dots.filter((d) => /h/.test(d) && !/A/.test(d))).toHaveLength(squares);
    expect(dots.filter((d) => /A/.test(d))).toHaveLength(circles);
    expect(squares).toBeGreaterThan(0);
    expect(document.querySelector('#search')!.textContent).toContain('squares are its quasirandom startup (the first 4), circles TPE’s proposals');
    // Without SweepInfo.bayes (a store from before it was kept) every configuration is a circle.
    const older = searchSweepFixture();
    delete older.sweep.bayes;
    const paths = [...parse(older).querySelectorAll('#search [data-chart="search-proposals-1"] g[aria-label="dot"]')[0].querySelectorAll('path')];
    expect(paths.every((p) => /A/.test(p.getAttribute('d')!))).toBe(true);
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

  it('marks pruned runs in the table of runs, the heatmap (of the same runs as a grid) and the learning curves', () => {
    const rows = [...document.querySelectorAll('#runs tbody tr.status-pruned')];
    expect(rows).toHaveLength(8);
    expect(rows.map((row) => row.querySelector('td.status')!.textContent)).toEqual(Array(8).fill('pruned'));
    expect(rows.some((row) => row.textContent!.includes('pruned after 120 of 550 steps (bracket 1): rung 1 of 3: train_loss 0.51, rank 3 of 4, cut at 0.26'))).toBe(true);
    // This search sampled lr and momentum (12 and 11 values over 12 configurations): no heatmap. A search that
    // chose them from short lists gets one, with the pruned cells marked.
    expect(document.querySelector('#metric-heatmap')).toBeNull();
    const chosen = [[0.01, 0], [0.01, 0.9], [0.1, 0], [0.1, 0.9]].flatMap(([lr, momentum]) =>
      [0, 1].map((replicate) => makeReportRun({ lr, momentum, replicate, status: lr === 0.01 && momentum === 0 ? 'pruned' : 'finished' })),
    );
    const listed = parse(makeSweepInput({ method: 'bayes', varied: ['optimizer.lr', 'optimizer.momentum'], runs: chosen, earlyTerminate: input.sweep.earlyTerminate }));
    expect(texts(listed.querySelector('#metric-heatmap')!).filter((text) => text === '✂ 2/2')).toHaveLength(1);
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

describe('a search that sampled its values at full precision', () => {
  const input = searchSweepFixture('sampled', { configurations: SAMPLED_SEARCH_FIXTURE_CONFIGURATIONS });
  const document = parse(input);
  // The 9th tried: lr 0.08213372710469365 · momentum 0.6550321599122274 · batch 16.
  const bestLabel = 'lr=0.08213 · momentum=0.655 · batch=16';

  it('labels configurations for the reader at 4 significant digits: statement, search facts, charts, ledger', () => {
    expect(document.querySelector('#winner .statement')!.textContent).toContain(`${bestLabel} has the best mean final train_loss`);
    expect(document.querySelector('#search p:not(.caption)')!.textContent).toContain(`The best configuration, ${bestLabel}, was the 9th tried.`);
    expect(texts(document.querySelector('#winner')!).some((text) => text.startsWith(bestLabel))).toBe(true);
    expect(document.querySelector('#learning-curves')!.textContent).toContain(bestLabel);
    // The first pruned run asked for: lr 0.010823408124587102 · momentum 0.8172863103466281 · batch 8.
    expect(document.querySelector('#pruning tbody tr')!.querySelectorAll('td')[1].textContent).toBe('lr=0.01082 · momentum=0.8173 · batch=8');
  });

  it('shows no full-precision value anywhere a reader reads a label, the table of runs included; the run diff keeps them exact', () => {
    const readable = document.cloneNode(true) as Document;
    // Run ids and seeds (the fixture's embed the lr), reproducibility commands and scripts (the data island keeps
    // exact values for the page's brushes and the run diff) are machine-facing.
    for (const element of readable.querySelectorAll('#reproducibility, .mono, script')) element.remove();
    for (const row of readable.querySelectorAll('#runs tbody tr')) row.lastElementChild?.previousElementSibling?.remove(); // the seed
    // Each text node on its own (cells' texts run together in textContent): no fraction with 5 or more significant
    // digits (0.003196 has 4), while 4-digit ones are there.
    // Tooltips name runs by id, which is machine-facing too (the fixture's ids embed the full lr; real ones are hashes).
    const runIds = input.runs.map((run) => run.record.runId);
    const withoutIds = (text: string) => runIds.reduce((rest, id) => rest.split(id).join(''), text);
    const textNodes = [...readable.querySelectorAll('*')].flatMap((element) =>
      [...element.childNodes].filter((node) => node.nodeType === 3).map((node) => withoutIds(node.textContent ?? '')),
    );
    expect(textNodes.filter((text) => /0\.0*[1-9]\d{4,}/.test(text))).toEqual([]);
    expect(textNodes.filter((text) => /0\.0*[1-9]\d{3}/.test(text)).length).toBeGreaterThan(10);
    // The table writes values as labels do (4 significant digits, more only where two would read alike) ...
    const cells = [...document.querySelectorAll('#runs tbody td')].map((td) => td.textContent!.trim());
    expect(cells).toContain('0.08213');
    expect(cells).toContain('0.655');
    // ... and the run diff shows every digit, from the data island.
    const island = readExploreIsland(renderSweepReport(input));
    const exact = island.configurations.flatMap((configuration) => configuration.config);
    expect(exact).toContain('0.08213372710469365');
    expect(exact).toContain('0.6550321599122274');
  });

  it('draws no lr × momentum heatmap (one-off cells) and the lr sensitivity as one scatter of every replicate', () => {
    expect(sectionIds(document)).not.toContain('metric-heatmap');
    const sensitivity = document.querySelector('#lr-sensitivity')!;
    expect(sensitivity.querySelector('p.caption')!.textContent).toContain('the other settings were sampled too, so no line joins the dots');
    // No line or band joins configurations that differ in every setting.
    expect(sensitivity.querySelectorAll('g[aria-label="line"], g[aria-label="area"]')).toHaveLength(0);
    // Every finished replicate is a dot: 15 finished runs (none hidden behind a series limit).
    expect(sensitivity.querySelectorAll('g[aria-label="dot"] circle')).toHaveLength(15);
    expect(sensitivity.querySelector('.note')).toBeNull();
    // One panel: batch size was sampled along with everything else.
    expect(texts(sensitivity)).not.toContain('batch size');
  });

  it('writes the best-so-far ticks as numbers, not padded to six decimals', () => {
    const ticks = texts(document.querySelector('#search [data-chart="search-best-by-examples"]')!).filter((text) => /^[\d.]+$/.test(text));
    expect(ticks.length).toBeGreaterThan(1);
    for (const tick of ticks) expect(tick).not.toMatch(/\.\d*0$/);
  });
});

describe('a grid sweep keeps its heatmap and its lr-sensitivity lines', () => {
  it('draws both for the momentum grid, with a line per setting of the other keys', () => {
    const document = parse(momentumSweepFixture());
    expect(sectionIds(document)).toContain('metric-heatmap');
    const sensitivity = document.querySelector('#lr-sensitivity')!;
    expect(sensitivity.querySelectorAll('g[aria-label="line"] path').length).toBeGreaterThan(1);
    expect(sensitivity.querySelector('p.caption')!.textContent).toContain('line = mean');
    expect(texts(sensitivity)).toContain('batch size');
  });

  it('treats a grid over lr alone as a grid, though each configuration has its own lr', () => {
    const runs = [0.01, 0.1, 1].flatMap((lr) => [0, 1].map((replicate) => makeReportRun({ lr, replicate, finalMetric: 0.1 + lr })));
    const sensitivity = parse(makeSweepInput({ varied: ['optimizer.lr'], runs })).querySelector('#lr-sensitivity')!;
    expect(sensitivity.querySelectorAll('g[aria-label="line"] path')).toHaveLength(1);
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
