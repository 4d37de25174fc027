import { noGrad, rng, tensor, type Tensor } from '@descent/tensor';
import { describe, expect, it } from 'vitest';
import { centralDifferences } from './_stepCases.js';
import type { Linear } from './linear.js';
import { lectureExamples } from '../examples/lectureExamples.js';
import { mlp } from './mlp.js';
import { squaredError } from './losses.js';

/**
 * The lecture's network: 3 inputs plus a constant 1, 4 sigmoid hidden neurons, 1 sigmoid output, squared
 * error. The expected numbers are computed here with plain Math in the lecture's own notation: augmented
 * input x̃ = [x, 1], augmented weights W̃ = [W | b] (the bias as the weight of the constant input), neuron
 * matrices with one row per neuron. Nothing below calls the library to get an expected value.
 */

// The lecture's matrices (one row per neuron), written out.
const W1 = [
  [0.1, -0.2, 0.3],
  [0.4, 0.5, -0.6],
  [-0.7, 0.8, 0.9],
  [1.0, -1.1, 0.2],
]; // 4×3
const b1 = [0.1, -0.1, 0.2, -0.2]; // 4
const W2 = [[0.5, -0.4, 0.3, -0.2]]; // 1×4
const b2 = [0.05]; // 1

const X = [
  [0.5, -1.0, 0.25],
  [-0.3, 0.8, 0.9],
  [1.0, 0.0, -0.5],
];
const Y = [0.8, 0.1, 0.6];

const sigma = (z: number) => 1 / (1 + Math.exp(-z));
const augment = (v: number[]) => [...v, 1]; // x̃ = [x, 1]
const W1aug = W1.map((row, j) => [...row, b1[j]]); // W̃₁ = [W₁ | b₁], 4×4
const W2aug = W2.map((row, j) => [...row, b2[j]]); // W̃₂ = [W₂ | b₂], 1×5
const matVec = (M: number[][], v: number[]) => M.map((row) => row.reduce((s, m, k) => s + m * v[k], 0));

/** Forward pass of one example by hand: h = σ(W̃₁x̃), ŷ = σ(W̃₂h̃). */
function handForward(x: number[]) {
  const xt = augment(x);
  const h = matVec(W1aug, xt).map(sigma);
  const ht = augment(h);
  const yHat = sigma(matVec(W2aug, ht)[0]);
  return { xt, h, ht, yHat };
}

/** The library's network with the lecture's matrices loaded (stored transposed: weight[k][j] = W[j][k]). */
function lectureModel() {
  const model = mlp([3, 4, 1], { activation: 'sigmoid', output: 'sigmoid', rng: rng('unused: overwritten below'), dtype: 'float64' });
  const hidden = model.layers[0] as Linear;
  const output = model.layers[2] as Linear;
  for (let j = 0; j < 4; j++) for (let k = 0; k < 3; k++) hidden.weight.data[k * 4 + j] = W1[j][k];
  hidden.bias!.data.set(b1);
  for (let j = 0; j < 4; j++) output.weight.data[j] = W2[0][j];
  output.bias!.data.set(b2);
  return { model, hidden, output };
}

describe("the lecture's 3-4-1 sigmoid network", () => {
  it('computes the forward pass of the augmented-matrix hand calculation', () => {
    const { model } = lectureModel();
    const predictions = model.forward(tensor(X, { dtype: 'float64' }));
    expect(predictions.shape).toEqual([3, 1]);
    X.forEach((x, n) => expect(predictions.data[n]).toBeCloseTo(handForward(x).yHat, 14));
    // And the loss E = ½·mean((ŷ − y)²)
    const expectedLoss = (0.5 * X.reduce((s, x, n) => s + (handForward(x).yHat - Y[n]) ** 2, 0)) / X.length;
    const E = squaredError(predictions, tensor(Y.map((y) => [y]), { dtype: 'float64' }));
    expect(E.item()).toBeCloseTo(expectedLoss, 14);
  });

  it('gives the gradients of the chain rule written out by hand', () => {
    // E = (1/B) Σₙ ½(ŷₙ − yₙ)². Per example (the 1/B folded into δ₂):
    //   δ₂ = (ŷ − y)·ŷ(1 − ŷ) / B                  output delta (σ' = σ(1 − σ))
    //   ∂E/∂W̃₂ += δ₂·h̃ᵀ                             1×5: four weights and the bias
    //   δ₁ = (W₂ᵀδ₂) ⊙ h(1 − h)                      hidden deltas (W₂ without its bias column)
    //   ∂E/∂W̃₁ += δ₁·x̃ᵀ                              4×4: three weights and the bias per neuron
    const B = X.length;
    const gradW1aug = W1aug.map((row) => row.map(() => 0));
    const gradW2aug = W2aug.map((row) => row.map(() => 0));
    X.forEach((x, n) => {
      const { xt, h, ht, yHat } = handForward(x);
      const delta2 = ((yHat - Y[n]) * yHat * (1 - yHat)) / B;
      ht.forEach((hk, k) => (gradW2aug[0][k] += delta2 * hk));
      const delta1 = h.map((hj, j) => W2[0][j] * delta2 * hj * (1 - hj));
      delta1.forEach((d, j) => xt.forEach((xk, k) => (gradW1aug[j][k] += d * xk)));
    });

    const { model, hidden, output } = lectureModel();
    squaredError(model.forward(tensor(X, { dtype: 'float64' })), tensor(Y.map((y) => [y]), { dtype: 'float64' })).backward();
    for (let j = 0; j < 4; j++) {
      for (let k = 0; k < 3; k++) expect(hidden.weight.grad!.data[k * 4 + j]).toBeCloseTo(gradW1aug[j][k], 15);
      expect(hidden.bias!.grad!.data[j]).toBeCloseTo(gradW1aug[j][3], 15); // the bias is the weight of x̃'s constant 1
      expect(output.weight.grad!.data[j]).toBeCloseTo(gradW2aug[0][j], 15);
    }
    expect(output.bias!.grad!.data[0]).toBeCloseTo(gradW2aug[0][4], 15);
    // The deltas are not all negligible (a test of zeros would pass anything).
    expect(Math.max(...gradW1aug.flat().map(Math.abs))).toBeGreaterThan(1e-3);
  });

  it('gives the gradients that central finite differences measure', () => {
    const { model } = lectureModel();
    const x = tensor(X, { dtype: 'float64' });
    const y = tensor(Y.map((v) => [v]), { dtype: 'float64' });
    const loss = () => noGrad(() => squaredError(model.forward(x), y).item());
    squaredError(model.forward(x), y).backward();
    const numeric = centralDifferences(model.parameters(), loss);
    let compared = 0;
    model.parameters().forEach((p, k) => {
      for (let i = 0; i < p.size; i++) {
        expect(p.grad!.data[i]).toBeCloseTo(numeric[k][i], 9);
        compared++;
      }
    });
    expect(compared).toBe(21); // 12 + 4 + 4 + 1
  });
});

/** Full-batch gradient descent θ ← θ − α·∇E on the seeded lecture dataset (as in examples/lecture.ts). */
function train(seed: number, epochs: number, learningRate = 5) {
  const random = rng(seed);
  const { inputs, targets } = lectureExamples(64, random.stream('data'));
  const model = mlp([3, 4, 1], { activation: 'sigmoid', output: 'sigmoid', rng: random.stream('init') });
  const parameters = model.parameters();
  const losses: number[] = [];
  for (let epoch = 0; epoch < epochs; epoch++) {
    const E = squaredError(model.forward(inputs), targets);
    losses.push(E.item());
    for (const p of parameters) p.zeroGrad();
    E.backward();
    for (const p of parameters) for (let i = 0; i < p.size; i++) p.data[i] -= learningRate * p.grad!.data[i];
  }
  losses.push(noGrad(() => squaredError(model.forward(inputs), targets).item()));
  return { losses, parameters };
}

const bytes = (t: Tensor) => new Uint8Array(t.data.buffer, t.data.byteOffset, t.data.byteLength);

describe('training the lecture network by gradient descent', () => {
  it('drives the loss down substantially on the seeded dataset', () => {
    const { losses } = train(42, 1000);
    const first = losses[0];
    const last = losses[losses.length - 1];
    // From predicting about the mean (E ≈ 0.06) to fitting the teacher: at least a 10× drop.
    expect(first).toBeGreaterThan(0.02);
    expect(last).toBeLessThan(first / 10);
    // Gradient descent with a small enough step never goes uphill by much on this smooth problem.
    expect(losses[losses.length - 1]).toBeLessThan(losses[500]);
  });

  it('repeats to the bit with the same seed and differs with another', () => {
    const a = train(7, 200).parameters;
    const b = train(7, 200).parameters;
    const c = train(8, 200).parameters;
    a.forEach((p, i) => expect(bytes(b[i])).toEqual(bytes(p)));
    expect(a.some((p, i) => bytes(c[i]).some((byte, k) => byte !== bytes(p)[k]))).toBe(true);
  });
});
