import { createRegistry, type Registry } from '@descent/settings';
import { fromArray, type DType, type Rng, type Tensor } from '@descent/tensor';
import type { InitializerName } from './module.js';

/** A fresh weight [inFeatures, outFeatures] and bias [outFeatures], both with requiresGrad. */
export interface LayerParameters {
  weight: Tensor;
  bias: Tensor;
}

/** Draws a layer's starting parameters from the seeded rng: all weights (row-major) first, then the biases. */
export type InitFunction = (inFeatures: number, outFeatures: number, rng: Rng, dtype?: DType) => LayerParameters;

function layer(inFeatures: number, outFeatures: number, dtype: DType, drawWeight: () => number, drawBias: () => number): LayerParameters {
  const w = dtype === 'float64' ? new Float64Array(inFeatures * outFeatures) : new Float32Array(inFeatures * outFeatures);
  for (let i = 0; i < w.length; i++) w[i] = drawWeight();
  const b = dtype === 'float64' ? new Float64Array(outFeatures) : new Float32Array(outFeatures);
  for (let i = 0; i < b.length; i++) b[i] = drawBias();
  return {
    weight: fromArray(w, [inFeatures, outFeatures], { requiresGrad: true }),
    bias: fromArray(b, [outFeatures], { requiresGrad: true }),
  };
}

/** PyTorch's nn.Linear default: W, b ~ U(−1/√fan_in, 1/√fan_in). */
export function uniformInit(inFeatures: number, outFeatures: number, rng: Rng, dtype: DType = 'float32'): LayerParameters {
  const bound = 1 / Math.sqrt(inFeatures);
  const draw = () => rng.uniformIn(-bound, bound);
  return layer(inFeatures, outFeatures, dtype, draw, draw);
}

/** Glorot/Xavier uniform: W ~ U(±√(6 / (fan_in + fan_out))), b = 0. Keeps activation variance steady for tanh/sigmoid. */
export function xavierInit(inFeatures: number, outFeatures: number, rng: Rng, dtype: DType = 'float32'): LayerParameters {
  const bound = Math.sqrt(6 / (inFeatures + outFeatures));
  return layer(inFeatures, outFeatures, dtype, () => rng.uniformIn(-bound, bound), () => 0);
}

/** He/Kaiming normal: W ~ N(0, 2 / fan_in), b = 0. Keeps activation variance steady for relu. */
export function heInit(inFeatures: number, outFeatures: number, rng: Rng, dtype: DType = 'float32'): LayerParameters {
  const std = Math.sqrt(2 / inFeatures);
  return layer(inFeatures, outFeatures, dtype, () => std * rng.normal(), () => 0);
}

/** An initialiser by the name configs use. */
export interface InitializerEntry {
  name: InitializerName;
  init: InitFunction;
}

/** The initialisers by config name. */
export const initializers: Registry<InitializerEntry> = createRegistry('initializer', [
  { name: 'uniform', init: uniformInit },
  { name: 'xavier', init: xavierInit },
  { name: 'he', init: heInit },
]);

/** The initialiser for `options.init`, or an error naming `op`, the value given and the accepted names. */
export function initializerNamed(op: string, name: unknown): InitFunction {
  const issue = initializers.nameIssue(name);
  if (issue !== null) throw new RangeError(`${op}: options.init: ${issue}`);
  return initializers.get(name as InitializerName).init;
}
