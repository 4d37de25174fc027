/**
 * The lecture's network, trained by plain gradient descent.
 *
 *   pnpm lecture            (from the repository root)
 *
 * The network: 3 inputs plus a constant 1 (the bias), a hidden layer of 4 sigmoid neurons, and 1 sigmoid
 * output. The loss is the squared error, the gradients come from the chain rule (backward()), and each step
 * moves every parameter a little downhill: θ ← θ − α·∂E/∂θ.
 */
import { noGrad, rng } from '@descent/tensor';
import { mlp, squaredError, type Linear } from '@descent/nn';
import { lectureExamples } from './lectureExamples.js';

// ---------------------------------------------------------------------------------------------------------
// Settings. Change them and run again: the seed fixes every random number, so a run repeats to the bit.
const seed = 42;
const examples = 64; // the whole dataset is one batch: full-batch gradient descent
const learningRate = 5; // α
const epochs = 3000; // one gradient step per epoch
const printEvery = 300;

// ---------------------------------------------------------------------------------------------------------
// The data: x ∈ [−1, 1)³, and a target y ∈ (0, 1) produced by a fixed "teacher" network of the same shape
// (the `lecture` dataset of packages/data, the same one `sweeps/lecture.yaml` trains on). The student below can learn it exactly.
const random = rng(seed);
const { inputs, targets } = lectureExamples(examples, random.stream('data')); // inputs [64, 3], targets [64, 1]

// ---------------------------------------------------------------------------------------------------------
// The network. In the lecture one neuron computes σ(w₁x₁ + w₂x₂ + w₃x₃ + b): the bias b is just the weight
// of a fourth input that is always 1. Writing x̃ = [x, 1] and W̃ = [W; b] (the bias as an extra row of
// weights), a whole layer is h = σ(x̃·W̃). The code keeps W and b apart, h = σ(x·W + b), which is the same
// arithmetic: x̃·W̃ = x·W + 1·b.
//
//   hidden layer:  W₁ is [3, 4], b₁ is [4]   (W̃₁ = [W₁; b₁] is [4, 4])
//   output layer:  W₂ is [4, 1], b₂ is [1]   (W̃₂ = [W₂; b₂] is [5, 1])
//
// (Rows are inputs and columns are neurons, so a batch of examples, one per row, goes through in one
// matrix product. The lecture's W is the transpose of this one.)
const model = mlp([3, 4, 1], { activation: 'sigmoid', output: 'sigmoid', rng: random.stream('init') });
const [hidden, output] = [model.layers[0] as Linear, model.layers[2] as Linear];
console.log(`network: 3 inputs (+1) → ${hidden.outFeatures} sigmoid (+1) → ${output.outFeatures} sigmoid`);
console.log(`parameters: ${model.parameters().reduce((n, p) => n + p.size, 0)} (W₁ 12, b₁ 4, W₂ 4, b₂ 1)\n`);

// ---------------------------------------------------------------------------------------------------------
// Training. Each epoch:
//   1. forward:  ŷ = σ(σ(x·W₁ + b₁)·W₂ + b₂) for every example, E = ½·mean((ŷ − y)²)
//   2. backward: the chain rule gives ∂E/∂θ for every parameter θ (stored in θ.grad). For example, with
//      δ₂ = (ŷ − y)·ŷ(1 − ŷ) at the output and δ₁ = (δ₂·W₂ᵀ) ⊙ h(1 − h) at the hidden layer,
//      ∂E/∂W̃₂ = h̃ᵀ·δ₂ and ∂E/∂W̃₁ = x̃ᵀ·δ₁ (averaged over the batch).
//   3. update:   θ ← θ − α·∂E/∂θ, written out below on the raw numbers.
const parameters = model.parameters(); // [W₁, b₁, W₂, b₂]
let firstLoss = NaN;
let loss = NaN;
for (let epoch = 0; epoch <= epochs; epoch++) {
  const E = squaredError(model.forward(inputs), targets);
  loss = E.item();
  if (epoch === 0) firstLoss = loss;
  if (epoch % printEvery === 0) console.log(`epoch ${String(epoch).padStart(5)}   loss ${loss.toExponential(4)}`);
  if (epoch === epochs) break; // report the loss after the last update, then stop

  for (const theta of parameters) theta.zeroGrad(); // gradients add up until cleared
  E.backward();
  for (const theta of parameters) {
    const value = theta.data;
    const gradient = theta.grad!.data;
    for (let i = 0; i < value.length; i++) value[i] -= learningRate * gradient[i];
  }
}

// ---------------------------------------------------------------------------------------------------------
// How close did it get? Compare a few predictions with their targets (no gradients needed here).
const predictions = noGrad(() => model.forward(inputs));
console.log('\n  target   prediction');
for (let i = 0; i < 5; i++) console.log(`  ${targets.data[i].toFixed(4)}   ${predictions.data[i].toFixed(4)}`);
console.log(`\nfinal: loss ${firstLoss.toExponential(3)} → ${loss.toExponential(3)} after ${epochs} steps of gradient descent (α = ${learningRate}, seed ${seed})`);
