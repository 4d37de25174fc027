import { describe, expect, it } from 'vitest';
import { declarationProblem, describeAccepted, settingProblem, withDefaults, type Setting } from './setting.js';

const lr: Setting = { type: 'number', default: 0.1, min: 0, minExclusive: true, log: true, description: 'learning rate' };
const momentum: Setting = { type: 'number', default: 0.9, min: 0, max: 1, maxExclusive: true, description: 'momentum' };
const batch: Setting = { type: 'integer', default: 32, min: 1, description: 'batch size' };

describe('settings', () => {
  it('describes open and closed ranges the way mathematicians write them', () => {
    expect(describeAccepted(lr)).toBe('a finite number in (0, ∞)');
    expect(describeAccepted(momentum)).toBe('a finite number in [0, 1)');
    expect(describeAccepted(batch)).toBe('an integer in [1, ∞)');
    expect(describeAccepted({ type: 'choice', default: 'a', choices: ['a', 'b'], description: 'x' })).toBe("one of 'a', 'b'");
  });

  it('accepts values inside the range and names the range for those outside', () => {
    expect(settingProblem(lr, 0.5)).toBeNull();
    expect(settingProblem(lr, 0)).toMatch(/out of range: expected a finite number in \(0, ∞\)/);
    expect(settingProblem(momentum, 0)).toBeNull();
    expect(settingProblem(momentum, 1)).toMatch(/\[0, 1\)/);
    expect(settingProblem(lr, Infinity)).toMatch(/finite/);
    expect(settingProblem(lr, NaN)).toMatch(/finite/);
    expect(settingProblem(batch, 2.5)).toMatch(/an integer/);
    expect(settingProblem(lr, '0.1')).toMatch(/string; remove the quotes/);
    expect(settingProblem({ type: 'boolean', default: false, description: 'x' }, 'yes')).toMatch(/true or false/);
    expect(settingProblem({ type: 'string', default: 'a.csv', description: 'x' }, 3)).toMatch(/expected a string \(quote it\)/);
    expect(settingProblem({ type: 'string', default: 'a.csv', description: 'x' }, 'b.csv')).toBeNull();
  });

  it('finds mistakes in declarations', () => {
    expect(declarationProblem('lr', lr)).toBeNull();
    expect(declarationProblem('lr', { ...lr, default: -1 })).toMatch(/'lr'.default is -1: out of range/);
    expect(declarationProblem('lr', { ...lr, type: 'float' })).toMatch(/'lr'.type is "float"/);
    expect(declarationProblem('lr', { ...lr, min: 2, max: 1, default: 1.5 })).toMatch(/min 2 > max 1/);
    expect(declarationProblem('lr', { ...lr, description: '' })).toMatch(/needs a description/);
    expect(declarationProblem('lr', 0.1)).toMatch(/must be an object/);
  });

  it('fills defaults without touching given values', () => {
    expect(withDefaults({ lr, momentum }, { lr: 0.3 })).toEqual({ lr: 0.3, momentum: 0.9 });
  });

  it('keeps the settings\' order of keys, whatever their types', () => {
    const flag: Setting = { type: 'boolean', default: false, description: 'a flag' };
    const filled = withDefaults({ lr, nesterov: flag, momentum }, { momentum: 0, lr: 1 });
    expect(Object.keys(filled)).toEqual(['lr', 'nesterov', 'momentum']);
    expect(filled).toEqual({ lr: 1, nesterov: false, momentum: 0 });
  });
});
