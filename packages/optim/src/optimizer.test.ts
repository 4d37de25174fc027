import { describe, expect, expectTypeOf, it } from 'vitest';
import { defineOptimizer, formatValue, fullArrayLike, resolveHyperparameters, validateHyperparameters, zeroArrayLike, type FloatArray } from './optimizer.js';
import { adam } from './optimizers/adam.js';
import { momentum } from './optimizers/momentum.js';

describe('validateHyperparameters', () => {
  it('names the optimizer, the hyperparameter, the value and the accepted range', () => {
    expect(validateHyperparameters(momentum, { momentum: 1.5 })).toEqual(["momentum: hyperparameter 'momentum' = 1.5 is out of range: expected a finite number in [0, 1)"]);
    expect(validateHyperparameters(adam, { eps: 0 })).toEqual(["adam: hyperparameter 'eps' = 0 is out of range: expected a finite number in (0, ∞)"]);
  });

  it('explains values of the wrong kind', () => {
    expect(validateHyperparameters(momentum, { nesterov: 'yes', lr: '0.1', momentum: NaN })).toEqual([
      `momentum: hyperparameter 'nesterov' = "yes" is not accepted: expected true or false`,
      `momentum: hyperparameter 'lr' = "0.1" is not accepted: expected a number (this is a string; remove the quotes)`,
      `momentum: hyperparameter 'momentum' = NaN is not accepted: expected a finite number in [0, 1)`,
    ]);
  });

  it('answers an unknown name with the closest declared one', () => {
    expect(validateHyperparameters(momentum, { momentun: 0.9 })).toEqual([
      "momentum: unknown hyperparameter 'momentun': did you mean 'momentum'? (it has 'lr', 'momentum', 'dampening', 'nesterov', 'weight_decay')",
    ]);
    expect(validateHyperparameters(momentum, { colour: 1 })[0]).toMatch(/^momentum: unknown hyperparameter 'colour' \(it has/);
  });

  it('accepts valid values and missing ones', () => {
    expect(validateHyperparameters(adam, { lr: 3e-4, amsgrad: true })).toEqual([]);
    expect(validateHyperparameters(adam, {})).toEqual([]);
  });
});

describe('resolveHyperparameters', () => {
  it('fills every default and keeps given values', () => {
    expect(resolveHyperparameters(momentum, { lr: 0.5 })).toEqual({ lr: 0.5, momentum: 0.9, dampening: 0, nesterov: false, weight_decay: 0 });
  });
});

describe('defineOptimizer', () => {
  it('returns its argument and infers the type of hp from the declarations', () => {
    const optimizer = defineOptimizer({
      name: 'typed',
      description: 'for the type test',
      rule: 'θ ← θ',
      hyperparameters: {
        lr: { type: 'number', default: 0.1, description: 'learning rate' },
        flag: { type: 'boolean', default: false, description: 'a switch' },
        mode: { type: 'choice', default: 'a', choices: ['a', 'b'], description: 'a choice' },
      },
      init: () => ({}),
      update(input) {
        expectTypeOf(input.hp).toEqualTypeOf<{ lr: number; flag: boolean; mode: string }>();
        return { params: [...input.params], state: input.state };
      },
    });
    expect(Object.keys(optimizer.hyperparameters)).toEqual(['lr', 'flag', 'mode']);
    const plain = { ...optimizer };
    expect(defineOptimizer(plain)).toBe(plain);
  });
});

describe('zeroArrayLike / fullArrayLike', () => {
  it('follow the precision of the parameters', () => {
    expect(zeroArrayLike(new Float32Array(3))).toEqual(new Float32Array(3));
    expect(fullArrayLike(new Float64Array(2), 0.5)).toEqual(Float64Array.from([0.5, 0.5]));
  });
});

describe('formatValue', () => {
  it('shows values as the user wrote them', () => {
    expect([formatValue(1e-3), formatValue(-0), formatValue(Infinity), formatValue('x'), formatValue([1, 2]), formatValue(undefined)]).toEqual(['0.001', '-0', 'Infinity', '"x"', '[1,2]', 'undefined']);
  });
});
