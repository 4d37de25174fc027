export { Tensor, type NestedArray } from './tensor.js';
export { type DType, type FloatArray } from './dtype.js';
export { type Shape, type Axis, formatShape, broadcastShapes } from './shape.js';
export { tensor, fromArray, zeros, ones, full, scalar, zerosLike, onesLike, randn, uniform, type TensorOptions } from './creation.js';
export {
  add,
  sub,
  mul,
  div,
  pow,
  neg,
  exp,
  log,
  sqrt,
  abs,
  maximum,
  minimum,
  sigmoid,
  tanh,
  relu,
  leakyRelu,
  softplus,
  type Operand,
} from './ops/elementwise.js';
export { sum, mean, max, logSumExp, softmax, logSoftmax, type ReduceOptions } from './ops/reduce.js';
export { matmul, type MatmulOptions } from './ops/matmul.js';
export { reshape, permute, transpose, broadcastTo, slice, concat, astype, type SliceRange } from './ops/shape.js';
export { gather, oneHot } from './ops/gather.js';
export { noGrad, isGradEnabled } from './noGrad.js';
export { gradientRules, type GradientRule } from './gradients.js';
export { type PrimitiveName, type PrimitiveAttrs, type Node } from './primitives.js';
export { gradCheck, assertGradients, type GradCheckOptions, type GradCheckReport, type GradCheckMismatch } from './gradCheck.js';
export { type Kernels, type BinaryOp, type UnaryOp, type ReduceOp } from './kernels/kernels.js';
export { jsKernels } from './kernels/js.js';
export { wasmKernels, wasmRelaxedKernels } from './kernels/wasm/wasmKernels.js';
export { wasmSimdSupported, wasmRelaxedSimdSupported } from './kernels/wasm/wasmSimd.js';
export { wasmPeak, PEAK_FLOPS_PER_ROUND } from './kernels/wasm/wasmPeak.js';
export type { KernelsModule } from './kernels/wasm/_kernelsInstance.js';
export { activeKernels, useKernels, kernelsNamed, KERNELS_ENV } from './kernels/active.js';
export { rng, type Rng } from './random.js';
export { compileStep, type CompiledStep, type CompileStepOptions, type StepFunction, type StepInput } from './capture/compileStep.js';
export type { ReplayStats } from './capture/_replayPlan.js';
