import { layerNorm } from './layerNorm.js';
import { mlp, type MlpOptions } from './mlp.js';
import type { Module } from './module.js';
import { Residual } from './residual.js';
import { Sequential } from './sequential.js';

export interface ResidualMlpOptions extends MlpOptions {
  /** Normalise each block's input (pre-norm: x + act(W·layerNorm(x) + b)). Default false. */
  layerNorm?: boolean;
}

/**
 * The MLP of the same sizes with a residual connection around each hidden-to-hidden layer:
 * residualMlp([2, 8, 8, 8, 1]) is linear(2→8), act, then two blocks x + act(linear(8→8)(x)), then linear(8→1), output.
 * The hidden sizes must be equal (a block keeps its width). Its layers are mlp's own, drawn from the same
 * rng streams, so it starts from exactly the weights of the plain MLP: the two differ only by the skips
 * (and the layer norms, whose γ = 1 and β = 0 add parameters but no randomness).
 */
export function residualMlp(sizes: readonly number[], options: ResidualMlpOptions): Sequential {
  const plain = mlp(sizes, options);
  const hidden = sizes.slice(1, -1);
  if (hidden.length === 0 || hidden.some((width) => width !== hidden[0]))
    throw new RangeError(`residualMlp: hidden sizes ${JSON.stringify(hidden)} in ${JSON.stringify(sizes)} must be one or more equal widths (a residual block keeps its width)`);
  // mlp's layers alternate Linear, Activation: pair k is layers[2k], layers[2k + 1].
  const [inputLayer, inputActivation, ...rest] = plain.layers;
  const outputPair = rest.slice(-2);
  const blocks: Module[] = [];
  for (let k = 0; k + 2 < rest.length; k += 2) {
    const body = [rest[k], rest[k + 1]];
    if (options.layerNorm === true) body.unshift(layerNorm(hidden[0], { dtype: options.dtype }));
    blocks.push(new Residual(new Sequential(body)));
  }
  return new Sequential([inputLayer, inputActivation, ...blocks, ...outputPair]);
}
