import { closest, settingProblem, withDefaults, type Settings, type SettingValues } from '@descent/settings';
import type { FloatArray } from '@descent/tensor';

/**
 * The optimizer contract. An optimizer is a plain object: a name, hyperparameters declared as data,
 * and two functions, `init` and `update`. Its state is returned data (numbers and typed arrays), never
 * hidden in a closure, so a run can be saved, resumed and replayed bit for bit.
 * Built-in optimizers are written against exactly this contract, like any user's plugin.
 */

// Parameters, gradients and state arrays are the tensors' own arrays: whatever precision the model was built in.
export type { FloatArray };

/** A value an optimizer may keep between steps: plain data that serialises exactly. */
export type StateValue = number | FloatArray | FloatArray[];

export type OptimizerState = Record<string, StateValue>;

export interface UpdateInput<H> {
  /** One array per parameter tensor. `update` may write into these and return them (the fast path). */
  params: readonly FloatArray[];
  /** Same shapes as `params`. Read-only: `update` must never write into them. */
  grads: readonly FloatArray[];
  state: OptimizerState;
  /** Hyperparameter values, with `lr` already multiplied by the schedule's factor for this step. */
  hp: H;
  /** 0-based count of updates made before this one. */
  step: number;
}

export interface UpdateResult {
  params: FloatArray[];
  state: OptimizerState;
}

export interface Optimizer<S extends Settings = Settings> {
  /** How sweeps name it: letters, digits, '_' and '-'. */
  name: string;
  /** One line for `exp optimizers` and reports. */
  description: string;
  /** The update rule in one line, e.g. 'v ← ρ·v + g;  θ ← θ − α·v'. */
  rule: string;
  /** Declarations of the hyperparameters; every optimizer declares `lr`. */
  hyperparameters: S;
  /** Transformations of the problem the method provably ignores; the conformance kit checks each one declared. */
  invariances?: readonly Invariance[];
  init(params: readonly FloatArray[], hp: SettingValues<S>): OptimizerState;
  update(input: UpdateInput<SettingValues<S>>): UpdateResult;
}

/**
 * Invariances an optimizer may declare. 'gradient-scale': multiplying every gradient by the same c > 0
 * leaves the parameters unchanged (sign-based methods such as lion and signum).
 */
export const invariances = ['gradient-scale'] as const;

export type Invariance = (typeof invariances)[number];

/** Returns its argument; it exists so TypeScript infers the type of `hp` from `hyperparameters`. */
export function defineOptimizer<S extends Settings>(optimizer: Optimizer<S>): Optimizer<S> {
  return optimizer;
}

/**
 * A zero-filled array of the same type and length as `array` (state arrays follow the parameters' precision).
 * Not tensor's `zerosLike`, which takes and gives a Tensor.
 */
export function zeroArrayLike(array: FloatArray): FloatArray {
  return array instanceof Float32Array ? new Float32Array(array.length) : new Float64Array(array.length);
}

/** An array of the same type and length as `array`, every element `value`. */
export function fullArrayLike(array: FloatArray, value: number): FloatArray {
  return zeroArrayLike(array).fill(value);
}

/**
 * Problems with hyperparameter values given for `optimizer`, one message each, naming the optimizer,
 * the hyperparameter, the value and what is accepted. Missing values are fine (defaults fill them);
 * pass hyperparameters only, not the `name` of an optimizer config.
 */
export function validateHyperparameters(optimizer: Optimizer, values: Readonly<Record<string, unknown>>): string[] {
  const declared = Object.keys(optimizer.hyperparameters);
  const problems: string[] = [];
  for (const [key, value] of Object.entries(values)) {
    const setting = Object.hasOwn(optimizer.hyperparameters, key) ? optimizer.hyperparameters[key] : undefined;
    if (setting === undefined) {
      const guess = closest(key, declared);
      const hint = guess === null ? '' : `: did you mean '${guess}'?`;
      problems.push(`${optimizer.name}: unknown hyperparameter '${key}'${hint} (it has ${declared.map((d) => `'${d}'`).join(', ')})`);
      continue;
    }
    if (value === undefined) continue;
    const problem = settingProblem(setting, value);
    if (problem === null) continue;
    const verb = problem.startsWith('out of range') ? 'is' : 'is not accepted:';
    problems.push(`${optimizer.name}: hyperparameter '${key}' = ${formatValue(value)} ${verb} ${problem}`);
  }
  return problems;
}

/** Every declared hyperparameter, given values first and defaults for the rest. Does not validate. */
export function resolveHyperparameters<S extends Settings>(optimizer: Optimizer<S>, values: Readonly<Record<string, unknown>>): SettingValues<S> {
  return withDefaults(optimizer.hyperparameters, values as Partial<Record<keyof S, unknown>>);
}

/** A user's value as they would recognise it: numbers as written (NaN, Infinity), strings quoted. */
export function formatValue(value: unknown): string {
  if (typeof value === 'number') return Object.is(value, -0) ? '-0' : String(value);
  if (typeof value === 'string') return JSON.stringify(value);
  if (value === undefined) return 'undefined';
  if (typeof value === 'function') return 'a function';
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}
