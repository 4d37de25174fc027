import { leakyRelu as leakyReluOp, relu as reluOp, sigmoid as sigmoidOp, tanh as tanhOp, type Tensor } from '@descent/tensor';
import { ACTIVATION_NAMES, oneOf, type ActivationName, type Module } from './module.js';

/** An elementwise nonlinearity as a module without parameters. */
export class Activation implements Module {
  constructor(
    readonly name: ActivationName,
    private readonly apply: (x: Tensor) => Tensor,
    /** leaky_relu's slope α for x ≤ 0 (0 for the others), so fused code (compileMlpStep) can read it. */
    readonly alpha = 0,
  ) {}

  forward(x: Tensor): Tensor {
    return this.apply(x);
  }

  parameters(): Tensor[] {
    return [];
  }
}

/** σ(x) = 1 / (1 + e^−x), the lecture's activation. */
export function sigmoid(): Activation {
  return new Activation('sigmoid', sigmoidOp);
}

/** tanh(x). */
export function tanh(): Activation {
  return new Activation('tanh', tanhOp);
}

/** relu(x) = max(x, 0). */
export function relu(): Activation {
  return new Activation('relu', reluOp);
}

/** leakyRelu(x) = x for x > 0, α·x otherwise. */
export function leakyRelu(alpha = 0.01): Activation {
  return new Activation('leaky_relu', (x) => leakyReluOp(x, alpha), alpha);
}

/** identity(x) = x (an output layer that gives logits). */
export function identity(): Activation {
  return new Activation('identity', (x) => x);
}

/** The activation module for a config name ('leaky_relu' uses α = 0.01). */
export function activation(name: ActivationName): Activation {
  switch (name) {
    case 'sigmoid':
      return sigmoid();
    case 'tanh':
      return tanh();
    case 'relu':
      return relu();
    case 'leaky_relu':
      return leakyRelu();
    case 'identity':
      return identity();
    default:
      throw new RangeError(`activation: ${JSON.stringify(name)} is not ${oneOf(ACTIVATION_NAMES)}`);
  }
}
