import { parseHTML } from 'linkedom';
import { describe, expect, it } from 'vitest';
import { readExploreIsland } from './explore/exploreIsland.js';
import { formatNumber } from './format.js';
import { MARKED_CELL_FILL, MAX_COLOURED_SERIES } from './palette.js';
import { renderSweepReport, sweepReportSections } from './renderSweepReport.js';
import { makeReportRun, makeSweepInput, sampleGrid } from './testing/fixtures.js';
import { landscapeSweepFixture, momentumSweepFixture } from './testing/sampleSweeps.js';

function parse(markup: string) {
  return parseHTML(markup).document;
}

const CHART_SECTIONS = ['winner', 'importance', 'learning-curves', 'metric-heatmap', 'lr-sensitivity', 'time-to-target', 'batch-size'];

describe('renderSweepReport on a momentum × lr × batch sweep', () => {
  const input = momentumSweepFixture();
  const markup = renderSweepReport(input);
  const document = parse(markup);

  it('has every expected section, each with a title, a caption and (for charts) an <svg>', () => {
    const ids = [...document.querySelectorAll('section')].map((section) => section.id);
    // The explorable view (parallel coordinates) follows the verdict; the page's script draws it, so no <svg> here.
    expect(ids).toEqual(['winner', 'explore', ...CHART_SECTIONS.slice(1), 'runs', 'reproducibility']);
    expect(sweepReportSections(input).filter((s) => s.hasChart).map((s) => s.id)).toEqual(CHART_SECTIONS);
    for (const id of ids) {
      const section = document.querySelector(`section#${id}`)!;
      expect(section.querySelector('h2')?.textContent, id).toBeTruthy();
      expect(section.querySelector('p.caption')?.textContent, id).toBeTruthy();
    }
    for (const id of CHART_SECTIONS) expect(document.querySelectorAll(`section#${id} svg`).length, id).toBeGreaterThan(0);
    expect(document.querySelector('section#landscapes')).toBeNull();
  });

  it('draws learning curves against four x-axes, examples seen checked first', () => {
    const panels = [...document.querySelectorAll('#learning-curves .axis-panel')];
    expect(panels.map((panel) => panel.getAttribute('data-axis'))).toEqual(['examples', 'steps', 'epochs', 'wall']);
    for (const panel of panels) expect(panel.querySelector('svg'), panel.getAttribute('data-axis')!).not.toBeNull();
    expect(document.querySelector('#learning-curves input[checked]')?.getAttribute('value')).toBe('examples');
    expect(document.querySelector('#learning-curves .axis-panel[data-axis="wall"]')!.textContent).toContain('wall time (ms)');
    // 12 configurations do not fit the palette's 10 colours: the best 10 are drawn and the note says so.
    expect(document.querySelector('#learning-curves p.note')?.textContent).toContain(`${MAX_COLOURED_SERIES} best of 12`);
  });

  it('marks diverged and failed heatmap cells instead of dropping them', () => {
    const heatmap = document.querySelector('#metric-heatmap')!;
    const texts = [...heatmap.querySelectorAll('svg text')].map((text) => text.textContent);
    // lr 1 · momentum 0.9 diverges in all 3 replicates at both batch sizes; lr 1 · momentum 0 · batch 8 in 1 of 3;
    // lr 0.01 · momentum 0 · batch 64 has 1 failed replicate.
    expect(texts.filter((text) => text === '✕ 3/3')).toHaveLength(2);
    expect(texts.filter((text) => text === '✕ 1/3')).toHaveLength(1);
    expect(texts.filter((text) => text === '! 1/3')).toHaveLength(1);
    // Plot puts a constant fill on the (facet) group around the cells.
    expect(heatmap.querySelectorAll(`g[fill="${MARKED_CELL_FILL}"] rect`)).toHaveLength(4);
    // 12 cells: 8 coloured by the metric, 4 marked; plus one outline. lr 0.01 · momentum 0 · batch 8 has
    // 0.02 + 0.03/√0.01 = 0.32, far above the others (0.05–0.172; Q3 + 1.5·IQR = 0.172 + 1.5·0.097 ≈ 0.318).
    expect(heatmap.querySelectorAll('g[aria-label="cell"] rect')).toHaveLength(13);
    expect(heatmap.querySelectorAll('g[stroke="#d55e00"] rect')).toHaveLength(1);
    const key = heatmap.querySelector('.key')!.textContent!;
    expect(key).toContain('diverged');
    expect(key).toContain('failed');
    expect(key).toContain('beyond the colour scale: a cell far from the rest');
    // One panel per batch size.
    expect(texts).toContain('8');
    expect(texts).toContain('64');
  });

  it('names the leader, and with 3 paired replicates does not call its lead a win but says what would decide it', () => {
    const statement = document.querySelector('#winner .statement')!.textContent!;
    expect(statement).toMatch(/^Undecided: lr=0\.1 · momentum=0\.9 · batch=8 has the best mean final train_loss/);
    expect(statement).not.toMatch(/\bwon\b|winner/i);
    // 3 paired replicates: the Wilcoxon signed-rank test's smallest p is 2/2³ = 0.25, and Holm over the 7 comparisons makes it 1.
    expect(statement).toContain(
      'its lead cannot be established from these runs: with 3 paired replicates per configuration and 7 comparisons, no rank test can reach a Holm-adjusted p ≤ 0.05',
    );
    expect(statement).toMatch(/about \d+ replicates per configuration would decide it \(the sweep has 3\)/);
    expect(statement).toContain('4 configurations had a replicate diverge or fail');
    // One row for the leader and one per other configuration whose replicates all finished (8 of 12).
    expect(document.querySelectorAll('#winner table.verdict-table tbody tr')).toHaveLength(8);
  });

  it('lists every run in the table, with divergence and error details', () => {
    const rows = [...document.querySelectorAll('#runs tbody tr')];
    expect(rows).toHaveLength(input.runs.length);
    const diverged = rows.filter((row) => row.getAttribute('class') === 'status-diverged');
    expect(diverged).toHaveLength(7);
    expect(diverged[0].textContent).toMatch(/diverged at step \d+ \(exploding loss\); last finite loss \d/);
    const failed = rows.filter((row) => row.getAttribute('class') === 'status-failed');
    expect(failed).toHaveLength(1);
    expect(failed[0].textContent).toContain('error: NaN in layer 1 weights');
    expect(document.querySelectorAll('#runs thead th button').length).toBeGreaterThan(10);
  });

  it('charts only the configurations that reached the target, and names the others in one line', () => {
    // lr 0.01 · momentum 0 at both batches (final loss above 0.2) and the two all-diverged configurations.
    const never = [...document.querySelectorAll('#time-to-target .never-label')].map((label) => label.textContent);
    expect(never.sort()).toEqual([
      'lr=0.01 · momentum=0 · batch=64',
      'lr=0.01 · momentum=0 · batch=8',
      'lr=1 · momentum=0.9 · batch=64',
      'lr=1 · momentum=0.9 · batch=8',
    ]);
    expect(document.querySelector('#time-to-target p.never')!.textContent).toMatch(/^4 of 12 configurations never reached train_loss ≤ 0\.2: /);
    const charted = document.querySelectorAll('#time-to-target [data-chart="time-to-target-examples"] g[aria-label="bar"] rect');
    expect(charted).toHaveLength(8);
    expect(document.querySelectorAll('#time-to-target tbody tr')).toHaveLength(8);
    expect([...document.querySelectorAll('#time-to-target svg text')].some((text) => text.textContent === 'never')).toBe(false);
  });

  it('shows the loss oscillation per batch size', () => {
    const noise = document.querySelector('#batch-size [data-chart="batch-size-noise"]')!;
    expect(noise.querySelectorAll('circle').length).toBe(28); // one dot per finished run
  });

  it('records what re-creates the sweep', () => {
    const text = document.querySelector('#reproducibility')!.textContent!;
    for (const fact of ['pnpm exp run sweeps/momentum.yaml', 'sweeps/momentum.yaml', 'abc1234', 'v20.20.2', '0.1.0']) {
      expect(text).toContain(fact);
    }
    expect(text).toContain(input.runs[0].record.runId);
  });

  it('makes no request of its own: the only URLs are XML namespaces (in the SVG and the page script)', () => {
    const namespaces = ['http://www.w3.org/2000/svg', 'http://www.w3.org/1999/xlink', 'http://www.w3.org/1999/xhtml', 'http://www.w3.org/2000/xmlns/', 'http://www.w3.org/XML/1998/namespace'];
    const urls = markup.match(/https?:\/\/[^\s"'<>)]*/g) ?? [];
    expect(urls.filter((url) => !namespaces.includes(url))).toEqual([]);
    expect(markup).not.toMatch(/<link\b|<img\b|<iframe\b|\bsrc=|@import|@font-face/i);
    expect(markup.match(/url\((?!#)/g)).toBeNull();
  });
});

describe('renderSweepReport, the winner statement', () => {
  function report(first: number[], second: number[]) {
    const runs = [
      ...first.map((finalMetric, replicate) => makeReportRun({ lr: 0.1, replicate, finalMetric })),
      ...second.map((finalMetric, replicate) => makeReportRun({ lr: 0.3, replicate, finalMetric })),
    ];
    return parse(renderSweepReport(makeSweepInput({ varied: ['optimizer.lr'], runs })));
  }

  it('crowns no one when the replicates overlap: the comparison is undecided', () => {
    // [0.10, 0.14] and [0.13, 0.17] overlap.
    const statement = report([0.1, 0.12, 0.14], [0.13, 0.15, 0.17]).querySelector('#winner .statement')!.textContent!;
    expect(statement).toMatch(/^Undecided: lr=0\.1 /);
    expect(statement).not.toMatch(/\bwon\b|winner/i);
  });

  it('names the winner when enough replicates are apart, with the effect and its interval', () => {
    const first = [0.1, 0.11, 0.12, 0.105, 0.115, 0.1, 0.11, 0.12];
    const second = first.map((value) => value + 0.2);
    const document = report(first, second);
    const statement = document.querySelector('#winner .statement')!.textContent!;
    expect(statement).toMatch(/^Winner: lr=0\.1,/);
    expect(statement).toMatch(/its final train_loss is lower by 0\.2 \(\d+(\.\d+)?% of the runner-up's value; 95% CI [\d.]+ to [\d.]+\)/);
    expect(document.querySelector('#winner tbody tr:last-child .verdict')!.textContent).toBe('better');
  });
});

describe('renderSweepReport with a δ the sweep declares', () => {
  // Two configurations 2 % apart, replicate k of both with the same noise (paired): by the default rule δ is
  // about 0.0002, so the leader's lead of 0.002 is a win; the sweep declares 0.01 as the smallest difference
  // that matters, and within it the two are equivalent.
  const noise = [-3, 1, -1, 2, 0, -2, 3, 0.5];
  const runs = [
    ...noise.map((k, replicate) => makeReportRun({ lr: 0.1, replicate, finalMetric: 0.1 * (1 + 0.01 * k) })),
    ...noise.map((k, replicate) => makeReportRun({ lr: 0.3, replicate, finalMetric: 0.102 * (1 + 0.01 * k) })),
  ];
  const winner = (delta?: number) => {
    const input = makeSweepInput({ varied: ['optimizer.lr'], runs });
    return parse(renderSweepReport({ ...input, sweep: { ...input.sweep, ...(delta === undefined ? {} : { delta }) } })).querySelector('#winner')!.textContent!;
  };

  it('decides with it, and says that the sweep declared it', () => {
    const declared = winner(0.01);
    expect(declared).toMatch(/Equivalent: lr=0\.1 has the best mean/);
    expect(declared).toContain('±δ = 0.01 (declared by the sweep: the smallest difference in final train_loss that matters)');
    expect(declared).not.toContain('of the interquartile range');
  });

  it('without one, names the default rule, under which the same lead is a win', () => {
    const byDefault = winner();
    expect(byDefault).toMatch(/Winner: lr=0\.1/);
    expect(byDefault).not.toContain('declared by the sweep');
    expect(byDefault).toMatch(/±δ = [\d.e-]+ \(5% of the interquartile range of final train_loss over the 16 finished runs\)/);
  });
});

describe('renderSweepReport on a landscape sweep', () => {
  const document = parse(renderSweepReport(landscapeSweepFixture()));

  it('draws one contour panel per landscape with every trajectory, start, end and landmarks', () => {
    const figures = [...document.querySelectorAll('#landscapes figure')].filter((figure) => figure.querySelector('h3'));
    expect(figures.map((figure) => figure.querySelector('h3')!.textContent)).toEqual(['saddle', 'two_minima']);
    for (const figure of figures) {
      expect(figure.querySelectorAll('g[aria-label="contour"] path').length).toBeGreaterThan(5);
      // 4 configurations × 2 replicates = 8 trajectories, each with a start and an end dot.
      expect(figure.querySelectorAll('g[aria-label="line"] path')).toHaveLength(8);
      expect(figure.querySelectorAll('g[aria-label="dot"] circle')).toHaveLength(16);
    }
    const glyphs = (index: number) => [...figures[index].querySelectorAll('g[aria-label="text"] text')].map((t) => t.textContent);
    expect(glyphs(0)).toEqual(['✕']);
    expect(glyphs(1).sort()).toEqual(['★', '★', '✕']);
  });

  it('leaves the landscape name out of a panel\'s series labels', () => {
    const legend = document.querySelector('#landscapes figure')!.textContent!;
    expect(legend).toContain('lr=0.02 · momentum=0.9');
    expect(legend).not.toContain('landscape=saddle');
  });
});

describe('renderSweepReport, safety and purity', () => {
  it('shows names and errors from run data as text, never as markup', () => {
    const evil = '<script>alert("x")</script>';
    const runs = [
      makeReportRun({ sweep: evil, optimizer: '<img src=x onerror=alert(1)>', replicate: 0, finalMetric: 0.1 }),
      makeReportRun({ sweep: evil, optimizer: '<img src=x onerror=alert(1)>', replicate: 1, status: 'failed', errorMessage: evil }),
      makeReportRun({ sweep: evil, optimizer: 'sgd', lr: 0.3, finalMetric: 0.2, landscape: { name: evil, trajectory: [{ x: 0, y: 0, loss: 0 }, { x: 1, y: 1, loss: 2 }] } }),
    ];
    const input = makeSweepInput({
      name: evil,
      description: evil,
      varied: ['optimizer.name', 'optimizer.lr'],
      runs,
      landscapes: [sampleGrid(evil, (x, y) => x * x + y * y, [-1, 1], [-1, 1], 5, [{ x: 0, y: 0, kind: evil }])],
    });
    const markup = renderSweepReport(input);
    const document = parse(markup);
    // Our own scripts are the only script elements: the sorting script, the data island, the page script;
    // no data became an element, and the island's '</script>' inside names did not end it early.
    const scripts = [...document.querySelectorAll('script')];
    expect(scripts.map((script) => script.getAttribute('type'))).toEqual([null, 'application/octet-stream', null]);
    expect(scripts[1].id).toBe('explore-data');
    const island = readExploreIsland(markup);
    expect(island.runs).toHaveLength(3);
    expect(island.settings[0].categories).toContain('<img src=x onerror=alert(1)>');
    expect(markup).not.toMatch(/<\/script>alert/);
    expect(document.querySelectorAll('img')).toHaveLength(0);
    expect(markup).not.toContain('<img src=x');
    expect(document.querySelector('h1')!.textContent).toBe(`Sweep ${evil}`);
    expect(document.querySelector('title')!.textContent).toBe(`Sweep ${evil}`);
    expect(document.querySelector('tr.status-failed .error-message')!.textContent).toBe(evil);
    expect(document.querySelector('#landscapes h3')!.textContent).toBe(evil);
    expect(document.querySelector('#runs tbody')!.textContent).toContain('<img src=x onerror=alert(1)>');
  });

  it('renders the same bytes for the same input, whatever was rendered before', () => {
    const input = landscapeSweepFixture();
    const first = renderSweepReport(input);
    renderSweepReport(momentumSweepFixture()); // advances Plot's global clip-path counter
    expect(renderSweepReport(input)).toBe(first);
    expect(first).toContain('clip-path="url(#landscape-1-clip-1)"');
  });

  it('renders a sweep with no runs yet', () => {
    const document = parse(renderSweepReport(makeSweepInput({ varied: ['optimizer.lr'], runs: [] })));
    expect(document.querySelector('header')!.textContent).toContain('No runs were found');
    expect([...document.querySelectorAll('section')].map((s) => s.id)).toEqual(['runs', 'reproducibility']);
  });
});

describe('renderSweepReport, landscape grids it cannot draw', () => {
  const run = makeReportRun({ landscape: { name: 'bowl', trajectory: [{ x: 0, y: 0, loss: 0 }] } });
  const withGrid = (grid: ReturnType<typeof sampleGrid>) => makeSweepInput({ varied: [], runs: [run], landscapes: [grid] });

  it('names the grid and the expected size when values do not match x × y', () => {
    const grid = sampleGrid('bowl', (x, y) => x * x + y * y, [-1, 1], [-1, 1], 3, []);
    grid.values.pop();
    expect(() => renderSweepReport(withGrid(grid))).toThrow(
      "landscape grid 'bowl': values has 8 entries; expected x.length × y.length = 3 × 3 = 9",
    );
  });

  it('refuses unevenly spaced coordinates', () => {
    const grid = sampleGrid('bowl', (x, y) => x * x + y * y, [-1, 1], [-1, 1], 3, []);
    grid.x = [-1, 0.5, 1];
    expect(() => renderSweepReport(withGrid(grid))).toThrow(
      "landscape grid 'bowl': x must be at least 2 evenly spaced ascending coordinates; got [-1, 0.5, 1]",
    );
  });
});

describe('renderSweepReport on a sweep over whole optimizers', () => {
  // Each optimizer comes with its own lr (and momentum, where it has one): they vary only with the name.
  const optimizers = [
    { optimizer: 'sgd', lr: 0.1, momentum: 0 },
    { optimizer: 'momentum', lr: 0.01, momentum: 0.9 },
    { optimizer: 'adam', lr: 0.001, momentum: 0 },
  ];
  const metric = { name: 'test_loss', goal: 'minimize' as const, target: null };
  const runs = optimizers.flatMap((options, i) =>
    [0, 1].map((replicate) => makeReportRun({ ...options, replicate, metric, finalMetric: 0.1 + 0.05 * i + 0.001 * replicate })),
  );
  const document = parse(renderSweepReport(makeSweepInput({ varied: ['optimizer.name', 'optimizer.lr', 'optimizer.momentum'], runs, metric })));

  it('labels configurations by the optimizer alone and keeps every key in the table', () => {
    expect(document.querySelector('#winner .statement strong')!.textContent).toBe('optimizer=sgd');
    const headers = [...document.querySelectorAll('#runs thead th')].map((th) => th.textContent);
    expect(headers.slice(1, 4)).toEqual(['optimizer', 'lr', 'momentum']);
  });

  it('draws no lr × momentum heatmap or lr sensitivity: those keys were never varied on their own', () => {
    const ids = [...document.querySelectorAll('section')].map((section) => section.id);
    expect(ids).not.toContain('metric-heatmap');
    expect(ids).not.toContain('lr-sensitivity');
  });

  it('shows the final and best training loss on the whole training set, next to a test-loss metric', () => {
    const headers = [...document.querySelectorAll('#runs thead th')].map((th) => th.textContent);
    const best = headers.indexOf('best loss');
    expect(best).toBeGreaterThan(0);
    // The fixture's epoch losses decay from 1 to final + (1 − final)·e^(−5) at the last epoch, their lowest.
    // The first row is adam's replicate 0 (names sort alphabetically), final 0.2: 0.2 + 0.8·e^(−5) = 0.20539.
    const firstRow = document.querySelector('#runs tbody tr')!;
    const cell = firstRow.querySelectorAll('td')[best];
    expect(cell.textContent).toBe(formatNumber(0.2 + 0.8 * Math.exp(-5)));
    expect(cell.textContent).toBe('0.2054');
  });
});

describe('renderSweepReport, the table of runs when the metric is the training loss', () => {
  it('leaves out the loss columns, which would repeat the metric\'s', () => {
    const document = parse(renderSweepReport(momentumSweepFixture()));
    const headers = [...document.querySelectorAll('#runs thead th')].map((th) => th.textContent);
    expect(headers).toContain('final train_loss');
    expect(headers).not.toContain('final loss');
    expect(headers).not.toContain('best loss');
  });
});
