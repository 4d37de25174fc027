import type { Tensor } from '@descent/tensor';

/** A piece of a network: a function of a batch with the parameters it learns. */
export interface Module {
  /** Map a batch (first axis = examples) to outputs. */
  forward(x: Tensor): Tensor;
  /** The tensors gradient descent updates (requiresGrad: true), in a fixed order. */
  parameters(): Tensor[];
}

/** The activation names a config may use (the same names as the runner's ModelConfig). */
export type ActivationName = 'sigmoid' | 'tanh' | 'relu' | 'leaky_relu' | 'identity';

export const ACTIVATION_NAMES: readonly ActivationName[] = ['sigmoid', 'tanh', 'relu', 'leaky_relu', 'identity'];

/** The initialiser names a config may use. */
export type InitializerName = 'uniform' | 'xavier' | 'he';

export const INITIALIZER_NAMES: readonly InitializerName[] = ['uniform', 'xavier', 'he'];

/** "one of 'a', 'b', 'c'": how every unknown-name error lists the accepted names. */
export function oneOf(names: readonly string[]): string {
  return `one of ${names.map((n) => `'${n}'`).join(', ')}`;
}
