import { emptyTensor } from '../creation.js';
import { promote } from '../dtype.js';
import { activeKernels } from '../kernels/active.js';
import { record } from '../primitives.js';
import { formatShape } from '../shape.js';
import type { Tensor } from '../tensor.js';

export interface MatmulOptions {
  /** Use Aᵀ (A is read transposed in place; nothing is copied). */
  transposeA?: boolean;
  /** Use Bᵀ. */
  transposeB?: boolean;
}

/** C = A·B for 2-D A [m, k] and B [k, n]: C[i,j] = Σp A[i,p]·B[p,j]. The flags give Aᵀ·B, A·Bᵀ, Aᵀ·Bᵀ. */
export function matmul(a: Tensor, b: Tensor, { transposeA = false, transposeB = false }: MatmulOptions = {}): Tensor {
  if (a.rank !== 2 || b.rank !== 2)
    throw new RangeError(`matmul: expects two 2-D tensors; got shapes ${formatShape(a.shape)} and ${formatShape(b.shape)} (reshape a vector to [1, n] or [n, 1])`);
  const [m, k] = transposeA ? [a.shape[1], a.shape[0]] : [a.shape[0], a.shape[1]];
  const [kb, n] = transposeB ? [b.shape[1], b.shape[0]] : [b.shape[0], b.shape[1]];
  if (k !== kb) {
    const flags = [transposeA ? 'transposeA' : '', transposeB ? 'transposeB' : ''].filter(Boolean).join(', ');
    throw new RangeError(`matmul: shapes ${formatShape(a.shape)} and ${formatShape(b.shape)} do not align (${k} ≠ ${kb})${flags ? ` with ${flags}` : ''}`);
  }
  const out = emptyTensor(promote(a.dtype, b.dtype), [m, n]);
  activeKernels().matmul(a.storage, b.storage, out.storage, m, k, n, transposeA, transposeB);
  return record(out, 'matmul', [a, b], { transposeA, transposeB });
}
