import { emptyTensor, scalar } from '../creation.js';
import { promote, type DType } from '../dtype.js';
import type { UnaryOp } from '../kernels/kernels.js';
import { activeKernels } from '../kernels/active.js';
import { NO_ATTRS, record } from '../primitives.js';
import { broadcastShapes, broadcastStrides, sameShape } from '../shape.js';
import type { Tensor } from '../tensor.js';

/** A tensor, or a plain number standing for a scalar of the other operand's dtype. */
export type Operand = Tensor | number;

function asTensor(value: Operand, dtype: DType): Tensor {
  return typeof value === 'number' ? scalar(value, { dtype }) : value;
}

function dtypeFor(a: Operand, b: Operand): DType {
  if (typeof a === 'number') return typeof b === 'number' ? 'float32' : b.dtype;
  return typeof b === 'number' ? a.dtype : promote(a.dtype, b.dtype);
}

type BinaryPrimitive = 'add' | 'mul' | 'pow' | 'maximum' | 'minimum';

function binaryPrimitive(op: BinaryPrimitive, left: Operand, right: Operand): Tensor {
  const dtype = dtypeFor(left, right);
  const a = asTensor(left, dtype);
  const b = asTensor(right, dtype);
  const shape = sameShape(a.shape, b.shape) ? a.shape : broadcastShapes(op, a.shape, b.shape);
  const out = emptyTensor(dtype, shape);
  activeKernels().binary(op, a.storage, broadcastStrides(a.shape, shape), b.storage, broadcastStrides(b.shape, shape), out.storage, shape);
  return record(out, op, [a, b], NO_ATTRS);
}

function unaryPrimitive(op: 'neg' | 'exp' | 'log' | 'abs' | 'sigmoid' | 'tanh' | 'softplus', x: Tensor): Tensor {
  return record(applyUnary(op, x, 0), op, [x], NO_ATTRS);
}

/** Run a unary kernel without recording anything (shared with the gradient rules' helpers). */
export function applyUnary(op: UnaryOp, x: Tensor, param: number): Tensor {
  const out = emptyTensor(x.dtype, x.shape);
  activeKernels().unary(op, x.storage, out.storage, param);
  return out;
}

/** a + b, broadcasting. */
export function add(a: Operand, b: Operand): Tensor {
  return binaryPrimitive('add', a, b);
}

/** a − b = a + (−b): composed, so it needs no gradient rule of its own. */
export function sub(a: Operand, b: Operand): Tensor {
  return typeof b === 'number' ? add(a, -b) : add(a, neg(b));
}

/** a · b elementwise, broadcasting. */
export function mul(a: Operand, b: Operand): Tensor {
  return binaryPrimitive('mul', a, b);
}

/** a / b = a · b⁻¹: composed from mul and pow. */
export function div(a: Operand, b: Operand): Tensor {
  return typeof b === 'number' ? mul(a, 1 / b) : mul(a, pow(b, -1));
}

/**
 * a^b. A number exponent is the `powScalar` primitive (∂/∂a = b·a^(b−1)); a tensor exponent also gets
 * ∂/∂b = a^b·ln a, which is NaN for a ≤ 0, as it should be.
 */
export function pow(a: Operand, b: Operand): Tensor {
  if (typeof b === 'number' && typeof a !== 'number') {
    return record(applyUnary('pow', a, b), 'powScalar', [a], { exponent: b });
  }
  return binaryPrimitive('pow', a, b);
}

/** max(a, b) elementwise, broadcasting; where a = b the gradient is split half and half. */
export function maximum(a: Operand, b: Operand): Tensor {
  return binaryPrimitive('maximum', a, b);
}

/** min(a, b) elementwise, broadcasting; where a = b the gradient is split half and half. */
export function minimum(a: Operand, b: Operand): Tensor {
  return binaryPrimitive('minimum', a, b);
}

/** −x. */
export function neg(x: Tensor): Tensor {
  return unaryPrimitive('neg', x);
}

/** eˣ. */
export function exp(x: Tensor): Tensor {
  return unaryPrimitive('exp', x);
}

/** ln x (natural logarithm). */
export function log(x: Tensor): Tensor {
  return unaryPrimitive('log', x);
}

/** √x = x^0.5. */
export function sqrt(x: Tensor): Tensor {
  return pow(x, 0.5);
}

/** |x|; its gradient at 0 is taken as 0. */
export function abs(x: Tensor): Tensor {
  return unaryPrimitive('abs', x);
}

/**
 * sigmoid(x) = 1 / (1 + e^−x). A primitive rather than composed from exp and div: one pass instead of four,
 * and its derivative σ(1 − σ) reuses the output.
 */
export function sigmoid(x: Tensor): Tensor {
  return unaryPrimitive('sigmoid', x);
}

/** tanh(x) = (eˣ − e^−x) / (eˣ + e^−x); derivative 1 − tanh². */
export function tanh(x: Tensor): Tensor {
  return unaryPrimitive('tanh', x);
}

/**
 * softplus(x) = ln(1 + eˣ), computed as max(x, 0) + ln(1 + e^−|x|) so it never overflows. A fused primitive
 * with derivative σ(x): composed from relu and abs instead, the kinks of both at 0 would give the gradient 0
 * there instead of σ(0) = ½ (the function is smooth; only its pieces are not).
 */
export function softplus(x: Tensor): Tensor {
  return unaryPrimitive('softplus', x);
}

/** leakyRelu(x) = x for x > 0, α·x otherwise. */
export function leakyRelu(x: Tensor, alpha = 0.01): Tensor {
  if (!Number.isFinite(alpha)) throw new RangeError(`leakyRelu: alpha must be a finite number, got ${alpha}`);
  return record(applyUnary('leakyRelu', x, alpha), 'leakyRelu', [x], { alpha });
}

/**
 * relu(x) = max(x, 0) = leakyRelu(x, 0); gradient 1 for x > 0, else 0. (Written as maximum(x, 0) the gradient
 * at exactly 0 would be ½ from the tie rule.)
 */
export function relu(x: Tensor): Tensor {
  return leakyRelu(x, 0);
}
