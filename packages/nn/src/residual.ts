import { add, formatShape, type Tensor } from '@descent/tensor';
import type { Module } from './module.js';

/**
 * A residual connection around a module: forward(x) = x + f(x). The gradient reaches x along the identity
 * path unchanged, which is why deep stacks of these train where a plain deep stack stalls.
 * f must keep the input's shape.
 */
export class Residual implements Module {
  constructor(readonly inner: Module) {}

  forward(x: Tensor): Tensor {
    const fx = this.inner.forward(x);
    // add() would broadcast [B, 1] against [B, k] without a word: a residual needs f(x) shaped like x.
    if (fx.rank !== x.rank || fx.shape.some((n, d) => n !== x.shape[d]))
      throw new RangeError(`residual: the inner module maps shape ${formatShape(x.shape)} to ${formatShape(fx.shape)}; x + f(x) needs f to keep the shape`);
    return add(x, fx);
  }

  parameters(): Tensor[] {
    return this.inner.parameters();
  }
}

/** x + module(x) (see Residual). */
export function residual(module: Module): Residual {
  return new Residual(module);
}
