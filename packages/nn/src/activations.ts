import { leakyRelu as leakyReluOp, relu as reluOp, sigmoid as sigmoidOp, tanh as tanhOp, type Tensor } from '@descent/tensor';
import { createRegistry, type Registry } from '@descent/settings';
import type { ActivationName, Module } from './module.js';

/** An elementwise nonlinearity as a module without parameters. */
export class Activation implements Module {
  constructor(
    readonly name: ActivationName,
    private readonly apply: (x: Tensor) => Tensor,
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
  return new Activation('leaky_relu', (x) => leakyReluOp(x, alpha));
}

/** identity(x) = x (an output layer that gives logits). */
export function identity(): Activation {
  return new Activation('identity', (x) => x);
}

/** An activation by the name configs use, and how to make its module. */
export interface ActivationEntry {
  name: ActivationName;
  create(): Activation;
}

/** Every activation a config may name. */
export const activations: Registry<ActivationEntry> = createRegistry('activation', [
  { name: 'sigmoid', create: sigmoid },
  { name: 'tanh', create: tanh },
  { name: 'relu', create: relu },
  { name: 'leaky_relu', create: () => leakyRelu() },
  { name: 'identity', create: identity },
]);

/** The activation module for a config name ('leaky_relu' uses α = 0.01). */
export function activation(name: ActivationName): Activation {
  return activations.get(name).create();
}
