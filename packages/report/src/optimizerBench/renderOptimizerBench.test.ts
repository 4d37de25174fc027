import { parseHTML } from 'linkedom';
import { describe, expect, it } from 'vitest';
import { BENCH_BASELINES, BENCH_TIMING_MACHINE, BENCH_WORKLOADS, benchSummaryFixture, benchTimingFixture } from '../testing/index.js';
import { formatCount, formatMilliseconds } from '../format.js';
import { renderOptimizerBench } from './renderOptimizerBench.js';

const summary = benchSummaryFixture();
const page = renderOptimizerBench(summary);
const { document } = parseHTML(page);

/** The profile chart's line paths by optimizer (each path carries its optimizer as a <title>). */
function profilePaths(doc: Document): Map<string, string> {
  const paths = new Map<string, string>();
  for (const path of doc.querySelectorAll('[data-chart="bench-profile"] path')) {
    const title = path.querySelector('title')?.textContent;
    if (title) paths.set(title, path.getAttribute('d') ?? '');
  }
  return paths;
}

/** The y coordinates of an SVG path made of M, L, H and V commands (Plot's step lines). */
function pathYs(d: string): number[] {
  const ys: number[] = [];
  for (const [, command, args] of d.matchAll(/([MLHV])([^MLHVZ]*)/g)) {
    const numbers = args.split(/[ ,]+/).filter(Boolean).map(Number);
    if (command === 'M' || command === 'L') for (let i = 1; i < numbers.length; i += 2) ys.push(numbers[i]);
    if (command === 'V') ys.push(...numbers);
  }
  return ys;
}

describe('the optimizer bench report', () => {
  it('opens with one answer paragraph per candidate, before any section, then the suite facts and conformance', () => {
    const header = document.querySelector('header.report-header')!;
    const answers = [...header.querySelectorAll('p.answer')];
    expect(answers.map((p) => p.getAttribute('data-optimizer'))).toEqual(['adabelief', 'half-flipped-sgd']);
    expect(answers[0].textContent).toBe(summary.answers.adabelief);
    // The first paragraph of the body is the first answer; every section comes after the header.
    expect(document.querySelector('body p')).toBe(answers[0]);
    expect(page.indexOf(summary.answers['half-flipped-sgd'])).toBeLessThan(page.indexOf('<section'));
    const facts = header.querySelector('p.facts')!.textContent!;
    for (const fact of ['bench-2026.12-1', 'seed 18', 'quick budget', 'js-f64']) expect(facts).toContain(fact);
    const conformance = header.querySelector('p.conformance')!.textContent!;
    expect(conformance).toContain('10 pass');
    expect(conformance).toContain('half-flipped-sgd fails converges on a parabola, converges on Rosenbrock');
  });

  it('draws one profile line per optimizer, the candidates thick and the baselines muted, with the score in the legend', () => {
    const paths = profilePaths(document);
    expect([...paths.keys()].sort()).toEqual([...summary.candidates, ...BENCH_BASELINES].sort());
    const widthOf = (name: string) => {
      const path = [...document.querySelectorAll('[data-chart="bench-profile"] path')].find((p) => p.querySelector('title')?.textContent === name)!;
      const group = path.closest('g[stroke-width]')!;
      return { width: Number(group.getAttribute('stroke-width')), opacity: group.getAttribute('stroke-opacity') };
    };
    for (const candidate of summary.candidates) expect(widthOf(candidate)).toEqual({ width: 3, opacity: null });
    for (const baseline of BENCH_BASELINES) {
      expect(widthOf(baseline).width).toBeLessThan(3);
      expect(Number(widthOf(baseline).opacity)).toBeLessThan(1);
    }
    const legend = [...document.querySelectorAll('ol.profile-key li')];
    expect(legend).toHaveLength(11);
    const adabelief = summary.profile.find((line) => line.optimizer === 'adabelief')!;
    const adabeliefEntry = legend.find((li) => li.getAttribute('data-optimizer') === 'adabelief')!;
    expect(adabeliefEntry.textContent).toBe(`adabelief · score ${adabelief.score.toPrecision(3).replace(/0+$/, '')}`);
    expect(adabeliefEntry.querySelector('strong')).not.toBeNull();
    expect(legend.find((li) => li.getAttribute('data-optimizer') === 'adam')!.querySelector('strong')).toBeNull();
    expect(document.querySelector('#profile .caption')!.textContent).toContain(
      'A line higher and further left is better: the fraction of workloads an optimizer reaches within τ times the fastest time',
    );
  });

  it('draws an optimizer that never reached anything flat at ρ = 0 and ranks it last', () => {
    const paths = profilePaths(document);
    const broken = pathYs(paths.get('half-flipped-sgd')!);
    const everyY = [...paths.values()].flatMap(pathYs);
    expect(new Set(broken).size).toBe(1); // flat
    expect(broken[0]).toBe(Math.max(...everyY)); // at the bottom: ρ = 0 (SVG y grows downwards)
    const sgd = pathYs(paths.get('sgd')!);
    expect(Math.min(...sgd)).toBeLessThan(broken[0]); // a line that reaches something rises above it
    const legend = [...document.querySelectorAll('ol.profile-key li')].map((li) => li.getAttribute('data-optimizer'));
    expect(legend[legend.length - 1]).toBe('half-flipped-sgd');
    const scores = legend.map((name) => summary.profile.find((line) => line.optimizer === name)!.score);
    expect(scores).toEqual(scores.slice().sort((a, b) => b - a));
  });

  it('counts an optimizer without a profile line as ρ = 0 and ranks it last', () => {
    const missing = { ...summary, profile: summary.profile.filter((line) => line.optimizer !== 'half-flipped-sgd') };
    const { document: doc } = parseHTML(renderOptimizerBench(missing));
    const ys = pathYs(profilePaths(doc).get('half-flipped-sgd')!);
    // The y domain is fixed to [0, 1], so ρ = 0 is the same height as in the summary that has the line of zeros.
    const zero = pathYs(profilePaths(document).get('half-flipped-sgd')!)[0];
    expect(new Set(ys)).toEqual(new Set([zero]));
    const legend = [...doc.querySelectorAll('ol.profile-key li')];
    expect(legend[legend.length - 1].textContent).toBe('half-flipped-sgd · score 0');
  });

  it('has a table cell for every workload × optimizer with its time to target and, for candidates, the verdict', () => {
    const rows = [...document.querySelectorAll('table.bench-results tbody tr')];
    expect(rows).toHaveLength(BENCH_WORKLOADS.length * 11);
    for (const result of summary.results) {
      const row = rows.find((tr) => tr.getAttribute('data-workload') === result.workload && tr.getAttribute('data-optimizer') === result.optimizer);
      expect(row, `${result.optimizer} on ${result.workload}`).toBeDefined();
      const time = row!.querySelector('td.time')!;
      if (result.examplesToTarget === null) {
        expect(time.textContent).toBe('never');
      } else {
        expect(time.getAttribute('data-sort')).toBe(String(result.examplesToTarget));
        expect(time.textContent).toBe(`${formatCount(result.examplesToTarget)} examples${formatCount(result.stepsToTarget)} steps`);
        expect(time.getAttribute('title')).toBe(`${formatCount(result.stepsToTarget)} steps`);
      }
      // Reached out of the scored replicates; replicates added for the verdict are counted apart.
      const extra = result.replicates - result.scored;
      expect(row!.textContent).toContain(`${result.reached}/${result.scored}${extra > 0 ? ` (+${extra} for the verdict)` : ''}`);
      const verdictCell = row!.querySelector('td.verdict')!;
      const verdict = summary.verdicts.find((v) => v.optimizer === result.optimizer && v.workload === result.workload);
      if (verdict === undefined) expect(verdictCell.textContent).not.toMatch(/better|worse|equivalent|undecided/);
      else {
        expect(verdictCell.textContent).toBe(`${verdict.verdict} vs ${verdict.against}`);
        expect(verdictCell.classList.contains(`verdict-${verdict.verdict}`)).toBe(true);
      }
    }
    // The fixture's verdicts cover all four kinds, so each colour is exercised.
    expect(summary.results.some((r) => r.replicates > r.scored)).toBe(true);
    const kinds = new Set([...document.querySelectorAll('table.bench-results td.verdict')].map((td) => td.textContent!.split(' ')[0]).filter(Boolean));
    expect([...kinds].sort()).toEqual(['better', 'equivalent', 'undecided', 'worse']);
  });

  it('marks a workload nobody reached', () => {
    const { document: doc } = parseHTML(renderOptimizerBench(benchSummaryFixture({ nobodyReaches: ['saddle'] })));
    const saddle = [...doc.querySelectorAll('table.bench-results tbody tr[data-workload="saddle"]')];
    expect(saddle).toHaveLength(11);
    for (const row of saddle) {
      expect(row.classList.contains('nobody-reached')).toBe(true);
      expect(row.textContent).toContain('nobody reached the target');
    }
    expect(doc.querySelectorAll('tr.nobody-reached')).toHaveLength(11);
    expect(doc.querySelector('#profile .note')!.textContent).toContain('1 of 8 workloads were reached by no optimizer');
  });

  it('escapes optimizer names everywhere (a plugin called <script>…)', () => {
    const hostile = '<script>alert(1)</script>';
    const escapedPage = renderOptimizerBench(benchSummaryFixture({ candidates: [hostile, 'half-flipped-sgd'], curves: true }));
    expect(escapedPage).not.toContain(hostile);
    expect(escapedPage).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    const { document: doc } = parseHTML(escapedPage);
    // The only script is the page's own sort script.
    expect(doc.querySelectorAll('script')).toHaveLength(1);
    expect(doc.querySelector('p.answer')!.textContent).toContain(hostile);
    expect(doc.querySelector('ol.profile-key li strong')!.textContent).toContain(hostile);
  });

  it('shows only the hyperparameters tuning searched; the ones kept at their defaults are in the title', () => {
    const adam = document.querySelector('table.bench-results tr[data-workload="ravine"][data-optimizer="adam"] td.tuned')!;
    expect(adam.textContent).toBe('lr=0.003 · beta1=0.9 · beta2=0.999');
    expect(adam.getAttribute('title')).toBe('not searched: eps=1e-8');
    const sgd = document.querySelector('table.bench-results tr[data-workload="ravine"][data-optimizer="sgd"] td.tuned')!;
    expect(sgd.textContent).toBe('lr=0.05');
    expect(sgd.hasAttribute('title')).toBe(false);
  });

  it('has no wall-time section without timing.json (the summary holds no wall time)', () => {
    expect(document.querySelector('#wall-time')).toBeNull();
    expect(document.querySelector('nav.sections')!.textContent).not.toContain('Wall time');
  });

  it('with timing.json, shows wall time to target and training time per workload × optimizer, labelled with the machine', () => {
    const timing = benchTimingFixture(summary);
    const { document: doc } = parseHTML(renderOptimizerBench(summary, timing));
    const caption = doc.querySelector('#wall-time .caption')!.textContent!;
    expect(caption).toContain(`Measured on ${BENCH_TIMING_MACHINE.machine}, Node ${BENCH_TIMING_MACHINE.node}, kernels js-f64.`);
    expect(caption).toContain('nothing above is scored by it');
    const rows = [...doc.querySelectorAll('table.bench-wall-time tbody tr')];
    expect(rows.map((row) => row.getAttribute('data-workload'))).toEqual(BENCH_WORKLOADS.map((w) => w.id));
    const optimizers = [...doc.querySelectorAll('table.bench-wall-time thead th')].slice(1).map((th) => th.textContent);
    for (const entry of timing.results) {
      const row = rows.find((tr) => tr.getAttribute('data-workload') === entry.workload)!;
      const td = row.querySelectorAll('td')[optimizers.indexOf(entry.optimizer)];
      const toTarget = entry.wallTimeToTargetMs === null ? 'never' : formatMilliseconds(entry.wallTimeToTargetMs);
      expect(td.textContent, `${entry.optimizer} on ${entry.workload}`).toBe(`${toTarget}of ${formatMilliseconds(entry.trainingMs)} training`);
    }
    // Times from two machines: both named, and the reader told they do not compare.
    const mixed = benchTimingFixture(summary, [BENCH_TIMING_MACHINE, { ...BENCH_TIMING_MACHINE, machine: 'other-host (darwin-arm64, 10 × Apple M1)' }]);
    const mixedCaption = parseHTML(renderOptimizerBench(summary, mixed)).document.querySelector('#wall-time .caption')!.textContent!;
    expect(mixedCaption).toContain('Measured on 2 machines');
    expect(mixedCaption).toContain('other-host (darwin-arm64, 10 × Apple M1), Node v22.11.0, kernels js-f64 (1 run)');
    expect(mixedCaption).toContain('Times from different machines do not compare.');
  });

  it('draws learning curves only when the summary has them', () => {
    expect(document.querySelector('#curves')).toBeNull();
    const { document: doc } = parseHTML(renderOptimizerBench(benchSummaryFixture({ curves: true })));
    const figures = [...doc.querySelectorAll('#curves figure.bench-curve')];
    expect(figures.map((f) => f.getAttribute('data-workload'))).toEqual(BENCH_WORKLOADS.map((w) => w.id));
    // Each chart: both candidates and the built-in the verdicts name (nesterov on the ravine).
    const ravineLines = [...figures[0].querySelectorAll('path title')].map((t) => t.textContent).sort();
    expect(ravineLines).toEqual(['adabelief', 'half-flipped-sgd', 'nesterov']);
  });

  it('is a pure function of the summary', () => {
    expect(renderOptimizerBench(benchSummaryFixture())).toBe(page);
  });
});

describe('the workloads table', () => {
  it('shows the reason beside a target the workload fixes, and nothing beside a derived one', () => {
    const reason = 'below the shallow minimum: only a run that crossed the barrier reaches it';
    const fixed = { ...summary, workloads: summary.workloads.map((w) => (w.id === 'double-well' ? { ...w, target: 0, targetRule: reason } : w)) };
    const doc = parseHTML(renderOptimizerBench(fixed)).document;
    const rows = [...doc.querySelectorAll('table.bench-workloads tbody tr')];
    const rules = rows.map((row) => row.querySelector('.target-rule')?.textContent ?? null);
    expect(rules).toEqual(summary.workloads.map((w) => (w.id === 'double-well' ? reason : null)));
  });
});
