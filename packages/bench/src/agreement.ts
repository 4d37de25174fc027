import type { BatchSampler } from '@descent/data';
import type { MatmulRunner, MlpTrainer, RemoteMatmulRunner, RemoteMlpTrainer } from './contender.js';

/** How far each contender strayed from the reference (the first contender): the largest relative difference seen. */
export interface Agreement {
  reference: string;
  /** What was compared: 'losses of steps 1..5 and the parameters after them', or 'C'. */
  compared: string;
  tolerance: number;
  /** Contender name → largest relative difference from the reference. */
  deviations: Record<string, number>;
}

/** Thrown when a contender computes something else than the reference: a fast broken loop is worthless. */
export class AgreementError extends Error {
  constructor(
    message: string,
    readonly agreement: Agreement,
  ) {
    super(message);
    this.name = 'AgreementError';
  }
}

export interface TrainerUnderTest {
  name: string;
  /** Local or remote: every call is awaited here (nothing is timed). */
  trainer: MlpTrainer | RemoteMlpTrainer;
  /** Seeded like every other contender's, so all of them see the same batches in the same order. */
  sampler: BatchSampler;
}

/** |a − b| / max(|b|, floor): relative where b is sizeable, absolute near zero. */
function relativeDifference(a: number, b: number, floor: number): number {
  if (Number.isNaN(a) || Number.isNaN(b)) return Number.isNaN(a) && Number.isNaN(b) ? 0 : Infinity;
  return Math.abs(a - b) / Math.max(Math.abs(b), floor);
}

/** Largest |a − b| over both arrays, relative to the largest |b| (the scale of the tensor). */
function arrayDifference(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) return Infinity;
  let scale = 0;
  let worst = 0;
  for (let i = 0; i < b.length; i++) {
    scale = Math.max(scale, Math.abs(b[i]));
    const d = Math.abs(a[i] - b[i]);
    worst = Number.isNaN(d) ? Infinity : Math.max(worst, d);
  }
  return worst / Math.max(scale, 1e-30);
}

function check(agreement: Agreement, what: string, details: string[]): Agreement {
  const failing = Object.entries(agreement.deviations).filter(([, d]) => !(d <= agreement.tolerance));
  if (failing.length > 0) {
    const lines = failing.map(([name, d]) => `  ${name}: relative difference ${d.toExponential(2)} from ${agreement.reference} (tolerance ${agreement.tolerance})`);
    throw new AgreementError(`${what}: the contenders disagree, so their timings would compare different computations:\n${lines.join('\n')}\n${details.join('\n')}`, agreement);
  }
  return agreement;
}

/**
 * Train every contender `steps` steps on the same batches from the same weights and compare, against the
 * first contender, each step's loss and the parameters at the end. float32 libraries that sum in different
 * orders agree to about 1e-6; a missing bias gradient, a wrong learning rate or momentum, or a mis-indexed
 * batch shows as 1e-3 or more within a few steps. Throws AgreementError (naming the workload) when any
 * difference exceeds `tolerance`.
 */
export async function checkTrainingAgreement(workloadTitle: string, contenders: readonly TrainerUnderTest[], steps: number, tolerance: number): Promise<Agreement> {
  const losses = new Map<string, number[]>();
  for (const { name, trainer, sampler } of contenders) {
    await trainer.prepare?.();
    const trace: number[] = [];
    for (let s = 0; s < steps; s++) {
      const batch = sampler.next();
      trace.push(await trainer.step(batch.indices, batch.length));
    }
    losses.set(name, trace);
  }
  const [reference, ...others] = contenders;
  const referenceLosses = losses.get(reference.name)!;
  const referenceParameters = await reference.trainer.parameters();
  const deviations: Record<string, number> = {};
  for (const { name, trainer } of others) {
    const own = losses.get(name)!;
    let worst = 0;
    own.forEach((loss, s) => (worst = Math.max(worst, relativeDifference(loss, referenceLosses[s], 1e-6))));
    const parameters = await trainer.parameters();
    if (parameters.length !== referenceParameters.length) worst = Infinity;
    else parameters.forEach((p, k) => (worst = Math.max(worst, arrayDifference(p, referenceParameters[k]))));
    deviations[name] = worst;
  }
  const details = [...losses].map(([name, trace]) => `  ${name} losses: ${trace.map((l) => l.toPrecision(8)).join(', ')}`);
  return check({ reference: reference.name, compared: `losses of steps 1–${steps} and the parameters after them`, tolerance, deviations }, workloadTitle, details);
}

/** Multiply once with every contender and compare each C with the first contender's. */
export async function checkMatmulAgreement(workloadTitle: string, contenders: readonly { name: string; runner: MatmulRunner | RemoteMatmulRunner }[], tolerance: number): Promise<Agreement> {
  const results = new Map<string, Float32Array>();
  for (const { name, runner } of contenders) {
    await runner.prepare?.();
    await runner.multiply();
    results.set(name, (await runner.result()).slice());
  }
  const [reference, ...others] = contenders;
  const deviations: Record<string, number> = {};
  for (const { name } of others) deviations[name] = arrayDifference(results.get(name)!, results.get(reference.name)!);
  return check({ reference: reference.name, compared: 'C = A·B', tolerance, deviations }, workloadTitle, []);
}
