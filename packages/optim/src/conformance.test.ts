import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { checkOptimizer, formatConformance } from './conformance.js';
import { defineOptimizer, zeroArrayLike, type FloatArray, type Optimizer } from './optimizer.js';
import { sgd } from './optimizers/sgd.js';
import { loadPlugins } from './plugins.js';
import { builtins } from './registry.js';

/**
 * Every built-in with its defaults, and again with the options that switch on other code paths. The decays are
 * small: a large weight decay moves Rosenbrock's minimum and a large lr_decay stops adagrad short of any target,
 * and the convergence checks judge the method, not a changed objective. (lion: packages/optim-lion;
 * signum: plugins.test.ts.)
 */
const table: [string, Optimizer, Record<string, unknown>][] = [
  ...builtins.map((o): [string, Optimizer, Record<string, unknown>] => [o.name, o, {}]),
  ['sgd with weight decay', builtins[0], { weight_decay: 1e-3 }],
  ['momentum with dampening and nesterov', builtins[1], { dampening: 0.3, nesterov: true, weight_decay: 1e-4 }],
  ['adagrad with lr_decay and an initial accumulator', builtins[3], { lr: 0.5, lr_decay: 1e-4, initial_accumulator_value: 0.1 }],
  ['rmsprop centered with momentum', builtins[4], { centered: true, momentum: 0.9, weight_decay: 1e-4 }],
  ['adam with amsgrad', builtins[5], { amsgrad: true, weight_decay: 1e-4 }],
  ['adamw with amsgrad', builtins[6], { amsgrad: true }],
];

/** The checks added for the optimizer benchmark, by name. */
const parabola = 'converges on a parabola (f ≤ 0.001·f₀ within 25000 steps)';
const rosenbrock = 'converges on Rosenbrock (f ≤ 0.01 within 10000 steps from (−1.2, 1))';
const readsHp = 'reads hyperparameters on every step (a schedule changing lr mid-run is honoured)';
const invariances = 'declared invariances hold';
const searchRanges = 'every tunable hyperparameter has a search range';

describe('every built-in passes conformance', () => {
  it.each(table)('%s', (_, optimizer, hp) => {
    const report = checkOptimizer(optimizer, { hp });
    expect(report.checks).toHaveLength(14);
    expect(report.ok, formatConformance(report)).toBe(true);
  });
});

/** A momentum-like optimizer with one defect switched on. */
function heavyBall(name: string, defect: { grads?: boolean; counter?: boolean; hiddenState?: boolean; ascent?: boolean; nanOnZero?: boolean; float64Only?: boolean; ignoresLr?: boolean }): Optimizer {
  let calls = 0;
  const hidden = new WeakMap<FloatArray, FloatArray>();
  return defineOptimizer({
    name,
    description: 'a deliberately broken heavy ball',
    rule: 'v ← 0.5·v + g;  θ ← θ − α·v',
    hyperparameters: { lr: { type: 'number', default: 0.05, min: 0, search: { min: 1e-4, max: 0.1, log: true }, description: 'learning rate' } },
    init: (params) => ({ velocity: params.map(zeroArrayLike) }),
    update({ params, grads, state, hp }) {
      calls++;
      const out = params.map((theta, p) => {
        // hiddenState: the velocity lives in a WeakMap keyed by the parameter array, not in the returned state.
        let v = state.velocity instanceof Array ? (state.velocity as FloatArray[])[p] : zeroArrayLike(theta);
        if (defect.hiddenState) {
          if (!hidden.has(theta)) hidden.set(theta, zeroArrayLike(theta));
          v = hidden.get(theta)!;
        }
        const result = defect.float64Only ? Float64Array.from(theta) : theta;
        for (let i = 0; i < theta.length; i++) {
          let g = grads[p][i];
          if (defect.nanOnZero) g = g / Math.abs(g);
          v[i] = 0.5 * v[i] + g;
          const lr = defect.ignoresLr ? 0.05 : hp.lr;
          const jitter = defect.counter ? 1 + calls * 1e-9 : 1;
          result[i] = theta[i] + (defect.ascent ? 1 : -1) * lr * v[i] * jitter;
          if (defect.grads) (grads[p] as FloatArray)[i] = 0;
          if (defect.hiddenState) hidden.set(result, v);
        }
        return result;
      });
      return { params: out, state };
    },
  }) as Optimizer;
}

/** The names of the checks that failed. */
const failures = (optimizer: Optimizer) => checkOptimizer(optimizer).checks.filter((c) => !c.ok).map((c) => c.name);

describe('broken optimizers fail the right check', () => {
  it('a working heavy ball passes (the defects below are the only difference)', () => {
    expect(failures(heavyBall('fine', {}))).toEqual([]);
  });

  it('writes into its gradients', () => {
    expect(failures(heavyBall('grads', { grads: true }))).toContain('does not write into the gradients');
  });

  it('non-deterministic via a call counter', () => {
    expect(failures(heavyBall('counter', { counter: true }))).toEqual(['is deterministic (two fresh runs give the same bits)', 'resumes from a saved state with the same bits']);
  });

  it('keeps its state outside the returned state, so it is lost on resume', () => {
    expect(failures(heavyBall('hidden', { hiddenState: true }))).toEqual(['resumes from a saved state with the same bits']);
  });

  it('climbs instead of descending', () => {
    expect(failures(heavyBall('ascent', { ascent: true }))).toEqual(['decreases a convex quadratic', parabola, rosenbrock]);
  });

  it('divides by |g| and so gives NaN on zero gradients', () => {
    expect(failures(heavyBall('nan', { nanOnZero: true }))).toEqual(['zero gradients give no NaN']);
  });

  it('returns float64 arrays for float32 parameters', () => {
    const report = checkOptimizer(heavyBall('widens', { float64Only: true }));
    const check = report.checks.find((c) => c.name === 'works on float32 and float64 parameters')!;
    expect(check.ok).toBe(false);
    expect(check.detail).toContain('update returned params[0] as a Float64Array, expected a Float32Array like the one given');
  });

  it('ignores lr', () => {
    // Its fixed 0.05 also diverges on Rosenbrock, whatever lr the kit tries.
    expect(failures(heavyBall('stubborn', { ignoresLr: true }))).toEqual(['lr = 0 leaves the parameters unchanged', rosenbrock, readsHp]);
  });

  it('keeps state that is not plain data', () => {
    const listState = defineOptimizer({ ...sgd, name: 'list_state', init: () => ({ history: [0] as unknown as number }) }) as Optimizer;
    const report = checkOptimizer(listState);
    expect(report.checks.find((c) => c.name === 'state is plain data')).toMatchObject({ ok: false, detail: expect.stringContaining("init returned state 'history' that is not plain data") });
  });

  it('declares badly', () => {
    const noLr = { ...sgd, name: 'no_lr', hyperparameters: { weight_decay: sgd.hyperparameters.weight_decay } } as unknown as Optimizer;
    const report = checkOptimizer(noLr);
    expect(report.checks[0]).toMatchObject({ ok: false, detail: expect.stringContaining("hyperparameters has no 'lr'") });
  });

  it('rejects hyperparameters given out of range', () => {
    const report = checkOptimizer(sgd, { hp: { lr: -1 } });
    expect(report.checks[0].ok).toBe(false);
    expect(report.checks[0].detail).toContain("sgd: hyperparameter 'lr' = -1 is out of range");
  });
});

describe('formatConformance', () => {
  it('gives a headline and one ✓ or ✗ line per check', () => {
    const text = formatConformance(checkOptimizer(heavyBall('nan', { nanOnZero: true })));
    const lines = text.split('\n');
    expect(lines[0]).toBe("optimizer 'nan': 13 of 14 checks passed (FAILED)");
    expect(lines).toHaveLength(15);
    expect(lines.filter((l) => l.startsWith('  ✗ '))).toEqual([expect.stringMatching(/^ {2}✗ zero gradients give no NaN: parameter 0 \(flat index\) is NaN after 5 steps/)]);
  });
});

const fixtures = path.join(path.dirname(fileURLToPath(import.meta.url)), '__fixtures__');

/** A bad plugin from __fixtures__, loaded as `exp optimizers check <file>` loads it, and its conformance report. */
async function checkFixture(file: string) {
  const [optimizer] = (await loadPlugins([`./${file}`], { baseDir: fixtures })).optimizers;
  return checkOptimizer(optimizer);
}

describe('the checks the optimizer benchmark needs', () => {
  it('a plugin that reads lr at init and keeps it fails only "reads hyperparameters on every step"', async () => {
    const report = await checkFixture('caches-lr.ts');
    expect(report.checks.filter((c) => !c.ok)).toEqual([
      { name: readsHp, ok: false, detail: expect.stringMatching(/^10 steps at lr = 0\.01, then 10 at lr = 0 moved the parameters: params\[0\]\[0\] is \S+, expected \S+ \(is lr read once, at init, and kept\?\)$/) },
    ]);
  });

  it('halving lr for one step halves the step of every built-in (the pass names the ratio)', () => {
    for (const optimizer of builtins) expect(checkOptimizer(optimizer).checks.find((c) => c.name === readsHp)!.detail).toContain('a step at lr/2 is 0.500× the step at lr');
  });

  it('plain gradient descent that declares gradient-scale invariance fails only that check', async () => {
    const report = await checkFixture('claims-scale-invariance.ts');
    expect(report.checks.filter((c) => !c.ok)).toEqual([
      { name: invariances, ok: false, detail: expect.stringMatching(/^declares 'gradient-scale' but with every gradient ×1024 the parameters differ after 20 steps: params\[\d\]\[\d\] is \S+, \S+ without scaling$/) },
    ]);
  });

  it('an optimizer that declares no invariance passes with "none declared"', () => {
    expect(checkOptimizer(sgd).checks.find((c) => c.name === invariances)).toEqual({ name: invariances, ok: true, detail: 'none declared' });
  });

  it('refuses an invariance it does not know, with the accepted list', () => {
    const report = checkOptimizer({ ...sgd, invariances: ['gradient_scale', 'rotation'] } as unknown as Optimizer);
    expect(report.checks[0]).toMatchObject({ ok: false, detail: expect.stringContaining("invariances[0] is 'gradient_scale', an invariance the kit does not know; did you mean 'gradient-scale'? (accepted: 'gradient-scale')") });
    expect(report.checks[0].detail).toContain("invariances[1] is 'rotation', an invariance the kit does not know (accepted: 'gradient-scale')");
    expect(report.checks.find((c) => c.name === invariances)).toMatchObject({ ok: false, detail: "'gradient_scale' is not an invariance the kit knows (see the declaration check)" });
  });

  it('a plugin whose lr range is open fails only the search-range check, which says what to add', async () => {
    const report = await checkFixture('open-lr-range.ts');
    expect(report.checks.filter((c) => !c.ok)).toEqual([
      {
        name: searchRanges,
        ok: false,
        detail:
          "the benchmark cannot tune 'lr': 'lr' accepts a finite number in (0, ∞), an open range; add search: { min: 0.00001, max: 0.1, log: true } to its declaration, or search: false to keep its default when tuning",
      },
    ]);
  });

  it('lists each hyperparameter with its search range, or fixed', () => {
    expect(checkOptimizer(builtins[5]).checks.find((c) => c.name === searchRanges)!.detail).toBe('lr log 0.00001..0.1, beta1 0.5..0.99, beta2 0.9..0.9999, eps fixed, weight_decay fixed');
  });

  it('a plugin that converges on the parabola but diverges on Rosenbrock at every declared lr fails only that check', async () => {
    const report = await checkFixture('diverges-on-rosenbrock.ts');
    expect(report.checks.filter((c) => !c.ok)).toEqual([
      { name: rosenbrock, ok: false, detail: expect.stringMatching(/^no lr converged: lr = 0\.1 diverged at step \d+; lr = 0\.03 diverged at step \d+$/) },
    ]);
  });

  it('tries only the lr the caller gives on Rosenbrock, and sgd converges at its best lr', () => {
    const given = checkOptimizer(sgd, { hp: { lr: 0.01 } }).checks.find((c) => c.name === rosenbrock)!;
    expect(given).toMatchObject({ ok: false, detail: expect.stringMatching(/^no lr converged \(only the lr given was tried\): lr = 0\.01 diverged at step \d+$/) });
    // Derived by hand above the valley: at (−1.2, 1) the curvature is ~1000, so lr 0.01 overshoots by 10×; 1e-3 is stable.
    const swept = checkOptimizer(sgd).checks.find((c) => c.name === rosenbrock)!;
    expect(swept).toMatchObject({ ok: true, detail: expect.stringMatching(/^reached f = \S+ after \d+ steps at lr = 0\.001; before that lr = 0\.01 diverged/) });
  });
});
