import { describe, expect, it } from 'vitest';
import { declarationProblem, describeAccepted, describeSearch, searchRange, settingProblem, withDefaults, type NumberSetting, type Setting } from './setting.js';

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

  it('finds mistakes in a search range', () => {
    const open = lr as NumberSetting;
    expect(declarationProblem('lr', { ...open, search: { min: 1e-4, max: 1, log: true } })).toBeNull();
    expect(declarationProblem('lr', { ...open, search: false })).toBeNull();
    expect(declarationProblem('lr', { ...open, search: { min: 0, max: 1, log: true } })).toBe("'lr'.search is logarithmic, so its min must be > 0 (it is 0)");
    expect(declarationProblem('lr', { ...open, search: { min: 1, max: 1e-4 } })).toBe("'lr'.search has min 1 ≥ max 0.0001");
    expect(declarationProblem('lr', { ...open, search: { min: 1e-4 } })).toMatch(/^'lr'.search needs finite numbers min and max/);
    expect(declarationProblem('lr', { ...open, search: true })).toMatch(/^'lr'.search is true; expected false or \{ min, max, log\? \}/);
    expect(declarationProblem('momentum', { ...momentum, search: { min: 0, max: 1 } })).toBe(
      "'momentum'.search reaches 1, which the hyperparameter does not accept: expected a finite number in [0, 1)",
    );
  });
});

describe('searchRange', () => {
  it('is the declared search range, else a closed accepted range, else null (open)', () => {
    expect(searchRange({ ...(lr as NumberSetting), search: { min: 1e-4, max: 1, log: true } })).toEqual({ min: 1e-4, max: 1, log: true });
    expect(searchRange({ ...(lr as NumberSetting), search: false })).toBe('fixed');
    expect(searchRange({ type: 'number', default: 0.5, min: 0, max: 1, description: 'closed' })).toEqual({ min: 0, max: 1, log: false });
    // Open: no max; an excluded end (1 cannot be drawn); a log scale that reaches 0.
    expect(searchRange(lr as NumberSetting)).toBeNull();
    expect(searchRange(momentum as NumberSetting)).toBeNull();
    expect(searchRange({ type: 'number', default: 0.5, min: 0, max: 1, log: true, description: 'log to 0' })).toBeNull();
  });

  it('reads as text in the optimizer listing', () => {
    expect(describeSearch({ ...(lr as NumberSetting), search: { min: 1e-4, max: 1, log: true } })).toBe('log 0.0001..1');
    expect(describeSearch({ ...(momentum as NumberSetting), search: { min: 0, max: 0.99 } })).toBe('0..0.99');
    expect(describeSearch({ ...(lr as NumberSetting), search: false })).toBe('fixed');
    expect(describeSearch(lr as NumberSetting)).toBe('open');
  });
});
