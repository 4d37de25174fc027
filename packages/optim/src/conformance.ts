import { rng } from '@descent/tensor';
import { describeThrown } from '@descent/settings';
import type { Settings, SettingValues } from '@descent/settings';
import { firstNonFinite, updateResultProblem } from './guard.js';
import { resolveHyperparameters, validateHyperparameters, type FloatArray, type Optimizer, type OptimizerState } from './optimizer.js';
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

/** The problem: f(θ) = ½·Σ aᵢθᵢ² with curvatures aᵢ in [1, 10], split over two parameter arrays. */
const problem = (() => {
  const random = rng('descent/conformance');
  const sizes = [5, 3];
  const curvature = sizes.map((n) => Array.from({ length: n }, () => random.uniformIn(1, 10)));
  const start = sizes.map((n) => Array.from({ length: n }, () => random.normal()));
  return { sizes, curvature, start };
})();

const quadraticSteps = 40;
const shortRun = 20;

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
      const before = quadraticLoss(startParams('float64'));
      const end = run(optimizer, hp(), 'float64', quadraticSteps);
      const after = quadraticLoss(end.params);
      const detail = `f = ½·Σ aᵢθᵢ² went from ${before.toPrecision(6)} to ${after.toPrecision(6)} in ${quadraticSteps} steps`;
      return Number.isFinite(after) && after < before ? pass(detail) : fail(detail);
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

function startParams(type: ArrayType): FloatArray[] {
  return problem.start.map((values) => (type === 'float32' ? Float32Array.from(values) : Float64Array.from(values)));
}

function quadraticLoss(params: readonly FloatArray[]): number {
  let f = 0;
  params.forEach((theta, p) => theta.forEach((x, i) => (f += 0.5 * problem.curvature[p][i] * x * x)));
  return f;
}

/** ∇f = a∘θ, in new arrays of the parameters' type. */
function quadraticGradients(params: readonly FloatArray[], zero: boolean): FloatArray[] {
  return params.map((theta, p) => {
    const grad = theta instanceof Float32Array ? new Float32Array(theta.length) : new Float64Array(theta.length);
    if (!zero) for (let i = 0; i < theta.length; i++) grad[i] = problem.curvature[p][i] * theta[i];
    return grad;
  });
}

interface RunOptions {
  from?: RunState;
  zeroGradients?: boolean;
  /** Called with each step's gradients before the update; the function it returns runs after the update. */
  onGrads?: (grads: readonly FloatArray[]) => () => void;
}

/** `steps` updates on the quadratic from its start (or from `from`), each result checked against the contract. */
function run(optimizer: Optimizer, hp: HyperparameterValues, type: ArrayType, steps: number, options: RunOptions = {}): RunState {
  let current: RunState = options.from ?? (() => {
    const params = startParams(type);
    return { params, state: optimizer.init(params, hp), step: 0 };
  })();
  for (let i = 0; i < steps; i++) {
    const grads = quadraticGradients(current.params, options.zeroGradients ?? false);
    const after = options.onGrads?.(grads);
    const result = optimizer.update({ params: current.params, grads, state: current.state, hp, step: current.step });
    after?.();
    const problem = updateResultProblem(current.params, result);
    if (problem !== null) throw new Error(`${problem} at step ${current.step}`);
    current = { params: result.params, state: result.state, step: current.step + 1 };
  }
  return current;
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
