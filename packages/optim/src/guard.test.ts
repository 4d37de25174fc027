import { describe, expect, it } from 'vitest';
import { firstNonFinite, guardedInit, guardedUpdate, OptimizerContractError } from './guard.js';
import { defineOptimizer, type FloatArray, type Optimizer, type UpdateInput, type UpdateResult } from './optimizer.js';
import { sgd } from './optimizers/sgd.js';

/** An sgd look-alike whose update is replaced by `update`. */
function plugin(update: (input: UpdateInput<{ lr: number }>) => UpdateResult): Optimizer {
  return defineOptimizer({ ...sgd, name: 'plugged', update: update as Optimizer['update'] }) as Optimizer;
}

const input = (): UpdateInput<{ lr: number; weight_decay: number }> => ({
  params: [Float64Array.from([1, 2]), Float32Array.from([3])],
  grads: [Float64Array.from([0.5, 0.5]), Float32Array.from([1])],
  state: {},
  hp: { lr: 0.1, weight_decay: 0 },
  step: 7,
});

/** The OptimizerContractError thrown by `run` (fails the test if none is thrown). */
function violation(run: () => unknown): OptimizerContractError {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(OptimizerContractError);
    return error as OptimizerContractError;
  }
  throw new Error('expected an OptimizerContractError');
}

describe('guardedUpdate', () => {
  it('passes a well-behaved update through unchanged', () => {
    const given = input();
    const result = guardedUpdate(sgd, null)(given);
    expect(result.params[0]).toBe(given.params[0]);
    expect(Array.from(result.params[0])).toEqual([0.95, 1.95]);
  });

  it('names the optimizer, the plugin file and the step', () => {
    const broken = plugin(({ params, state }) => ({ params: params.slice(0, 1), state }));
    const error = violation(() => guardedUpdate(broken, 'plugins/broken.ts')(input()));
    expect(error.message).toBe("optimizer 'plugged' (plugin plugins/broken.ts) update returned 1 parameter arrays, expected 2 at step 7");
    expect([error.optimizer, error.plugin, error.step]).toEqual(['plugged', 'plugins/broken.ts', 7]);
  });

  it('catches a parameter array of the wrong type or length', () => {
    const widened = plugin(({ params, state }) => ({ params: params.map((p) => Float64Array.from(p)), state }));
    expect(violation(() => guardedUpdate(widened, 'p.ts')(input())).message).toContain('update returned params[1] as a Float64Array, expected a Float32Array like the one given');
    const shortened = plugin(({ params, state }) => ({ params: [params[0].subarray(1), params[1]] as FloatArray[], state }));
    expect(violation(() => guardedUpdate(shortened, 'p.ts')(input())).message).toContain('update returned params[0] with 1 elements, expected 2');
    const plainArrays = plugin(({ params, state }) => ({ params: params.map((p) => Array.from(p)) as unknown as FloatArray[], state }));
    expect(violation(() => guardedUpdate(plainArrays, 'p.ts')(input())).message).toContain('update returned params[0] as a number[], expected a Float64Array');
  });

  it('checks the results of plugins always, and of built-ins on request (the conformance tests check theirs)', () => {
    const broken = plugin(({ params, state }) => ({ params: params.slice(0, 1), state }));
    expect(violation(() => guardedUpdate(broken, 'p.ts')(input())).message).toContain('update returned 1 parameter arrays, expected 2');
    expect(guardedUpdate(broken, null)(input()).params).toHaveLength(1);
    expect(violation(() => guardedUpdate(broken, null, { checkResults: true })(input())).message).toBe("optimizer 'plugged' update returned 1 parameter arrays, expected 2 at step 7");
  });

  it('catches state that is not plain data', () => {
    const mapState = plugin(({ params }) => ({ params: [...params], state: { cache: new Map() as unknown as number } }));
    expect(violation(() => guardedUpdate(mapState, 'p.ts')(input())).message).toContain("update returned state 'cache' that is not plain data: it is a Map");
  });

  it('detects written gradients for plugins (and, on request, for built-ins)', () => {
    const clipsInPlace = plugin(({ params, grads, state }) => {
      grads[0][1] = 0;
      return { params: [...params], state };
    });
    expect(violation(() => guardedUpdate(clipsInPlace, 'p.ts')(input())).message).toContain('wrote into its gradients (grads[0][1] was 0.5, now 0)');
    // Built-ins (pluginSource null) are not copied by default: the conformance tests cover them.
    expect(() => guardedUpdate(clipsInPlace, null)(input())).not.toThrow();
    expect(() => guardedUpdate(clipsInPlace, null, { checkGradients: true })(input())).toThrow(OptimizerContractError);
  });

  it('leaves a NaN gradient alone when it is not written, and catches a NaN written over or written in', () => {
    const withNaN = () => ({ ...input(), grads: [Float64Array.from([NaN, 0.5]), Float32Array.from([1])] });
    const readsOnly = plugin(({ params, state }) => ({ params: [...params], state }));
    expect(() => guardedUpdate(readsOnly, 'p.ts')(withNaN())).not.toThrow();
    const zeroesNaN = plugin(({ params, grads, state }) => {
      grads[0][0] = 0;
      return { params: [...params], state };
    });
    expect(violation(() => guardedUpdate(zeroesNaN, 'p.ts')(withNaN())).message).toContain('wrote into its gradients (grads[0][0] was NaN, now 0)');
    const writesNaN = plugin(({ params, grads, state }) => {
      grads[1][0] = NaN;
      return { params: [...params], state };
    });
    expect(violation(() => guardedUpdate(writesNaN, 'p.ts')(input())).message).toContain('wrote into its gradients (grads[1][0] was 1, now NaN)');
  });

  it('reuses its gradient copies across steps and still sees every change', () => {
    let calls = 0;
    const mutatesOnThirdCall = plugin(({ params, grads, state }) => {
      if (++calls === 3) grads[1][0] = -1;
      return { params: [...params], state };
    });
    const update = guardedUpdate(mutatesOnThirdCall, 'p.ts');
    update(input());
    update(input());
    expect(violation(() => update(input())).message).toContain('grads[1][0] was 1, now -1');
  });

  it('wraps an exception thrown by update', () => {
    const throws = plugin(() => {
      throw new Error('index out of bounds');
    });
    const error = violation(() => guardedUpdate(throws, 'p.ts')(input()));
    expect(error.message).toBe("optimizer 'plugged' (plugin p.ts) threw in update: index out of bounds at step 7");
    expect((error.cause as Error).message).toBe('index out of bounds');
  });
});

describe('guardedInit', () => {
  it('checks the initial state', () => {
    const badInit = defineOptimizer({ ...sgd, name: 'bad_init', init: () => ({ velocity: [[0, 0]] as unknown as Float64Array[] }) }) as Optimizer;
    const error = violation(() => guardedInit(badInit, 'p.ts')([new Float64Array(2)], { lr: 0.1, weight_decay: 0 }));
    expect(error.message).toBe("optimizer 'bad_init' (plugin p.ts) init returned state 'velocity' that is not plain data: element 0 is a number[], expected a Float32Array or Float64Array");
    expect(error.step).toBeNull();
  });
});

describe('firstNonFinite', () => {
  it('gives the flat index of the first NaN or ±Infinity, or -1', () => {
    expect(firstNonFinite([Float64Array.from([1, 2]), Float32Array.from([3])])).toBe(-1);
    expect(firstNonFinite([Float64Array.from([1, 2]), Float32Array.from([3, NaN])])).toBe(3);
    expect(firstNonFinite([Float64Array.from([-Infinity])])).toBe(0);
    expect(firstNonFinite([])).toBe(-1);
  });

  it('finds a NaN or infinity at any place of a long array (each of the four sums, and the tail), the first of several', () => {
    for (const Type of [Float32Array, Float64Array]) {
      // The largest finite values of the type, both zeros and the smallest: x − x is 0 for each.
      const largest = Type === Float32Array ? 3.4028234663852886e38 : Number.MAX_VALUE;
      const finite = [largest, -largest, -0, 0, Type === Float32Array ? 1.401298464324817e-45 : 5e-324, 1, 0.1];
      const length = 4 * 25 + 3;
      const base = new Type(length);
      for (let i = 0; i < length; i++) base[i] = finite[i % finite.length];
      expect(firstNonFinite([new Type(5), base])).toBe(-1);
      for (const bad of [NaN, Infinity, -Infinity]) {
        for (let at = 0; at < length; at++) {
          const array = base.slice();
          array[at] = bad;
          if (at + 7 < length) array[at + 7] = NaN;
          expect(firstNonFinite([new Type(5), array]), `${bad} at ${at} of ${Type.name}`).toBe(5 + at);
        }
      }
    }
  });
});
