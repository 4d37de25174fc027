import type { Tensor } from '@descent/tensor';
import type { Module } from './module.js';

/** Modules applied one after another: forward(x) = layers[n−1](…layers[0](x)). */
export class Sequential implements Module {
  readonly layers: readonly Module[];

  constructor(layers: readonly Module[]) {
    this.layers = Object.freeze(layers.slice());
  }

  forward(x: Tensor): Tensor {
    let out = x;
    for (const layer of this.layers) out = layer.forward(out);
    return out;
  }

  /** Every layer's parameters, in layer order. */
  parameters(): Tensor[] {
    return this.layers.flatMap((layer) => layer.parameters());
  }
}

/** Chain modules: sequential(linear(3, 4, { rng }), sigmoid(), linear(4, 1, { rng })). */
export function sequential(...modules: Module[]): Sequential {
  return new Sequential(modules);
}
