import { parseHTML } from 'linkedom';
import { describe, expect, it } from 'vitest';
import { renderSweepReport } from '../renderSweepReport.js';
import { makeReportRun, makeSweepInput } from '../testing/fixtures.js';
import { landscapeSweepFixture, momentumSweepFixture } from '../testing/sampleSweeps.js';

describe('the winner of a sweep over several problems', () => {
  const document = parseHTML(renderSweepReport(landscapeSweepFixture())).document;

  it('judges each landscape on its own, and calls a lead without randomness exact', () => {
    const section = document.querySelector('#winner')!;
    expect([...section.querySelectorAll('h3')].map((h) => h.textContent)).toEqual(['saddle', 'two_minima']);
    const statements = [...section.querySelectorAll('.statement')].map((p) => p.textContent!);
    expect(statements).toHaveLength(2);
    for (const statement of statements) {
      expect(statement).toContain('These runs involve no randomness');
      expect(statement).not.toContain('landscape=');
    }
    expect(section.querySelectorAll('[data-chart^="winner-intervals-"]')).toHaveLength(2);
  });

  it("leaves no place for the page script's grouped chart: a group would mix the metrics of different functions", () => {
    expect(document.querySelector('#winner [data-explore="winner-groups"]')).toBeNull();
  });
});

describe('the winner section of one problem', () => {
  it("holds a hidden place for the page script's grouped chart beside the static verdict and chart, which it hides while grouped", () => {
    const { document } = parseHTML(renderSweepReport(momentumSweepFixture()));
    const mount = document.querySelector('#winner > [data-explore="winner-groups"]')!;
    expect(mount.hasAttribute('hidden')).toBe(true);
    const staticView = document.querySelector('#winner > .winner-static')!;
    expect(staticView.querySelector('.statement')).not.toBeNull();
    expect(staticView.querySelector('[data-chart="winner-intervals"]')).not.toBeNull();
  });
});

describe('the verdict at the top of a report, from the comparisons with the leader', () => {
  /**
   * One configuration per list (lr = 0.1, 0.2, …), one replicate per value. Seeded independently (the
   * values are not per-replicate pairs) unless `pairedInput` says otherwise.
   */
  function input(goal: 'minimize' | 'maximize', ...configurations: number[][]) {
    return inputSeeded('independent', goal, ...configurations);
  }
  function inputSeeded(pairing: 'paired' | 'independent', goal: 'minimize' | 'maximize', ...configurations: number[][]) {
    const metric = { name: 'test_loss', goal, target: null };
    const runs = configurations.flatMap((values, i) =>
      values.map((finalMetric, replicate) => {
        const run = makeReportRun({ lr: Number((0.1 * (i + 1)).toFixed(1)), replicate, finalMetric, metric });
        return { ...run, record: { ...run.record, config: { ...run.record.config, pairing } } };
      }),
    );
    return makeSweepInput({ varied: ['optimizer.lr'], runs, metric });
  }
  const render = (...args: Parameters<typeof input>) => parseHTML(renderSweepReport(input(...args))).document;
  const statementOf = (document: Document) => document.querySelector('#winner .statement')!.textContent!;
  const verdictCells = (document: Document) => [...document.querySelectorAll('#winner td.verdict')].map((cell) => cell.textContent);
  const eight = (center: number) => [-3, 1, -1, 2, 0, -2, 3, 0.5].map((k) => center * (1 + 0.01 * k));

  it('says a clearly better leader won, by how much, with the interval of the runner-up comparison', () => {
    const document = render('minimize', eight(0.2), eight(0.06), eight(0.11));
    const statement = statementOf(document);
    expect(statement).toMatch(/^Winner: lr=0\.2, final test_loss 0\.06\d* \(mean of 8; replicates [\d.]+–[\d.]+\) \(lower is better\)\./);
    expect(statement).toContain('It is better than each of the other 2 configurations');
    // Runner-up lr 0.3 (mean 0.11): lower by 0.05 with a 95 % interval, as a share of the runner-up's value.
    expect(statement).toMatch(/Against the runner-up lr=0\.3, .*its final test_loss is lower by 0\.05\d* \(45\.\d% of the runner-up's value; 95% CI 0\.0\d+ to 0\.0\d+\)\./);
    expect(document.querySelector('#winner .statement')!.getAttribute('class')).toBe('statement winner');
    expect(verdictCells(document)).toEqual(['better', 'better']);
  });

  it('never says won or winner for a tiny lead among noisy replicates, and says how many replicates would decide it', () => {
    const document = render('minimize', [0.42, 0.61, 0.5, 0.38, 0.57], [0.45, 0.62, 0.49, 0.41, 0.58]);
    const statement = statementOf(document);
    expect(statement).not.toMatch(/\bwon\b|winner/i);
    expect(statement).toMatch(/^Undecided: lr=0\.1 has the best mean final test_loss/);
    expect(statement).toContain('an interval that includes 0');
    const [cell] = verdictCells(document);
    const needed = /^undecided \(≈ (\d+) replicates\)$/.exec(cell!)![1];
    expect(Number(needed)).toBeGreaterThan(5);
    expect(statement).toContain(`about ${needed} replicates per configuration would decide it (the sweep has 5)`);
  });

  it('names the configurations equivalent to the leader, with δ and how δ was chosen', () => {
    const document = render('minimize', eight(0.1), eight(0.1), eight(0.5));
    const statement = statementOf(document);
    expect(statement).toMatch(/^Equivalent: lr=0\.1 has the best mean final test_loss/);
    expect(statement).toMatch(/but lr=0\.2 is equivalent to it: .* within ±δ = [\d.]+ \(5% of the interquartile range of final test_loss over the 24 finished runs\)/);
    expect(statement).toMatch(/It is better than the remaining configuration: against lr=0\.3, .* lower by 0\.4\d* \(95% CI /);
    expect(statement).not.toMatch(/\bwon\b|winner/i);
    expect(verdictCells(document)).toEqual(['equivalent', 'better']);
  });

  it('follows the goal: the leader flips and its lead reads "higher" when maximizing', () => {
    expect(statementOf(render('minimize', eight(0.9), eight(0.5)))).toMatch(/^Winner: lr=0\.2,.* is lower by 0\.4/);
    expect(statementOf(render('maximize', eight(0.9), eight(0.5)))).toMatch(/^Winner: lr=0\.1,.* is higher by 0\.4/);
  });

  it('lists every comparison in a static table: mean, effect with its interval, adjusted p and verdict', () => {
    const document = render('minimize', eight(0.2), eight(0.06), eight(0.11));
    const details = document.querySelector('#winner details.comparisons')!;
    expect(details.hasAttribute('open')).toBe(true);
    expect(details.querySelector('summary')!.textContent).toBe('The leader against each of the other 2 configurations: 2 better');
    expect([...details.querySelectorAll('thead th')].map((th) => th.textContent)).toEqual([
      'configuration',
      'replicates',
      'mean final test_loss',
      'leader lower by (95% CI)',
      'adjusted p',
      'verdict',
    ]);
    const rows = [...details.querySelectorAll('tbody tr')].map((row) => [...row.querySelectorAll('td')].map((td) => td.textContent));
    expect(rows.map((row) => row[0])).toEqual(['lr=0.2', 'lr=0.3', 'lr=0.1']);
    expect(rows[0].slice(3)).toEqual(['–', '–', 'leader']);
    expect(rows[1][3]).toMatch(/^0\.05\d* \(0\.0\d+ to 0\.0\d+\)$/);
    expect(details.textContent).toContain('The runs are not paired');
  });

  it('compares per-replicate differences when the runs were seeded in pairs', () => {
    const document = parseHTML(renderSweepReport(inputSeeded('paired', 'minimize', eight(0.2), eight(0.06), eight(0.11)))).document;
    const details = document.querySelector('#winner details.comparisons')!;
    expect(details.textContent).not.toContain('The runs are not paired');
    expect(details.textContent).toContain('Wilcoxon signed-rank test on the per-replicate differences');
    expect(verdictCells(document)).toEqual(['better', 'better']);
  });

  it('renders the same verdict bytes every time: the bootstrap is seeded, never by the clock', () => {
    const sweep = input('minimize', [0.42, 0.61, 0.5, 0.38, 0.57], [0.45, 0.62, 0.49, 0.41, 0.58], eight(0.3));
    expect(renderSweepReport(sweep)).toBe(renderSweepReport(sweep));
  });
});
