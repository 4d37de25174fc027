import type { DType, Rng } from '@descent/tensor';
import { activation, activations } from './activations.js';
import { Linear } from './linear.js';
import { initializerNamed } from './init.js';
import type { ActivationName, InitializerName, Module } from './module.js';
import { Sequential } from './sequential.js';

export interface MlpOptions {
  /** Seeded generator; layer i draws from rng.stream(`layer${i}`), so adding a layer never changes the others. */
  rng: Rng;
  /** Hidden-layer activation. Default 'sigmoid' (the lecture's). */
  activation?: ActivationName;
  /** Output-layer activation. Default 'identity' (logits, for bce / cross-entropy). */
  output?: ActivationName;
  init?: InitializerName;
  dtype?: DType;
}

/**
 * A multilayer perceptron: linear layers of the given sizes with an activation after each.
 * mlp([3, 4, 1], { activation: 'sigmoid', output: 'sigmoid', rng }) is the lecture's network:
 * 3 inputs → 4 sigmoid neurons → 1 sigmoid output. Layers alternate Linear, Activation.
 */
export function mlp(sizes: readonly number[], options: MlpOptions): Sequential {
  if (!Array.isArray(sizes) || sizes.length < 2)
    throw new RangeError(`mlp: sizes must list at least an input and an output size, like [3, 4, 1]; got ${JSON.stringify(sizes)}`);
  sizes.forEach((n, i) => {
    if (!Number.isInteger(n) || n < 1) throw new RangeError(`mlp: sizes[${i}] is ${JSON.stringify(n)} in ${JSON.stringify(sizes)}; every size must be a positive integer`);
  });
  if (options?.rng === undefined) throw new TypeError('mlp: options.rng is required: a seeded generator such as rng(42) from @descent/tensor');
  const { rng, activation: hidden = 'sigmoid', output = 'identity', init = 'uniform', dtype = 'float32' } = options;
  for (const [key, name] of [['activation', hidden], ['output', output]] as const) {
    const issue = activations.nameIssue(name);
    if (issue !== null) throw new RangeError(`mlp: options.${key}: ${issue}`);
  }
  initializerNamed('mlp', init);
  const layers: Module[] = [];
  for (let i = 0; i + 1 < sizes.length; i++) {
    layers.push(new Linear(sizes[i], sizes[i + 1], { rng: rng.stream(`layer${i}`), init, dtype }));
    layers.push(activation(i + 2 === sizes.length ? output : hidden));
  }
  return new Sequential(layers);
}
