import type { BenchCurvePoint, BenchResult, BenchVerdict, BenchWorkload, OptimizerBenchSummary } from '@descent/runner';
import { wiggle } from './fixtures.js';

/**
 * A hand-made `exp optimizers bench` summary: 2 candidates × 9 baselines × 8 workloads with realistic,
 * deterministic values (no Math.random), and the derived fields (profile, verdicts, answers) computed from
 * them the way the bench defines them, so a report test can check the page against the inputs.
 */

export const BENCH_WORKLOADS: readonly BenchWorkload[] = [
  { id: 'ravine', title: 'ill-conditioned valley, κ = 100, noisy gradients', variant: 'κ = 300', metric: 'loss', goal: 'minimize', target: 0.01, budget: { steps: 2000, examples: 2000 } },
  { id: 'rosenbrock', title: 'curved valley (Rosenbrock)', variant: 'start (−1.5, 2)', metric: 'loss', goal: 'minimize', target: 0.001, budget: { steps: 3000, examples: 3000 } },
  { id: 'saddle', title: 'escape from a saddle point', variant: 'start 1e-3 off the ridge', metric: 'loss', goal: 'minimize', target: -0.5, budget: { steps: 500, examples: 500 } },
  { id: 'double-well', title: 'two minima, the deeper one farther', variant: 'well depth 1.4', metric: 'loss', goal: 'minimize', target: -0.9, budget: { steps: 1000, examples: 1000 } },
  { id: 'lecture', title: 'the lecture’s 3-4-1 net', variant: 'data seed 3', metric: 'train_loss', goal: 'minimize', target: 0.05, budget: { steps: 4000, examples: 32000 } },
  { id: 'moons', title: 'two-moons MLP 2-16-16-2', variant: 'noise 0.25, data seed 7', metric: 'test_accuracy', goal: 'maximize', target: 0.95, budget: { steps: 3000, examples: 96000 } },
  { id: 'digits', title: 'MNIST digits MLP 64-32-10', variant: 'data seed 2', metric: 'test_accuracy', goal: 'maximize', target: 0.9, budget: { steps: 4000, examples: 128000 } },
  { id: 'least-squares', title: 'least squares, condition number 1000', variant: 'κ = 3000', metric: 'train_loss', goal: 'minimize', target: 1e-4, budget: { steps: 5000, examples: 160000 } },
];

export const BENCH_BASELINES: readonly string[] = ['sgd', 'momentum', 'nesterov', 'adagrad', 'rmsprop', 'adam', 'adamw', 'lion', 'signum'];

/**
 * Steps to target per optimizer, per workload (in BENCH_WORKLOADS order); null: not reached. Hand-set to
 * read like a real suite: momentum methods win the landscapes, adaptive ones the nets, sign methods the saddle.
 */
const STEPS: Record<string, readonly (number | null)[]> = {
  sgd: [null, null, 310, 420, 2900, 2400, 3300, 4700],
  momentum: [640, 1900, 140, 260, 1300, 1100, 1500, 1450],
  nesterov: [610, 1750, 150, 250, 1250, 1050, 1450, 1380],
  adagrad: [1500, null, 260, null, 2100, 1800, 2400, null],
  rmsprop: [900, 2600, 90, 300, 900, 800, 1200, 2600],
  adam: [820, 2100, 80, 280, 700, 650, 980, 2200],
  adamw: [830, 2150, 80, 290, 720, 640, 990, 2250],
  lion: [1100, null, 60, 350, 950, 700, 1100, 3100],
  signum: [1200, null, 55, 380, 1150, 900, 1300, 3600],
  // The two candidates of the default fixture: a sound adaptive method, and a broken one that reaches nothing.
  adabelief: [560, 1500, 58, 270, 600, 620, 1000, 1900],
  'half-flipped-sgd': [null, null, null, null, null, null, null, null],
};

/** Tuned hyperparameters per optimizer (the same on every workload here: only their shape matters to the report). */
const TUNED: Record<string, BenchResult['tuned']> = {
  sgd: { lr: 0.05 },
  momentum: { lr: 0.01, momentum: 0.9 },
  nesterov: { lr: 0.01, momentum: 0.9 },
  adagrad: { lr: 0.1 },
  rmsprop: { lr: 0.001, decay: 0.99 },
  adam: { lr: 0.003, beta1: 0.9, beta2: 0.999 },
  adamw: { lr: 0.003, weightDecay: 0.01 },
  lion: { lr: 0.0003, beta1: 0.9, beta2: 0.99 },
  signum: { lr: 0.001, momentum: 0.9 },
  adabelief: { lr: 0.002, beta1: 0.9, beta2: 0.999 },
};

/** Hyperparameters the protocol did not search (`search: false`), at the values every run kept. */
const FIXED: Record<string, BenchResult['fixed']> = {
  rmsprop: { eps: 1e-8, momentum: 0 },
  adam: { eps: 1e-8 },
  adamw: { eps: 1e-8, weight_decay: 0.01 },
  adabelief: { eps: 1e-12 },
};

export interface BenchSummaryOptions {
  /** Candidate names, mapped onto the fixture's two candidate profiles in order (e.g. to test escaping). */
  candidates?: readonly [string, string];
  /** Workloads no optimizer reaches (their times all become null). */
  nobodyReaches?: readonly string[];
  /** Attach the proposed downsampled mean curve to every result. */
  curves?: boolean;
  replicates?: number;
}

const TAU: readonly number[] = Array.from({ length: 31 }, (_, i) => 1 + i * 0.1);
const EQUIVALENCE = 0.1;

/** A mean curve: from a start value towards the target, crossing it at `reachedAt` examples (or levelling off short of it). */
function syntheticCurve(workload: BenchWorkload, optimizer: string, reachedAt: number | null): BenchCurvePoint[] {
  const { target, goal } = workload;
  const end = workload.budget.examples;
  const start = goal === 'maximize' ? 0.5 : target > 0 ? target * 300 : target + 1.5;
  const crossing = reachedAt ?? end * 1.6;
  return Array.from({ length: 41 }, (_, i) => {
    const examples = Math.round((end * i) / 40);
    const progress = examples / crossing; // 1 at the crossing
    const noise = 1 + 0.03 * wiggle(`${workload.id}/${optimizer}`, i);
    let value: number;
    if (goal === 'maximize') value = Math.min(0.995, start + ((target - start) * (1 - Math.exp(-3 * progress))) / (1 - Math.exp(-3)) + 0.004 * (noise - 1));
    // Past the target a loss keeps falling, but more slowly (a real curve flattens; it does not fall to 1e-14).
    else if (target > 0) value = start * Math.pow(target / start, progress <= 1 ? progress : 1 + 0.25 * (progress - 1)) * noise;
    else value = start + (target - start) * Math.min(1.15, progress) * noise;
    return { examples, value: Number(value.toPrecision(5)) };
  });
}

/** `score = ∫ ρ dτ / (τmax − 1)` with ρ a step function on the τ grid (AlgoPerf's area score, scaled to 0–1). */
function areaScore(rho: readonly number[]): number {
  let area = 0;
  for (let i = 0; i + 1 < TAU.length; i++) area += rho[i] * (TAU[i + 1] - TAU[i]);
  return Number((area / (TAU[TAU.length - 1] - TAU[0])).toFixed(4));
}

export function benchSummaryFixture(options: BenchSummaryOptions = {}): OptimizerBenchSummary {
  const candidates = [...(options.candidates ?? ['adabelief', 'half-flipped-sgd'])];
  const profileOf = new Map<string, string>([[candidates[0], 'adabelief'], [candidates[1], 'half-flipped-sgd']]);
  const replicates = options.replicates ?? 3;
  const nobody = new Set(options.nobodyReaches ?? []);
  const optimizers = [...candidates, ...BENCH_BASELINES];
  const stepsOf = (optimizer: string, w: number): number | null =>
    nobody.has(BENCH_WORKLOADS[w].id) ? null : STEPS[profileOf.get(optimizer) ?? optimizer][w];

  const results: BenchResult[] = optimizers.flatMap((optimizer) =>
    BENCH_WORKLOADS.map((workload, w) => {
      const steps = stepsOf(optimizer, w);
      const batch = workload.budget.examples / workload.budget.steps;
      const examples = steps === null ? null : steps * batch;
      const broken = profileOf.get(optimizer) === 'half-flipped-sgd';
      const diverged = broken ? (w % 3 === 0 ? replicates : 1) : optimizer === 'sgd' && w === 1 ? 1 : 0;
      // One candidate result decided on fewer than all replicates, so the fixture shows an undecided verdict.
      const reached = steps === null ? 0 : profileOf.get(optimizer) === 'adabelief' && workload.id === 'double-well' ? replicates - 1 : replicates;
      const finalValue = steps === null ? (workload.goal === 'maximize' ? workload.target - 0.07 : workload.target > 0 ? workload.target * 4 : workload.target + 0.3) : workload.target * (workload.goal === 'maximize' ? 1.02 : 0.5);
      // The first candidate's lecture verdict took more replicates than the ones scored (adaptive replicates).
      const count = profileOf.get(optimizer) === 'adabelief' && workload.id === 'lecture' ? 2 * replicates : replicates;
      const result: BenchResult = {
        optimizer,
        workload: workload.id,
        tuned: TUNED[profileOf.get(optimizer) ?? optimizer] ?? { lr: 0.01 },
        fixed: FIXED[profileOf.get(optimizer) ?? optimizer] ?? {},
        trials: 16,
        replicates: count,
        scored: replicates,
        reached,
        stepsToTarget: steps,
        examplesToTarget: examples,
        finalMetrics: Array.from({ length: count }, (_, r) => (r < diverged ? null : Number((finalValue * (1 + 0.02 * wiggle(`${optimizer}/${workload.id}`, r))).toPrecision(4)))),
        diverged,
        failed: 0,
      };
      if (options.curves) result.curve = syntheticCurve(workload, optimizer, examples);
      return result;
    }),
  );

  const fastestOn = (w: number, among: readonly string[]) => {
    const reached = among.map((name) => ({ name, steps: stepsOf(name, w) })).filter((entry): entry is { name: string; steps: number } => entry.steps !== null);
    return reached.sort((a, b) => a.steps - b.steps)[0];
  };

  const profile = optimizers.map((optimizer) => {
    const ratios = BENCH_WORKLOADS.map((_, w) => {
      const steps = stepsOf(optimizer, w);
      const best = fastestOn(w, optimizers);
      return steps === null || best === undefined ? Infinity : steps / best.steps;
    });
    const rho = TAU.map((tau) => Number((ratios.filter((ratio) => ratio <= tau).length / BENCH_WORKLOADS.length).toFixed(4)));
    return { optimizer, rho, score: areaScore(rho) };
  });

  const verdicts: BenchVerdict[] = candidates.flatMap((optimizer) =>
    BENCH_WORKLOADS.flatMap((workload, w) => {
      const against = fastestOn(w, BENCH_BASELINES);
      if (against === undefined) return []; // nobody reached it: no verdict there
      const steps = stepsOf(optimizer, w);
      const best = fastestOn(w, optimizers)!;
      const result = results.find((r) => r.optimizer === optimizer && r.workload === workload.id)!;
      const relative = steps === null ? Infinity : steps / against.steps;
      const verdict: BenchVerdict['verdict'] =
        result.reached < replicates && steps !== null ? 'undecided' : relative < 1 - EQUIVALENCE ? 'better' : relative > 1 + EQUIVALENCE ? 'worse' : 'equivalent';
      return [{ optimizer, workload: workload.id, against: against.name, verdict, ratio: steps === null ? null : Number((steps / best.steps).toFixed(4)) }];
    }),
  );

  const answers = Object.fromEntries(
    candidates.map((optimizer) => {
      const own = verdicts.filter((verdict) => verdict.optimizer === optimizer);
      const reached = own.filter((verdict) => verdict.ratio !== null);
      const within = reached.filter((verdict) => verdict.ratio! <= 1.5).length;
      const listed = (kind: BenchVerdict['verdict']) => own.filter((v) => v.verdict === kind).map((v) => `${v.against} on ${v.workload}`);
      const better = listed('better');
      const worse = listed('worse');
      const parts = [
        `${optimizer} reaches ${reached.length} of ${BENCH_WORKLOADS.length} targets; within 1.5× of the best on ${within}`,
        better.length > 0 ? `better than ${better.join(', ')}` : '',
        worse.length > 0 ? `worse than ${worse.slice(0, 3).join(', ')}${worse.length > 3 ? ` and ${worse.length - 3} more` : ''}` : '',
      ];
      return [optimizer, `${parts.filter(Boolean).join('; ')}.`];
    }),
  );

  const conformance = Object.fromEntries(
    optimizers.map((optimizer) => [optimizer, profileOf.get(optimizer) === 'half-flipped-sgd' ? { ok: false, failed: ['converges on a parabola', 'converges on Rosenbrock'] } : { ok: true, failed: [] }]),
  );

  return {
    schema: 1,
    suite: 'bench-2026.12-1',
    seed: 18,
    budget: 'quick',
    kernels: 'js-f64',
    timeAxis: 'examples',
    workloads: BENCH_WORKLOADS.map((workload) => ({ ...workload, budget: { ...workload.budget } })),
    candidates,
    baselines: [...BENCH_BASELINES],
    results,
    tau: [...TAU],
    profile,
    verdicts,
    answers,
    conformance,
  };
}
