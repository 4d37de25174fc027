import { describe, expect, it } from 'vitest';
import { resolveHyperparameters, type FloatArray, type Optimizer } from '../optimizer.js';
import { adagrad } from './adagrad.js';
import { adam } from './adam.js';
import { adamw } from './adamw.js';
import { momentum } from './momentum.js';
import { nesterov } from './nesterov.js';
import { rmsprop } from './rmsprop.js';
import { sgd } from './sgd.js';

/*
 * Reference values for every built-in, derived by hand from the published update rules (the algorithm
 * boxes of PyTorch's documentation for torch.optim.SGD, Adagrad, RMSprop, Adam, AdamW). Each test takes
 * 2–3 steps on θ₀ = [1, −2] with the gradients given (not computed from θ), in float64, and checks every
 * coordinate to 1e-6 relative. The arithmetic is in the comments; where a square root does not come out
 * round the expected value keeps it as Math.sqrt of the hand-computed number.
 */

const start = [1, -2];

/** θ after each of the steps taken with `gradients` (lr may change per step to mimic a schedule). */
function trail(optimizer: Optimizer, hp: Record<string, unknown>, gradients: number[][], lrs?: number[]): number[][] {
  const values = resolveHyperparameters(optimizer, hp);
  let params: FloatArray[] = [Float64Array.from(start)];
  let state = optimizer.init(params, values);
  return gradients.map((g, step) => {
    const stepValues = lrs === undefined ? values : { ...values, lr: lrs[step] };
    ({ params, state } = optimizer.update({ params, grads: [Float64Array.from(g)], state, hp: stepValues, step }));
    return Array.from(params[0]);
  });
}

function expectClose(actual: number[][], expected: number[][]): void {
  expect(actual).toHaveLength(expected.length);
  actual.forEach((row, step) =>
    row.forEach((a, i) => {
      const e = expected[step][i];
      expect(Math.abs(a - e), `step ${step + 1}, θ[${i}] = ${a}, expected ${e}`).toBeLessThanOrEqual(1e-6 * Math.abs(e));
    }),
  );
}

const g1 = [0.5, 1];
const g2 = [-1, 2];
const g3 = [0.25, -0.5];

describe('sgd', () => {
  it('steps against the gradient with L2 weight decay added to it', () => {
    // α = 0.1, λ = 0.1.
    // Step 1: g = g₁ + λθ₀ = [0.5 + 0.1, 1 − 0.2] = [0.6, 0.8];          θ₁ = [1 − 0.06, −2 − 0.08] = [0.94, −2.08]
    // Step 2: g = g₂ + λθ₁ = [−1 + 0.094, 2 − 0.208] = [−0.906, 1.792];  θ₂ = [0.94 + 0.0906, −2.08 − 0.1792] = [1.0306, −2.2592]
    expectClose(trail(sgd, { lr: 0.1, weight_decay: 0.1 }, [g1, g2]), [
      [0.94, -2.08],
      [1.0306, -2.2592],
    ]);
  });
});

describe('momentum', () => {
  it('updates every element of arrays of any length as the rule says, in float32 bit for bit', () => {
    // The update runs four elements per turn of its loop and the rest one by one: lengths 0–13 take both
    // paths. Reference: the rule element by element, rounding to float32 where the arrays store.
    const lr = 0.05;
    const rho = 0.9;
    const hp = resolveHyperparameters(momentum, { lr, momentum: rho });
    for (let n = 0; n <= 13; n++) {
      const value = (i: number, k: number) => Math.fround(Math.sin(7 * i + 3 * k + n) * (k + 1));
      const params = [Float32Array.from({ length: n }, (_, i) => value(i, 0))];
      const theta = Array.from(params[0]);
      const velocity = new Array<number>(n).fill(0);
      let state = momentum.init(params, hp);
      for (let step = 0; step < 3; step++) {
        const grads = [Float32Array.from({ length: n }, (_, i) => value(i, step + 1))];
        state = momentum.update({ params, grads, state, hp, step }).state;
        for (let i = 0; i < n; i++) {
          velocity[i] = Math.fround(rho * velocity[i] + grads[0][i]);
          theta[i] = Math.fround(theta[i] - lr * velocity[i]);
        }
        expect(Array.from(params[0]), `length ${n}, step ${step + 1}`).toEqual(theta);
        expect(Array.from((state.velocity as Float32Array[])[0]), `velocity, length ${n}`).toEqual(velocity);
      }
    }
  });

  it('heavy ball: v ← ρ·v + g with v₁ = g, θ ← θ − α·v', () => {
    // α = 0.1, ρ = 0.9.
    // Step 1: v = g₁ = [0.5, 1];                                             θ₁ = [0.95, −2.1]
    // Step 2: v = 0.9·[0.5, 1] + [−1, 2] = [−0.55, 2.9];                     θ₂ = [0.95 + 0.055, −2.1 − 0.29] = [1.005, −2.39]
    // Step 3: v = 0.9·[−0.55, 2.9] + [0.25, −0.5] = [−0.245, 2.11];          θ₃ = [1.005 + 0.0245, −2.39 − 0.211] = [1.0295, −2.601]
    expectClose(trail(momentum, { lr: 0.1, momentum: 0.9 }, [g1, g2, g3]), [
      [0.95, -2.1],
      [1.005, -2.39],
      [1.0295, -2.601],
    ]);
  });

  it('dampening spares the first step (v₁ = g) and scales later gradients by 1 − τ', () => {
    // α = 0.1, ρ = 0.9, τ = 0.5.
    // Step 1: v = g₁ = [0.5, 1] (undamped, as PyTorch);                      θ₁ = [0.95, −2.1]
    // Step 2: v = 0.9·[0.5, 1] + 0.5·[−1, 2] = [−0.05, 1.9];                 θ₂ = [0.95 + 0.005, −2.1 − 0.19] = [0.955, −2.29]
    // Step 3: v = 0.9·[−0.05, 1.9] + 0.5·[0.25, −0.5] = [0.08, 1.46];        θ₃ = [0.955 − 0.008, −2.29 − 0.146] = [0.947, −2.436]
    expectClose(trail(momentum, { lr: 0.1, momentum: 0.9, dampening: 0.5 }, [g1, g2, g3]), [
      [0.95, -2.1],
      [0.955, -2.29],
      [0.947, -2.436],
    ]);
  });

  it('with ρ = 0 is plain SGD, dampening or not (PyTorch keeps no buffer)', () => {
    // θ₁ = θ₀ − 0.1·g₁ = [0.95, −2.1];  θ₂ = θ₁ − 0.1·g₂ = [1.05, −2.3]
    expectClose(trail(momentum, { lr: 0.1, momentum: 0, dampening: 0.5 }, [g1, g2]), [
      [0.95, -2.1],
      [1.05, -2.3],
    ]);
  });

  it('adds L2 weight decay to the gradient before the velocity', () => {
    // α = 0.1, ρ = 0.9, λ = 0.1.
    // Step 1: g = [0.6, 0.8] (as for sgd); v = g;                            θ₁ = [0.94, −2.08]
    // Step 2: g = g₂ + 0.1·θ₁ = [−0.906, 1.792]; v = 0.9·[0.6, 0.8] + g = [−0.366, 2.512]
    //         θ₂ = [0.94 + 0.0366, −2.08 − 0.2512] = [0.9766, −2.3312]
    expectClose(trail(momentum, { lr: 0.1, momentum: 0.9, weight_decay: 0.1 }, [g1, g2]), [
      [0.94, -2.08],
      [0.9766, -2.3312],
    ]);
  });

  it('keeps α outside the velocity, so a scheduled α rescales the whole velocity', () => {
    // α₁ = 0.1, α₂ = 0.05, ρ = 0.9.
    // Step 1: v = [0.5, 1]; θ₁ = [0.95, −2.1].  Step 2: v = [−0.55, 2.9]; θ₂ = θ₁ − 0.05·v = [0.9775, −2.245].
    // (The convention v ← ρ·v + α·g, θ ← θ − v would give u₂ = 0.9·[0.05, 0.1] + 0.05·g₂ = [−0.005, 0.19],
    //  θ₂ = [0.955, −2.29]: the same for constant α, not under a schedule.)
    expectClose(trail(momentum, { momentum: 0.9 }, [g1, g2], [0.1, 0.05]), [
      [0.95, -2.1],
      [0.9775, -2.245],
    ]);
  });
});

describe('nesterov', () => {
  // α = 0.1, ρ = 0.9.
  // Step 1: v = g₁ = [0.5, 1]; step along g + ρv = [0.5 + 0.45, 1 + 0.9] = [0.95, 1.9];       θ₁ = [0.905, −2.19]
  // Step 2: v = [−0.55, 2.9];  g + ρv = [−1 − 0.495, 2 + 2.61] = [−1.495, 4.61];               θ₂ = [1.0545, −2.651]
  const expected = [
    [0.905, -2.19],
    [1.0545, -2.651],
  ];
  it('steps along g + ρ·v', () => {
    expectClose(trail(nesterov, { lr: 0.1, momentum: 0.9 }, [g1, g2]), expected);
  });
  it('is momentum with nesterov on', () => {
    expectClose(trail(momentum, { lr: 0.1, momentum: 0.9, nesterov: true }, [g1, g2]), expected);
  });
});

describe('adagrad', () => {
  it('divides by the root of the summed squares', () => {
    // α = 0.1, ε = 1e-10 (below the tolerance), s₀ = 0.
    // Step 1: s = g₁² = [0.25, 1];  θ₁ = θ₀ − 0.1·[0.5/0.5, 1/1] = [0.9, −2.1]
    // Step 2: s = [0.25 + 1, 1 + 4] = [1.25, 5];  θ₂ = [0.9 + 0.1/√1.25, −2.1 − 0.2/√5]
    expectClose(trail(adagrad, { lr: 0.1 }, [g1, g2]), [
      [0.9, -2.1],
      [0.9 + 0.1 / Math.sqrt(1.25), -2.1 - 0.2 / Math.sqrt(5)],
    ]);
  });

  it('with lr_decay and an initial accumulator value', () => {
    // α = 0.1, η = 0.5, s₀ = 0.75; gradients [0.5, −0.5] then [0.75, 0].
    // Step 1 (t = 1): α̃ = 0.1/(1 + 0·0.5) = 0.1;  s = 0.75 + 0.25 = [1, 1];  θ₁ = [1 − 0.05, −2 + 0.05] = [0.95, −1.95]
    // Step 2 (t = 2): α̃ = 0.1/(1 + 1·0.5) = 1/15;  s = [1 + 0.5625, 1] = [1.5625, 1];  √s = [1.25, 1]
    //                 θ₂ = [0.95 − (1/15)·0.75/1.25, −1.95 − 0] = [0.95 − 0.04, −1.95] = [0.91, −1.95]
    expectClose(trail(adagrad, { lr: 0.1, lr_decay: 0.5, initial_accumulator_value: 0.75 }, [[0.5, -0.5], [0.75, 0]]), [
      [0.95, -1.95],
      [0.91, -1.95],
    ]);
  });

  it('adds L2 weight decay to the gradient', () => {
    // α = 0.1, λ = 0.1; gradient [0.4, 1.2]:  g = [0.4 + 0.1, 1.2 − 0.2] = [0.5, 1];  s = [0.25, 1]
    // θ₁ = [1 − 0.1·0.5/0.5, −2 − 0.1·1/1] = [0.9, −2.1]
    expectClose(trail(adagrad, { lr: 0.1, weight_decay: 0.1 }, [[0.4, 1.2]]), [[0.9, -2.1]]);
  });
});

describe('rmsprop', () => {
  it('divides by a running root mean square', () => {
    // α = 0.01, a = 0.99, ε = 1e-8 (shifts θ by ~1e-8, below the tolerance).
    // Step 1: v = 0.01·g₁² = [0.0025, 0.01];  √v = [0.05, 0.1];  θ₁ = θ₀ − 0.01·[0.5/0.05, 1/0.1] = [0.9, −2.1]
    // Step 2: v = 0.99·[0.0025, 0.01] + 0.01·[1, 4] = [0.012475, 0.0499]
    //         θ₂ = [0.9 + 0.01/√0.012475, −2.1 − 0.02/√0.0499]
    expectClose(trail(rmsprop, { lr: 0.01 }, [g1, g2]), [
      [0.9, -2.1],
      [0.9 + 0.01 / Math.sqrt(0.012475), -2.1 - 0.02 / Math.sqrt(0.0499)],
    ]);
  });

  it('centered, with momentum', () => {
    // α = 0.1, a = 0.5, μ = 0.5; gradients [2, 1] then [0, −1].
    // Step 1: v = 0.5·g² = [2, 0.5];  ḡ = 0.5·g = [1, 0.5];  ṽ = v − ḡ² = [1, 0.25];  √ṽ = [1, 0.5]
    //         b = g/√ṽ = [2, 2];  θ₁ = θ₀ − 0.1·b = [0.8, −2.2]
    // Step 2: v = 0.5·[2, 0.5] + 0.5·[0, 1] = [1, 0.75];  ḡ = 0.5·[1, 0.5] + 0.5·[0, −1] = [0.5, −0.25]
    //         ṽ = [1 − 0.25, 0.75 − 0.0625] = [0.75, 0.6875];  b = 0.5·[2, 2] + [0, −1/√0.6875] = [1, 1 − 1/√0.6875]
    //         θ₂ = [0.8 − 0.1, −2.2 − 0.1·(1 − 1/√0.6875)] = [0.7, −2.3 + 0.1/√0.6875]
    expectClose(trail(rmsprop, { lr: 0.1, alpha: 0.5, momentum: 0.5, centered: true }, [[2, 1], [0, -1]]), [
      [0.8, -2.2],
      [0.7, -2.3 + 0.1 / Math.sqrt(0.6875)],
    ]);
  });
});

describe('adam', () => {
  it('bias-corrects both moments (the first step is α·sign(g))', () => {
    // α = 0.1, β₁ = 0.9, β₂ = 0.999, ε = 1e-8.
    // Step 1: m = 0.1·g₁ = [0.05, 0.1];  v = 0.001·g₁² = [0.00025, 0.001]
    //         m̂ = m/(1 − 0.9) = g₁;  v̂ = v/(1 − 0.999) = g₁²;  θ₁ = θ₀ − 0.1·g₁/|g₁| = [0.9, −2.1]
    //         (without bias correction the step would be 0.1·0.05/√0.00025 ≈ 0.316, not 0.1)
    // Step 2: m = 0.9·[0.05, 0.1] + 0.1·[−1, 2] = [−0.055, 0.29]
    //         v = 0.999·[0.00025, 0.001] + 0.001·[1, 4] = [0.00124975, 0.004999]
    //         1 − β₁² = 0.19;  1 − β₂² = 0.001999
    //         θ₂ = θ₁ − 0.1·(m/0.19) / √(v/0.001999)
    const expectedStep2 = [0, 1].map((i) => [0.9, -2.1][i] - (0.1 * ([-0.055, 0.29][i] / 0.19)) / Math.sqrt([0.00124975, 0.004999][i] / 0.001999));
    expectClose(trail(adam, { lr: 0.1 }, [g1, g2]), [[0.9, -2.1], expectedStep2]);
  });

  it('amsgrad divides by the largest second moment seen', () => {
    // α = 0.1, β₁ = β₂ = 0.5; gradients [2, 1] then [0, 1].
    // Step 1: m = [1, 0.5], v = [2, 0.5], v_max = v;  m̂ = m/0.5 = [2, 1];  v̂ = v_max/0.5 = [4, 1];  θ₁ = [1 − 0.1, −2 − 0.1] = [0.9, −2.1]
    // Step 2: m = 0.5·[1, 0.5] + 0.5·[0, 1] = [0.5, 0.75];  v = 0.5·[2, 0.5] + 0.5·[0, 1] = [1, 0.75]
    //         v_max = max([2, 0.5], [1, 0.75]) = [2, 0.75];  bias corrections 1 − 0.25 = 0.75
    //         m̂ = [2/3, 1];  v̂ = [8/3, 1];  θ₂ = [0.9 − 0.1·(2/3)/√(8/3), −2.1 − 0.1] = [0.9 − 0.1·√(1/6), −2.2]
    //         (plain Adam would use v̂ = [4/3, 1] and give θ₂[0] = 0.9 − 0.1·√(1/3))
    expectClose(trail(adam, { lr: 0.1, beta1: 0.5, beta2: 0.5, amsgrad: true }, [[2, 1], [0, 1]]), [
      [0.9, -2.1],
      [0.9 - 0.1 * Math.sqrt(1 / 6), -2.2],
    ]);
    expectClose(trail(adam, { lr: 0.1, beta1: 0.5, beta2: 0.5 }, [[2, 1], [0, 1]]).slice(1), [[0.9 - 0.1 * Math.sqrt(1 / 3), -2.2]]);
  });

  it('adds L2 weight decay to the gradient (it can cancel it)', () => {
    // α = 0.1, λ = 0.5:  g = g₁ + 0.5·θ₀ = [0.5 + 0.5, 1 − 1] = [1, 0]
    // m̂ = g, v̂ = g²: θ₁ = θ₀ − 0.1·[1/1, 0/(0 + ε)] = [0.9, −2]
    expectClose(trail(adam, { lr: 0.1, weight_decay: 0.5 }, [g1]), [[0.9, -2]]);
  });
});

describe('adamw', () => {
  it('shrinks θ by (1 − αλ) first, then takes the Adam step on the undecayed gradient', () => {
    // α = 0.1, λ = 0.5 (shrink factor 1 − 0.05 = 0.95), β₁ = 0.9, β₂ = 0.999.
    // Step 1: θ = 0.95·[1, −2] = [0.95, −1.9];  Adam step −0.1·sign(g₁) = [−0.1, −0.1];  θ₁ = [0.85, −2.0]
    // Step 2: θ = 0.95·[0.85, −2] = [0.8075, −1.9];  Adam step as in the adam test (same gradients):
    //         θ₂ = [0.8075, −1.9] − 0.1·(m/0.19) / √(v/0.001999) with m = [−0.055, 0.29], v = [0.00124975, 0.004999]
    const expectedStep2 = [0, 1].map((i) => [0.8075, -1.9][i] - (0.1 * ([-0.055, 0.29][i] / 0.19)) / Math.sqrt([0.00124975, 0.004999][i] / 0.001999));
    expectClose(trail(adamw, { lr: 0.1, weight_decay: 0.5 }, [g1, g2]), [[0.85, -2.0], expectedStep2]);
  });

  it("defaults to PyTorch's weight_decay = 0.01", () => {
    expect(adamw.hyperparameters.weight_decay.default).toBe(0.01);
    expect(adam.hyperparameters.weight_decay.default).toBe(0);
  });
});
