import type { Tensor } from '@descent/tensor';

/** A piece of a network: a function of a batch with the parameters it learns. */
export interface Module {
  /** Map a batch (first axis = examples) to outputs. */
  forward(x: Tensor): Tensor;
  /** The tensors gradient descent updates (requiresGrad: true), in a fixed order. */
  parameters(): Tensor[];
}

/** The activation names a config may use (the same names as the runner's ModelConfig); the `activations` registry holds them. */
export type ActivationName = 'sigmoid' | 'tanh' | 'relu' | 'leaky_relu' | 'identity';

/** The initialiser names a config may use; the `initializers` registry holds them. */
export type InitializerName = 'uniform' | 'xavier' | 'he';
