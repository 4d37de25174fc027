import { rng } from '@descent/tensor';
import { describeAccepted, describeSearch, describeThrown, searchRange, type NumberSetting, type Settings, type SettingValues } from '@descent/settings';
import { firstNonFinite, updateResultProblem } from './guard.js';
import { formatValue, resolveHyperparameters, validateHyperparameters, type FloatArray, type Invariance, type Optimizer, type OptimizerState } from './optimizer.js';
import { optimizerProblems } from './optimizerProblems.js';
import { restoreState, serializeState, stateValueProblem } from './state.js';

/**
 * The conformance kit: properties every optimizer must have, whoever wrote it. The built-ins are run through
 * it from one table, plugins through `exp optimizers check <file>`. Each check runs on its own, so one broken
 * property does not hide the others.
 */

export interface ConformanceCheck {
  name: string;
  ok: boolean;
  /** What was measured, or what went wrong. */
  detail: string;
}

export interface ConformanceReport {
  name: string;
  checks: ConformanceCheck[];
  /** Every check passed. */
  ok: boolean;
}

export interface CheckOptions {
  /** Hyperparameter values to check with (defaults fill the rest). */
  hp?: Readonly<Record<string, unknown>>;
}

/** A function to minimise from a fixed start: the checks run optimizers on these. */
interface Problem {
  start: number[][];
  loss(params: readonly FloatArray[]): number;
  /** ∇f into new arrays of the parameters' type. */
  gradient(params: readonly FloatArray[]): FloatArray[];
}

/** f(θ) = ½·Σ aᵢθᵢ² with curvatures aᵢ in [1, 10] (well conditioned), split over two parameter arrays; ∇f = a∘θ. */
const quadratic: Problem & { curvature: number[][] } = (() => {
  const random = rng('descent/conformance');
  const sizes = [5, 3];
  const curvature = sizes.map((n) => Array.from({ length: n }, () => random.uniformIn(1, 10)));
  const start = sizes.map((n) => Array.from({ length: n }, () => random.normal()));
  return {
    curvature,
    start,
    loss: (params) => {
      let f = 0;
      params.forEach((theta, p) => theta.forEach((x, i) => (f += 0.5 * curvature[p][i] * x * x)));
      return f;
    },
    gradient: (params) => params.map((theta, p) => theta.map((x, i) => curvature[p][i] * x)),
  };
})();

/**
 * Rosenbrock's valley f(x, y) = (1 − x)² + 100·(y − x²)² from the classic start (−1.2, 1), f₀ = 24.2; minimum 0 at (1, 1).
 * ∇f = (−2(1 − x) − 400·x(y − x²), 200·(y − x²)). (The data package draws the same valley; optim cannot import it.)
 */
const rosenbrock: Problem = {
  start: [[-1.2, 1]],
  loss: ([[x, y]]) => (1 - x) ** 2 + 100 * (y - x * x) ** 2,
  gradient: ([theta]) => {
    const [x, y] = theta;
    const gradient = theta.map(() => 0);
    gradient[0] = -2 * (1 - x) - 400 * x * (y - x * x);
    gradient[1] = 200 * (y - x * x);
    return [gradient];
  },
};

const quadraticSteps = 40;
const shortRun = 20;

/*
 * Convergence budgets, set after measuring every built-in and the shipped plugins at their defaults (the
 * slowest on the parabola: adagrad at lr 0.01 needs ~18,000 steps, lion at lr 1e-4 ~15,500, since a
 * sign method moves each coordinate by at most α per step and the start is ~1 away).
 * Both criteria ask whether f reaches the target at some step, not where the run ends: a sign-based method
 * at a fixed α keeps oscillating at a distance ~α from the minimum, which is its nature, not a defect.
 */
const parabolaBudget = { steps: 25_000, fraction: 1e-3 };
/**
 * f ≤ 1e-2 is the valley floor near (1, 1). Many methods diverge here at a default tuned for networks (sgd,
 * momentum and nesterov at lr 0.01; the curvature at the start is ~1000), so when the caller fixes no lr the
 * check also tries lrs of the form 1·10ᵏ and 3·10ᵏ inside the lr's declared search range and passes if any
 * converges: the criterion follows the optimizer's own declaration, as the benchmark's tuning will.
 */
const rosenbrockBudget = { steps: 10_000, target: 1e-2 };
/** A power of two: scaling by it is exact in floating point, so any difference is the method's, not rounding. */
const gradientScales = [1024, 1 / 1024];

type ArrayType = 'float32' | 'float64';
type HyperparameterValues = SettingValues<Settings>;

interface RunState {
  params: FloatArray[];
  state: OptimizerState;
  step: number;
}

/** Run every conformance check on `optimizer` and report each. */
export function checkOptimizer(optimizer: Optimizer, options: CheckOptions = {}): ConformanceReport {
  const given = options.hp ?? {};
  const name = typeof optimizer?.name === 'string' ? optimizer.name : '(unnamed)';
  const hp = (): HyperparameterValues => resolveHyperparameters(optimizer, given);
  const checks: ConformanceCheck[] = [
    check('declaration is complete and the hyperparameters valid', () => {
      const problems = [...optimizerProblems(optimizer), ...validateHyperparameters(optimizer, given)];
      return problems.length === 0 ? pass('name, description, rule, init, update and every declaration are fine') : fail(problems.join('; '));
    }),
    check('lr = 0 leaves the parameters unchanged', () => {
      const end = run(optimizer, { ...hp(), lr: 0 }, 'float64', 5);
      const difference = bitDifference(startParams('float64'), end.params);
      return difference === null ? pass('5 steps with lr = 0 kept every bit') : fail(`with lr = 0 the parameters moved: ${difference}`);
    }),
    check('decreases a convex quadratic', () => {
      const before = quadratic.loss(startParams('float64'));
      const end = run(optimizer, hp(), 'float64', quadraticSteps);
      const after = quadratic.loss(end.params);
      const detail = `f = ½·Σ aᵢθᵢ² went from ${before.toPrecision(6)} to ${after.toPrecision(6)} in ${quadraticSteps} steps`;
      return Number.isFinite(after) && after < before ? pass(detail) : fail(detail);
    }),
    check(`converges on a parabola (f ≤ ${parabolaBudget.fraction}·f₀ within ${parabolaBudget.steps} steps)`, () => {
      const target = parabolaBudget.fraction * quadratic.loss(startParams('float64'));
      const descent = descend(optimizer, hp(), quadratic, parabolaBudget.steps, target);
      return descent.reachedAt !== null
        ? pass(`f = ½·Σ aᵢθᵢ² (aᵢ in [1, 10]) reached ${formatLoss(descent.best)} ≤ ${formatLoss(target)} after ${descent.reachedAt} steps`)
        : fail(`f = ½·Σ aᵢθᵢ² (aᵢ in [1, 10]) ${describeShortfall(descent, parabolaBudget.steps)} (target ${formatLoss(target)})`);
    }),
    check(`converges on Rosenbrock (f ≤ ${rosenbrockBudget.target} within ${rosenbrockBudget.steps} steps from (−1.2, 1))`, () => {
      const tried: string[] = [];
      for (const lr of rosenbrockLearningRates(optimizer, given)) {
        const descent = descend(optimizer, { ...hp(), lr }, rosenbrock, rosenbrockBudget.steps, rosenbrockBudget.target);
        if (descent.reachedAt !== null) {
          const before = tried.length > 0 ? `; before that ${tried.join('; ')}` : '';
          return pass(`reached f = ${formatLoss(descent.best)} after ${descent.reachedAt} steps at lr = ${formatValue(lr)}${before}`);
        }
        tried.push(`lr = ${formatValue(lr)} ${describeShortfall(descent, rosenbrockBudget.steps)}`);
      }
      const hint = 'lr' in given ? ' (only the lr given was tried)' : describeSearch(optimizer.hyperparameters.lr as NumberSetting) === 'open' ? " (declare lr's search range to let the kit try others)" : '';
      return fail(`no lr converged${hint}: ${tried.join('; ')}`);
    }),
    check('reads hyperparameters on every step (a schedule changing lr mid-run is honoured)', () => {
      const steps = 10;
      const lr = hp().lr as number;
      const warm = run(optimizer, hp(), 'float64', steps);
      const reached = warm.params.map((p) => p.slice());
      const stopped = run(optimizer, { ...hp(), lr: 0 }, 'float64', steps, { from: warm });
      const moved = bitDifference(reached, stopped.params);
      if (moved !== null) return fail(`${steps} steps at lr = ${formatValue(lr)}, then ${steps} at lr = 0 moved the parameters: ${moved} (is lr read once, at init, and kept?)`);
      // One more step from the same saved point, at lr and at lr/2: the two steps must differ.
      const point = run(optimizer, hp(), 'float64', steps);
      const full = stepFrom(optimizer, hp(), point);
      const half = stepFrom(optimizer, { ...hp(), lr: lr / 2 }, point);
      if (full === 0) return fail(`a step at lr = ${formatValue(lr)} after ${steps} steps did not move the parameters`);
      if (half === full) return fail(`halving lr to ${formatValue(lr / 2)} for one step gave a step of the same length (${full.toPrecision(3)}): lr is not read on that call`);
      return pass(`${steps} steps at lr, then ${steps} at lr = 0: unchanged; a step at lr/2 is ${(half / full).toFixed(3)}× the step at lr`);
    }),
    check('declared invariances hold', () => {
      const declared: unknown = optimizer.invariances ?? [];
      if (!Array.isArray(declared)) return fail('invariances is not a list (see the declaration check)');
      if (declared.length === 0) return pass('none declared');
      for (const invariance of declared as Invariance[]) {
        if (!Object.hasOwn(invarianceChecks, invariance)) return fail(`'${String(invariance)}' is not an invariance the kit knows (see the declaration check)`);
        const broken = invarianceChecks[invariance](optimizer, hp());
        if (broken !== null) return fail(`declares '${invariance}' but ${broken}`);
      }
      return pass(`${declared.join(', ')}: ${(declared as Invariance[]).map((invariance) => invarianceEvidence[invariance]).join('; ')}`);
    }),
    check('every tunable hyperparameter has a search range', () => {
      const numeric = Object.entries(optimizer.hyperparameters).filter((entry): entry is [string, NumberSetting] => entry[1].type === 'number' || entry[1].type === 'integer');
      const open = numeric.filter(([, setting]) => searchRange(setting) === null);
      if (open.length > 0)
        return fail(
          `the benchmark cannot tune ${open.map(([key]) => `'${key}'`).join(', ')}: ` +
            open.map(([key, setting]) => `'${key}' accepts ${describeAccepted(setting)}, an open range; add ${suggestSearch(setting)} to its declaration, or search: false to keep its default when tuning`).join('; '),
        );
      return pass(numeric.map(([key, setting]) => `${key} ${describeSearch(setting)}`).join(', '));
    }),
    check('is deterministic (two fresh runs give the same bits)', () => {
      const first = run(optimizer, hp(), 'float64', shortRun);
      const second = run(optimizer, hp(), 'float64', shortRun);
      const difference = bitDifference(first.params, second.params) ?? stateDifference(first.state, second.state);
      return difference === null ? pass(`${shortRun} steps, twice: identical parameters and state`) : fail(`two runs from the same start differ: ${difference}`);
    }),
    check('state is plain data', () => {
      const initial = optimizer.init(startParams('float64'), hp());
      for (const [key, value] of Object.entries(initial)) {
        const problem = stateValueProblem(value);
        if (problem !== null) return fail(`init returned state '${key}' that is not plain data: ${problem}`);
      }
      // run() checks every returned state the same way; serialising proves it survives a save.
      const end = run(optimizer, hp(), 'float64', 3);
      serializeState(end.state);
      return pass(`state keys: ${Object.keys(end.state).join(', ') || '(none)'}; numbers and typed arrays only`);
    }),
    check('resumes from a saved state with the same bits', () => {
      const uninterrupted = run(optimizer, hp(), 'float64', shortRun);
      const half = run(optimizer, hp(), 'float64', shortRun / 2);
      // What a restarted process would see: JSON state, parameters in new arrays.
      const saved = JSON.parse(JSON.stringify(serializeState(half.state)));
      const resumed = run(optimizer, hp(), 'float64', shortRun / 2, {
        from: { params: half.params.map((p) => p.slice()), state: restoreState(saved), step: half.step },
      });
      const difference = bitDifference(uninterrupted.params, resumed.params);
      return difference === null
        ? pass(`${shortRun} steps straight = ${shortRun / 2} steps, save, restore, ${shortRun / 2} steps`)
        : fail(`the resumed run differs from the uninterrupted one: ${difference} (is some state kept outside the returned state?)`);
    }),
    check('does not write into the gradients', () => {
      let mutation: string | null = null;
      run(optimizer, hp(), 'float64', 10, {
        onGrads: (grads) => {
          const before = grads.map((g) => g.slice());
          return () => {
            mutation ??= bitDifference(before, grads, 'grads');
          };
        },
      });
      return mutation === null ? pass('10 steps, gradients unchanged') : fail(`update wrote into its gradients: ${mutation}`);
    }),
    check('zero gradients give no NaN', () => {
      const end = run(optimizer, hp(), 'float64', 5, { zeroGradients: true });
      const bad = firstNonFinite(end.params);
      return bad === -1 ? pass('5 steps with all-zero gradients, parameters finite') : fail(`parameter ${bad} (flat index) is ${flat(end.params)[bad]} after 5 steps with zero gradients`);
    }),
    check('works on float32 and float64 parameters', () => {
      for (const type of ['float32', 'float64'] as const) {
        const end = run(optimizer, hp(), type, 10);
        const bad = firstNonFinite(end.params);
        if (bad !== -1) return fail(`${type}: parameter ${bad} (flat index) is ${flat(end.params)[bad]} after 10 steps`);
        if (bitDifference(startParams(type), end.params) === null) return fail(`${type}: 10 steps did not move the parameters`);
      }
      return pass('10 steps each, returned arrays of the given type and length, finite, moved');
    }),
  ];
  return { name, checks, ok: checks.every((c) => c.ok) };
}

/** A report as text: a headline, then ✓ or ✗ and the detail per check. */
export function formatConformance(report: ConformanceReport): string {
  const passed = report.checks.filter((c) => c.ok).length;
  const head = `optimizer '${report.name}': ${passed} of ${report.checks.length} checks passed${report.ok ? '' : ' (FAILED)'}`;
  return [head, ...report.checks.map((c) => `  ${c.ok ? '✓' : '✗'} ${c.name}: ${c.detail}`)].join('\n');
}

type Outcome = { ok: boolean; detail: string };
const pass = (detail: string): Outcome => ({ ok: true, detail });
const fail = (detail: string): Outcome => ({ ok: false, detail });

function check(name: string, body: () => Outcome): ConformanceCheck {
  try {
    return { name, ...body() };
  } catch (error) {
    return { name, ok: false, detail: `threw: ${describeThrown(error)}` };
  }
}

function startParams(type: ArrayType, problem: Problem = quadratic): FloatArray[] {
  return problem.start.map((values) => (type === 'float32' ? Float32Array.from(values) : Float64Array.from(values)));
}

interface RunOptions {
  from?: RunState;
  problem?: Problem;
  zeroGradients?: boolean;
  /** Every gradient is multiplied by this before the update. */
  gradientScale?: number;
  /** Called with each step's gradients before the update; the function it returns runs after the update. */
  onGrads?: (grads: readonly FloatArray[]) => () => void;
  /** Called after each update; returning true ends the run there. */
  stopWhen?: (current: RunState) => boolean;
}

/** `steps` updates on the quadratic (or `problem`) from its start (or from `from`), each result checked against the contract. */
function run(optimizer: Optimizer, hp: HyperparameterValues, type: ArrayType, steps: number, options: RunOptions = {}): RunState {
  const problem = options.problem ?? quadratic;
  let current: RunState = options.from ?? (() => {
    const params = startParams(type, problem);
    return { params, state: optimizer.init(params, hp), step: 0 };
  })();
  for (let i = 0; i < steps; i++) {
    const grads = problem.gradient(current.params);
    if (options.zeroGradients) for (const grad of grads) grad.fill(0);
    const scale = options.gradientScale ?? 1;
    if (scale !== 1) for (const grad of grads) for (let j = 0; j < grad.length; j++) grad[j] *= scale;
    const after = options.onGrads?.(grads);
    const result = optimizer.update({ params: current.params, grads, state: current.state, hp, step: current.step });
    after?.();
    const broken = updateResultProblem(current.params, result);
    if (broken !== null) throw new Error(`${broken} at step ${current.step}`);
    current = { params: result.params, state: result.state, step: current.step + 1 };
    if (options.stopWhen?.(current)) break;
  }
  return current;
}

interface Descent {
  /** The step count at which f first reached the target, or null. */
  reachedAt: number | null;
  /** The lowest f seen. */
  best: number;
  /** The step at which f became non-finite or exploded, or null. */
  divergedAt: number | null;
}

/** Run until f ≤ target, until f explodes (1e6·f₀ or non-finite), or for `steps` steps (float64). */
function descend(optimizer: Optimizer, hp: HyperparameterValues, problem: Problem, steps: number, target: number): Descent {
  const explosion = 1e6 * problem.loss(startParams('float64', problem));
  const outcome: Descent = { reachedAt: null, best: Infinity, divergedAt: null };
  run(optimizer, hp, 'float64', steps, {
    problem,
    stopWhen: ({ params, step }) => {
      const f = problem.loss(params);
      if (!(f <= explosion)) {
        outcome.divergedAt = step;
        return true;
      }
      outcome.best = Math.min(outcome.best, f);
      if (f <= target) outcome.reachedAt = step;
      return f <= target;
    },
  });
  return outcome;
}

/** Why a descent missed its target, for a detail line. */
function describeShortfall(descent: Descent, steps: number): string {
  if (descent.divergedAt !== null) return `diverged at step ${descent.divergedAt}`;
  return `reached only f = ${formatLoss(descent.best)} in ${steps} steps`;
}

function formatLoss(f: number): string {
  return f.toExponential(2);
}

/**
 * The lrs the Rosenbrock check tries, in order: the lr the caller gave (only that), else the default, then
 * 1·10ᵏ and 3·10ᵏ inside lr's declared search range from the top down: a too-large lr diverges in a few
 * steps, so this is cheap, and the first that converges is about the fastest.
 */
function rosenbrockLearningRates(optimizer: Optimizer, given: Readonly<Record<string, unknown>>): number[] {
  const chosen = resolveHyperparameters(optimizer, given).lr as number;
  if ('lr' in given) return [chosen];
  const range = searchRange(optimizer.hyperparameters.lr as NumberSetting);
  if (range === null || range === 'fixed' || range.min <= 0) return [chosen];
  const grid: number[] = [];
  for (let decade = Math.floor(Math.log10(range.min)); 10 ** decade <= range.max; decade++) {
    for (const mantissa of [1, 3]) {
      const lr = Number((mantissa * 10 ** decade).toPrecision(1)); // 3e-4, not 0.00030000000000000003
      if (lr >= range.min && lr <= range.max && lr !== chosen) grid.push(lr);
    }
  }
  return [chosen, ...grid.reverse()];
}

/** A copy of a run's point (parameters and state), so two continuations start from the same bits. */
function copyRunState(point: RunState): RunState {
  return { params: point.params.map((p) => p.slice()), state: restoreState(serializeState(point.state)), step: point.step };
}

/** The Euclidean length of one update from a copy of `point`. */
function stepFrom(optimizer: Optimizer, hp: HyperparameterValues, point: RunState): number {
  const start = copyRunState(point);
  const before = start.params.map((p) => p.slice());
  const after = run(optimizer, hp, 'float64', 1, { from: start });
  let squares = 0;
  after.params.forEach((theta, p) => theta.forEach((x, i) => (squares += (x - before[p][i]) ** 2)));
  return Math.sqrt(squares);
}

/** What the invariance check compared, for the detail line of a pass. */
const invarianceEvidence: Record<Invariance, string> = {
  'gradient-scale': `20 steps with every gradient ×${gradientScales.join(' and ×')} gave the same parameters`,
};

/** One check per declarable invariance (a mapped type: a new name without its check does not compile); null when it holds. */
const invarianceChecks: Record<Invariance, (optimizer: Optimizer, hp: HyperparameterValues) => string | null> = {
  'gradient-scale': (optimizer, hp) => {
    const plain = run(optimizer, hp, 'float64', shortRun).params;
    for (const scale of gradientScales) {
      const scaled = run(optimizer, hp, 'float64', shortRun, { gradientScale: scale }).params;
      const difference = farthest(plain, scaled);
      // Room for a method that normalises with a rounding of its own; a real dependence on scale is far larger.
      if (difference.relative > 1e-9)
        return `with every gradient ×${scale} the parameters differ after ${shortRun} steps: ${difference.where} is ${difference.actual}, ${difference.expected} without scaling`;
    }
    return null;
  },
};

/** The largest relative difference between two lists of arrays of equal shapes, and where it is. */
function farthest(expected: readonly FloatArray[], actual: readonly FloatArray[]): { relative: number; where: string; expected: number; actual: number } {
  let worst = { relative: 0, where: 'nowhere', expected: 0, actual: 0 };
  expected.forEach((theta, p) =>
    theta.forEach((x, i) => {
      const y = actual[p][i];
      const same = Object.is(x, y) || (Number.isNaN(x) && Number.isNaN(y));
      const relative = same ? 0 : Number.isFinite(x - y) ? Math.abs(x - y) / Math.max(1, Math.abs(x)) : Infinity;
      if (relative > worst.relative) worst = { relative, where: `params[${p}][${i}]`, expected: x, actual: y };
    }),
  );
  return worst;
}

/** What to add to an open numeric declaration: a log range of two decades either side of a positive default on a log scale. */
function suggestSearch(setting: NumberSetting): string {
  const d = setting.default;
  if (setting.log && d > 0) return `search: { min: ${formatValue(Number((d / 100).toPrecision(2)))}, max: ${formatValue(Number((d * 100).toPrecision(2)))}, log: true }`;
  return `search: { min, max } (a closed range inside ${describeAccepted(setting).replace(/^a finite number in |^an integer in /, '')})`;
}

/** Where two lists of arrays first differ in their bits (NaN equals NaN), or null when identical. */
function bitDifference(expected: readonly FloatArray[], actual: readonly FloatArray[], label = 'params'): string | null {
  if (expected.length !== actual.length) return `${label} has ${actual.length} arrays, expected ${expected.length}`;
  for (let p = 0; p < expected.length; p++) {
    if (expected[p].length !== actual[p].length) return `${label}[${p}] has ${actual[p].length} elements, expected ${expected[p].length}`;
    for (let i = 0; i < expected[p].length; i++) {
      const a = expected[p][i];
      const b = actual[p][i];
      if (!Object.is(a, b) && !(Number.isNaN(a) && Number.isNaN(b))) return `${label}[${p}][${i}] is ${b}, expected ${a}`;
    }
  }
  return null;
}

function stateDifference(a: OptimizerState, b: OptimizerState): string | null {
  return JSON.stringify(serializeState(a)) === JSON.stringify(serializeState(b)) ? null : 'the states differ';
}

function flat(params: readonly FloatArray[]): number[] {
  return params.flatMap((p) => Array.from(p));
}
