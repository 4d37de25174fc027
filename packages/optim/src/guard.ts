import type { Settings, SettingValues } from '@descent/settings';
import { describeThrown } from '@descent/settings';
import type { FloatArray, Optimizer, OptimizerState, UpdateInput, UpdateResult } from './optimizer.js';
import { describeKind, isFloatArray, stateValueProblem } from './state.js';

/** An optimizer broke the contract (or threw) during training. The message names it and its plugin file. */
export class OptimizerContractError extends Error {
  override readonly name = 'OptimizerContractError';
  constructor(
    message: string,
    /** The optimizer's name. */
    readonly optimizer: string,
    /** The plugin it came from, or null for a built-in. */
    readonly plugin: string | null,
    /** The 0-based step at which it happened, or null during `init`. */
    readonly step: number | null,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

export interface GuardOptions {
  /**
   * Copy the gradients before each update and check afterwards that they are unchanged. Default: on for
   * plugins, off for built-ins (the conformance tests already prove the built-ins never write into grads,
   * and the copy costs one pass over the gradients per step).
   */
  checkGradients?: boolean;
  /**
   * Check every update's result (params of the types and lengths given, a state of plain data). Default: on
   * for plugins, off for built-ins: the conformance tests check every built-in's results the same way
   * (`updateResultProblem`), and on a two-moons run the check was about 3 % of the training loop.
   */
  checkResults?: boolean;
}

/**
 * `optimizer.update` wrapped for the training loop: after each call it checks (see `GuardOptions`: a plugin's
 * always) that the returned params are a list of the same length, each a Float32Array/Float64Array of the
 * same type and length as given, that the state is plain data, and that the gradients were not written into.
 * A violation, or an exception thrown by `update`, becomes an `OptimizerContractError`.
 */
export function guardedUpdate<S extends Settings>(optimizer: Optimizer<S>, pluginSource: string | null, options: GuardOptions = {}): (input: UpdateInput<SettingValues<S>>) => UpdateResult {
  const guard = new GuardedUpdate(optimizer, pluginSource, options);
  return (input) => guard.update(input);
}

/**
 * guardedUpdate as an object, for loops that run many trainings in one thread (the runner's workers): its
 * `update` is one method that the engine optimises once, where a closure made per run was optimised anew
 * for every run.
 */
export class GuardedUpdate<S extends Settings = Settings> {
  private readonly checkGradients: boolean;
  private readonly checkResults: boolean;
  // Reused between steps so checking costs a copy, not an allocation.
  private gradCopies: FloatArray[] = [];

  constructor(
    private readonly optimizer: Optimizer<S>,
    private readonly pluginSource: string | null,
    options: GuardOptions = {},
  ) {
    this.checkGradients = options.checkGradients ?? pluginSource !== null;
    this.checkResults = options.checkResults ?? pluginSource !== null;
  }

  update(input: UpdateInput<SettingValues<S>>): UpdateResult {
    if (this.checkGradients) this.gradCopies = copyInto(this.gradCopies, input.grads);
    let result: UpdateResult;
    try {
      result = this.optimizer.update(input);
    } catch (error) {
      throw this.fail(input.step, `threw in update: ${describeThrown(error)}`, error);
    }
    const problem = (this.checkResults ? updateResultProblem(input.params, result) : null) ?? (this.checkGradients ? gradientMutation(this.gradCopies, input.grads) : null);
    if (problem !== null) throw this.fail(input.step, problem);
    return result;
  }

  private fail(step: number, problem: string, cause?: unknown): OptimizerContractError {
    const { optimizer, pluginSource } = this;
    return new OptimizerContractError(`${whose(optimizer.name, pluginSource)} ${problem} at step ${step}`, optimizer.name, pluginSource, step, { cause });
  }
}

/** `optimizer.init` wrapped the same way: an exception or a state that is not plain data becomes an `OptimizerContractError`. */
export function guardedInit<S extends Settings>(optimizer: Optimizer<S>, pluginSource: string | null): (params: readonly FloatArray[], hp: SettingValues<S>) => OptimizerState {
  return (params, hp) => {
    let state: OptimizerState;
    try {
      state = optimizer.init(params, hp);
    } catch (error) {
      throw new OptimizerContractError(`${whose(optimizer.name, pluginSource)} threw in init: ${describeThrown(error)}`, optimizer.name, pluginSource, null, { cause: error });
    }
    const problem = stateProblem('init returned', state);
    if (problem !== null) throw new OptimizerContractError(`${whose(optimizer.name, pluginSource)} ${problem}`, optimizer.name, pluginSource, null);
    return state;
  };
}

/** What is wrong with an update's result given the params it was handed, or null when it keeps the contract. */
export function updateResultProblem(given: readonly FloatArray[], result: unknown): string | null {
  if (typeof result !== 'object' || result === null) return `update returned ${describeKind(result)}, expected { params, state }`;
  const { params, state } = result as Partial<UpdateResult>;
  if (!Array.isArray(params)) return `update returned params as ${describeKind(params)}, expected an array of ${given.length} typed arrays`;
  if (params.length !== given.length) return `update returned ${params.length} parameter arrays, expected ${given.length}`;
  for (let p = 0; p < given.length; p++) {
    const returned: unknown = params[p];
    const expectedKind = given[p].constructor.name;
    if (!isFloatArray(returned) || returned.constructor !== given[p].constructor)
      return `update returned params[${p}] as ${describeKind(returned)}, expected a ${expectedKind} like the one given`;
    if (returned.length !== given[p].length) return `update returned params[${p}] with ${returned.length} elements, expected ${given[p].length}`;
  }
  return stateProblem('update returned', state);
}

/**
 * Index of the first NaN or ±Infinity across `params` read as one flat vector in order, or -1 if all are finite.
 * The runner asks after every step, so each array is first summed as x − x (0 for a finite x, NaN otherwise) in four
 * independent sums, and searched only when that is not 0: a test per element took 2.3 ns a value inside a sweep
 * (7 % of the optimizers sweep's runs, 25,000 parameters a step), the sums about half of that.
 */
export function firstNonFinite(params: readonly FloatArray[]): number {
  let offset = 0;
  for (let p = 0; p < params.length; p++) {
    const array = params[p];
    if (!allFinite(array)) for (let i = 0; i < array.length; i++) if (!Number.isFinite(array[i])) return offset + i;
    offset += array.length;
  }
  return -1;
}

function allFinite(array: FloatArray): boolean {
  const n = array.length;
  const n4 = n - (n % 4);
  let s0 = 0;
  let s1 = 0;
  let s2 = 0;
  let s3 = 0;
  let i = 0;
  for (; i < n4; i += 4) {
    s0 += array[i] - array[i];
    s1 += array[i + 1] - array[i + 1];
    s2 += array[i + 2] - array[i + 2];
    s3 += array[i + 3] - array[i + 3];
  }
  for (; i < n; i++) s0 += array[i] - array[i];
  return s0 + s1 + s2 + s3 === 0;
}

function whose(name: string, pluginSource: string | null): string {
  return pluginSource === null ? `optimizer '${name}'` : `optimizer '${name}' (plugin ${pluginSource})`;
}

function stateProblem(what: string, state: unknown): string | null {
  if (typeof state !== 'object' || state === null || Array.isArray(state) || isFloatArray(state))
    return `${what} a state that is ${describeKind(state)}, expected a record of numbers and typed arrays`;
  for (const [key, value] of Object.entries(state)) {
    const problem = stateValueProblem(value);
    if (problem !== null) return `${what} state '${key}' that is not plain data: ${problem}`;
  }
  return null;
}

function copyInto(copies: FloatArray[], grads: readonly FloatArray[]): FloatArray[] {
  const fits = copies.length === grads.length && grads.every((g, p) => copies[p].constructor === g.constructor && copies[p].length === g.length);
  if (!fits) return grads.map((g) => g.slice());
  for (let p = 0; p < grads.length; p++) copies[p].set(grads[p]);
  return copies;
}

function gradientMutation(before: readonly FloatArray[], after: readonly FloatArray[]): string | null {
  for (let p = 0; p < after.length; p++) {
    const was = before[p];
    const now = after[p];
    for (let i = 0; i < now.length; i++) {
      // NaN !== NaN: only a value that differs is asked whether both are NaN (asking for every value cost a plugin's step 15 µs on 25,000 parameters).
      if (was[i] !== now[i] && !(Number.isNaN(was[i]) && Number.isNaN(now[i]))) return `wrote into its gradients (grads[${p}][${i}] was ${was[i]}, now ${now[i]}); update must treat grads as read-only`;
    }
  }
  return null;
}
