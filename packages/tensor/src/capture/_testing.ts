import { useKernels } from '../kernels/active.js';
import type { Kernels } from '../kernels/kernels.js';

/** Test helpers of the capture tests (not exported from the package). */

/** Each element's float64 bits, so −0 ≠ 0 and every NaN payload counts. */
export function bits(values: ArrayLike<number>): string[] {
  const view = new DataView(new ArrayBuffer(8));
  return Array.from(values, (v) => {
    view.setFloat64(0, v);
    return view.getBigUint64(0).toString(16);
  });
}

/** Run `f` with `kernels` active, then restore the previous ones. */
export function withKernels<T>(kernels: Kernels, f: () => T): T {
  const previous = useKernels(kernels);
  try {
    return f();
  } finally {
    useKernels(previous);
  }
}
