import { fromArray } from './creation.js';
import { noGrad } from './noGrad.js';
import { mul } from './ops/elementwise.js';
import { sum } from './ops/reduce.js';
import { rng } from './random.js';
import { formatShape, stridesOf } from './shape.js';
import { Tensor } from './tensor.js';

export interface GradCheckOptions {
  /** Step h of the central difference (f(x + h) − f(x − h)) / 2h. Default 1e-6. */
  eps?: number;
  /** Largest accepted error |analytic − numeric| / max(1, |analytic|, |numeric|). Default 1e-5. */
  tolerance?: number;
}

/** The element whose analytic and numeric derivatives disagree most. */
export interface GradCheckMismatch {
  /** Which input (position in the `inputs` list). */
  input: number;
  /** Flat index in that input, and the same as a multi-index. */
  index: number;
  position: number[];
  analytic: number;
  numeric: number;
  absError: number;
  relError: number;
}

export interface GradCheckReport {
  ok: boolean;
  /** Largest |analytic − numeric|. */
  maxAbsError: number;
  /** Largest |analytic − numeric| / max(1, |analytic|, |numeric|): relative for large derivatives, absolute for small. */
  maxRelError: number;
  /** How many elements exceeded the tolerance. */
  failures: number;
  worst: GradCheckMismatch | null;
  tolerance: number;
}

/**
 * Compare the gradients backward() computes for f at `inputs` with central finite differences,
 * ∂f/∂xᵢ ≈ (f(x + h·eᵢ) − f(x − h·eᵢ)) / 2h, all in float64 (inputs are copied and cast; the originals
 * are untouched). A non-scalar f is checked through Σ w·f with fixed pseudo-random weights w, so every
 * output element counts and no two cancel (Σ softmax(x) = 1 would otherwise hide every error).
 */
export function gradCheck(f: (...inputs: Tensor[]) => Tensor, inputs: readonly Tensor[], options: GradCheckOptions = {}): GradCheckReport {
  const { eps = 1e-6, tolerance = 1e-5 } = options;
  const xs = inputs.map((x) => fromArray(Float64Array.from(x.data), x.shape, { requiresGrad: true }));

  const firstOutput = f(...xs);
  const weights = firstOutput.size === 1 ? null : weightsFor(firstOutput);
  const objective = (out: Tensor): Tensor => (weights === null ? out : sum(mul(out, weights)));

  const loss = objective(firstOutput);
  if (loss.requiresGrad) loss.backward();
  const analytic = xs.map((x) => x.grad?.data ?? new Float64Array(x.size));

  let maxAbsError = 0;
  let maxRelError = 0;
  let failures = 0;
  let worst: GradCheckMismatch | null = null;
  xs.forEach((x, input) => {
    const data = x.data;
    for (let index = 0; index < data.length; index++) {
      const original = data[index];
      data[index] = original + eps;
      const above = noGrad(() => objective(f(...xs)).item());
      data[index] = original - eps;
      const below = noGrad(() => objective(f(...xs)).item());
      data[index] = original;
      const numeric = (above - below) / (2 * eps);
      const a = analytic[input][index];
      const absError = Math.abs(a - numeric);
      // NaN on either side is a failure, never a silent pass.
      const relError = Number.isNaN(absError) ? Infinity : absError / Math.max(1, Math.abs(a), Math.abs(numeric));
      maxAbsError = Math.max(maxAbsError, Number.isNaN(absError) ? Infinity : absError);
      if (relError > tolerance) failures++;
      if (worst === null || relError > worst.relError) {
        worst = { input, index, position: unravel(index, x.shape), analytic: a, numeric, absError, relError };
      }
      maxRelError = Math.max(maxRelError, relError);
    }
  });
  return { ok: failures === 0, maxAbsError, maxRelError, failures, worst, tolerance };
}

/** gradCheck, throwing a readable error naming the worst element when any gradient is off. */
export function assertGradients(f: (...inputs: Tensor[]) => Tensor, inputs: readonly Tensor[], options: GradCheckOptions = {}): GradCheckReport {
  const report = gradCheck(f, inputs, options);
  if (!report.ok && report.worst !== null) {
    const w = report.worst;
    throw new Error(
      `gradient check failed for ${report.failures} element(s); worst: input ${w.input} (shape ${formatShape(inputs[w.input].shape)}) at [${w.position.join(',')}]: ` +
        `backward gives ${w.analytic}, finite differences give ${w.numeric} (error ${w.absError.toExponential(2)}, relative ${w.relError.toExponential(2)} > tolerance ${report.tolerance})`,
    );
  }
  return report;
}

function weightsFor(output: Tensor): Tensor {
  const random = rng('gradCheck');
  const w = new Float64Array(output.size);
  // In [0.5, 1.5): away from 0 so no output element is ignored.
  for (let i = 0; i < w.length; i++) w[i] = 0.5 + random.uniform();
  return new Tensor(w, output.shape);
}

function unravel(index: number, shape: readonly number[]): number[] {
  return stridesOf(shape).map((stride, d) => Math.floor(index / stride) % shape[d]);
}
