/**
 * Walking strided operands row by row. Kernels put their arithmetic in a tight loop over the last axis and
 * leave the multi-index bookkeeping to `forEachRow`, so that bookkeeping costs once per row, not per element.
 */

export interface Coalesced {
  shape: number[];
  a: number[];
  b: number[];
}

/**
 * The same iteration with as few axes as possible: size-1 axes dropped, and neighbouring axes merged when
 * both operands step through them as one (stride[d] = stride[d+1]·shape[d+1]). Equal shapes become one
 * long row; [B,N] + [N] stays two axes; [B,1] · [1] becomes one row with b's stride 0.
 * The iterated (output) side is contiguous, which always merges.
 */
export function coalesce(shape: readonly number[], stridesA: readonly number[], stridesB: readonly number[]): Coalesced {
  const outShape: number[] = [];
  const outA: number[] = [];
  const outB: number[] = [];
  for (let d = shape.length - 1; d >= 0; d--) {
    const n = shape[d];
    if (n === 1) continue;
    const last = outShape.length - 1;
    if (last >= 0 && stridesA[d] === outA[last] * outShape[last] && stridesB[d] === outB[last] * outShape[last]) {
      outShape[last] *= n;
    } else {
      outShape.push(n);
      outA.push(stridesA[d]);
      outB.push(stridesB[d]);
    }
  }
  if (outShape.length === 0) return { shape: [1], a: [0], b: [0] };
  return { shape: outShape.reverse(), a: outA.reverse(), b: outB.reverse() };
}

/**
 * Call visit(start, offsetA, offsetB) once per row of a coalesced iteration, in row-major order: `start` is
 * the row's first flat index in the iteration space, the offsets are the operands' first elements. Each row
 * has `shape[last]` elements, at strides `a[last]` and `b[last]`.
 */
export function forEachRow(it: Coalesced, visit: (start: number, offsetA: number, offsetB: number) => void): void {
  const { shape, a, b } = it;
  const last = shape.length - 1;
  const rowLength = shape[last];
  let rows = 1;
  for (let d = 0; d < last; d++) rows *= shape[d];
  if (rows === 0 || rowLength === 0) return;
  const index = new Array<number>(last).fill(0);
  let offsetA = 0;
  let offsetB = 0;
  for (let row = 0; row < rows; row++) {
    visit(row * rowLength, offsetA, offsetB);
    // Odometer over the outer axes: step the innermost; on wrap-around, rewind it and carry.
    for (let d = last - 1; d >= 0; d--) {
      index[d]++;
      offsetA += a[d];
      offsetB += b[d];
      if (index[d] < shape[d]) break;
      index[d] = 0;
      offsetA -= a[d] * shape[d];
      offsetB -= b[d] * shape[d];
    }
  }
}
