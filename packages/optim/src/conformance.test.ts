import { describe, expect, it } from 'vitest';
import { checkOptimizer, formatConformance } from './conformance.js';
import { defineOptimizer, zeroArrayLike, type FloatArray, type Optimizer } from './optimizer.js';
import { sgd } from './optimizers/sgd.js';
import { builtins } from './registry.js';

/** Every built-in with its defaults, and again with the options that switch on other code paths. */
const table: [string, Optimizer, Record<string, unknown>][] = [
  ...builtins.map((o): [string, Optimizer, Record<string, unknown>] => [o.name, o, {}]),
  ['sgd with weight decay', builtins[0], { weight_decay: 0.1 }],
  ['momentum with dampening and nesterov', builtins[1], { dampening: 0.3, nesterov: true, weight_decay: 0.01 }],
  ['adagrad with lr_decay and an initial accumulator', builtins[3], { lr_decay: 0.1, initial_accumulator_value: 0.1 }],
  ['rmsprop centered with momentum', builtins[4], { centered: true, momentum: 0.9, weight_decay: 0.01 }],
  ['adam with amsgrad', builtins[5], { amsgrad: true, weight_decay: 0.01 }],
  ['adamw with amsgrad', builtins[6], { amsgrad: true }],
];

describe('every built-in passes conformance', () => {
  it.each(table)('%s', (_, optimizer, hp) => {
    const report = checkOptimizer(optimizer, { hp });
    expect(report.checks).toHaveLength(9);
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
    hyperparameters: { lr: { type: 'number', default: 0.05, min: 0, description: 'learning rate' } },
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
    expect(failures(heavyBall('ascent', { ascent: true }))).toEqual(['decreases a convex quadratic']);
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
    expect(failures(heavyBall('stubborn', { ignoresLr: true }))).toEqual(['lr = 0 leaves the parameters unchanged']);
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
    expect(lines[0]).toBe("optimizer 'nan': 8 of 9 checks passed (FAILED)");
    expect(lines).toHaveLength(10);
    expect(lines.filter((l) => l.startsWith('  ✗ '))).toEqual([expect.stringMatching(/^ {2}✗ zero gradients give no NaN: parameter 0 \(flat index\) is NaN after 5 steps/)]);
  });
});
