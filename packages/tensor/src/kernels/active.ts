import type { Kernels } from './kernels.js';
import { jsKernels } from './js.js';

let active: Kernels = jsKernels;

/** The kernels every op calls. */
export function activeKernels(): Kernels {
  return active;
}

/** Swap in another implementation (e.g. WebAssembly SIMD); returns the previous one so it can be restored. */
export function useKernels(kernels: Kernels): Kernels {
  const previous = active;
  active = kernels;
  return previous;
}
