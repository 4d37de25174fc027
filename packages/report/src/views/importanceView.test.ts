import { parseHTML } from 'linkedom';
import { describe, expect, it } from 'vitest';
import { renderSweepReport, sweepReportSections } from '../renderSweepReport.js';
import { makeReportRun, makeSweepInput } from '../testing/fixtures.js';
import type { ReportRun } from '../types.js';

const VARIED = ['optimizer.lr', 'optimizer.momentum', 'train.batch_size'];
const LRS = [0.001, 0.01, 0.1];
const MOMENTA = [0, 0.5, 0.9];
const BATCHES = [16, 64];

/** Every lr × momentum × batch, two replicates each, with the final metric `metric(lr, momentum, batch)`. */
function gridRuns(metric: (lr: number, momentum: number, batch: number) => number, options: { diverged?: (lr: number) => boolean } = {}): ReportRun[] {
  return LRS.flatMap((lr) =>
    MOMENTA.flatMap((momentum) =>
      BATCHES.flatMap((batchSize) =>
        [0, 1].map((replicate) =>
          makeReportRun({ lr, momentum, batchSize, replicate, finalMetric: metric(lr, momentum, batchSize), status: options.diverged?.(lr) ? 'diverged' : 'finished' }),
        ),
      ),
    ),
  );
}

function importanceSection(runs: ReportRun[], method: 'grid' | 'random' = 'grid') {
  const { document } = parseHTML(renderSweepReport(makeSweepInput({ runs, varied: VARIED, method })));
  return document.querySelector('section#importance');
}

/** The percentages the sentence gives, by label. */
function sharesIn(section: Element): Map<string, number> {
  const text = section.querySelector('.importance-statement')!.textContent!;
  return new Map([...text.matchAll(/([a-z× ]+?) (?:explains )?(\d+) %/g)].map((m) => [m[1].trim().replace(/^, /, ''), Number(m[2])]));
}

describe('the importance view', () => {
  it('on a complete grid gives the exact shares of an additive metric: 3 levels of lr and momentum, hand-derived', () => {
    // metric = a(lr) + b(momentum), a over the lr levels = (0, 3, 6), b over the momentum levels = (0, 1, 2).
    // Var(a) = 6, Var(b) = 2/3 (population variance over equally weighted levels), additive so no interaction:
    // lr explains 6 / (6 + 2/3) = 90 %, momentum 10 %, batch 0 %.
    const section = importanceSection(gridRuns((lr, momentum) => 3 * LRS.indexOf(lr) + MOMENTA.indexOf(momentum)))!;
    expect(section).not.toBeNull();
    const shares = sharesIn(section);
    expect(shares.get('lr')).toBe(90);
    expect(shares.get('momentum')).toBe(10);
    expect(section.textContent).toContain('over 18 configurations');
    expect(section.textContent).toContain('the decomposition is exact');
    // One bar per main effect and pair (3 + 3), each titled with its share.
    const titles = [...section.querySelectorAll('svg g[aria-label="bar"] rect title')].map((t) => t.textContent);
    expect(titles.sort()).toEqual(['batch: 0.0 %', 'lr × batch: 0.0 %', 'lr × momentum: 0.0 %', 'lr: 90.0 %', 'momentum × batch: 0.0 %', 'momentum: 10.0 %'].sort());
  });

  it('puts a pure interaction in the pair, not in either setting', () => {
    // metric = s(lr)·s(momentum) with s = (−1, 0, 1) over the levels: every main effect is 0, the pair holds it all.
    const sign = (i: number) => i - 1;
    const section = importanceSection(gridRuns((lr, momentum) => 1 + sign(LRS.indexOf(lr)) * sign(MOMENTA.indexOf(momentum))))!;
    const shares = sharesIn(section);
    expect(shares.get('lr × momentum')).toBe(100);
    expect(section.querySelector('.importance-statement strong')!.textContent).toBe('lr × momentum');
  });

  it('counts a configuration that diverged as the worst value, not as missing: hand-derived shares', () => {
    // metric = 0.1, + 0.02 at batch 16; every run at lr 0.1 diverged, so it counts as the worst finite value, 0.12.
    // Over the 18 cells (momentum does nothing): 12 at 0.12, 6 at 0.1, μ = 0.11333, V = 8.889e-5.
    // lr: level means (0.11, 0.11, 0.12): V_lr = 2.222e-5 → 25 %; batch: (0.12, 0.10667): V_b = 4.444e-5 → 50 %;
    // the pair holds the remaining 25 %.
    const section = importanceSection(gridRuns((_lr, _m, batch) => 0.1 + (batch === 16 ? 0.02 : 0), { diverged: (lr) => lr === 0.1 }))!;
    const shares = sharesIn(section);
    expect(shares.get('batch')).toBe(50);
    expect(shares.get('lr')).toBe(25);
    expect(shares.get('lr × batch')).toBe(25);
    expect(section.textContent).toContain('6 configurations where a replicate diverged or failed count as the worst value');
  });

  it('uses a seeded forest on a sampled search: the setting the metric follows leads, the same numbers every time', () => {
    // 40 configurations sampled as a Halton sequence (bases 2 and 3: lr and momentum independent); the metric follows log10(lr) only.
    const radicalInverse = (i: number, base: number) => {
      let value = 0;
      for (let f = 1 / base, n = i; n > 0; n = Math.floor(n / base), f /= base) value += f * (n % base);
      return value;
    };
    const runs = Array.from({ length: 40 }, (_, k) => {
      const lr = 10 ** (-4 + 3 * radicalInverse(k + 1, 2));
      const momentum = 0.99 * radicalInverse(k + 1, 3);
      return makeReportRun({ lr, momentum, batchSize: 32, finalMetric: 1 + Math.log10(lr) });
    });
    const varied = ['optimizer.lr', 'optimizer.momentum'];
    const render = () => renderSweepReport(makeSweepInput({ runs, varied, method: 'random' }));
    const html = render();
    const section = parseHTML(html).document.querySelector('section#importance')!;
    expect(section.textContent).toContain('random forest');
    const shares = sharesIn(section);
    expect(shares.get('lr')).toBeGreaterThanOrEqual(95);
    expect(shares.get('momentum') ?? 0).toBeLessThanOrEqual(2);
    expect(render()).toBe(html);
  });

  it('is left out when fewer than two settings vary', () => {
    const runs = LRS.flatMap((lr) => [0, 1].map((replicate) => makeReportRun({ lr, replicate, finalMetric: lr })));
    const sections = sweepReportSections(makeSweepInput({ runs, varied: ['optimizer.lr'] }));
    expect(sections.map((s) => s.id)).not.toContain('importance');
  });
});
