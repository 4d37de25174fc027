import { createRegistry } from '@descent/settings';
import { describe, expect, it } from 'vitest';
import { formatOptimizers } from './formatOptimizers.js';
import { defineOptimizer } from './optimizer.js';
import { adam } from './optimizers/adam.js';
import { sgd } from './optimizers/sgd.js';
import { builtins, defaultRegistry } from './registry.js';

const extra = defineOptimizer({ ...sgd, name: 'extra', description: 'sgd under another name' });

describe('defaultRegistry', () => {
  it('holds the built-ins in order', () => {
    expect(defaultRegistry.names()).toEqual(['sgd', 'momentum', 'nesterov', 'adagrad', 'rmsprop', 'adam', 'adamw']);
    expect(defaultRegistry.list()).toEqual(builtins);
    expect(defaultRegistry.get('adam')).toBe(adam);
    expect(defaultRegistry.has('lion')).toBe(false);
  });

  it('answers an unknown name with the closest ones and the list', () => {
    const accepted = '(expected one of sgd, momentum, nesterov, adagrad, rmsprop, adam, adamw)';
    expect(() => defaultRegistry.get('momentun')).toThrow(`unknown optimizer 'momentun'; did you mean 'momentum'? ${accepted}`);
    expect(() => defaultRegistry.get('lion')).toThrow(`unknown optimizer 'lion' ${accepted}`);
  });

  it('rejects a duplicate name, naming both sources', () => {
    expect(() => createRegistry('optimizer', [sgd, sgd])).toThrow("optimizer 'sgd' is defined twice by built-in; rename one of them");
    expect(() => defaultRegistry.with([{ ...adam }], 'plugins/my-adam.ts')).toThrow("optimizer 'adam' is defined by built-in and again by plugins/my-adam.ts; rename one of them");
  });

  it('with() returns a new registry and leaves the old one alone', () => {
    const bigger = defaultRegistry.with([extra], 'plugins/extra.ts');
    expect(bigger.get('extra')).toBe(extra);
    expect(bigger.sourceOf('extra')).toBe('plugins/extra.ts');
    expect(bigger.sourceOf('sgd')).toBe('built-in');
    expect(defaultRegistry.has('extra')).toBe(false);
  });
});

describe('formatOptimizers', () => {
  it('lists name, source, description, rule and an aligned hyperparameter table', () => {
    const text = formatOptimizers(createRegistry('optimizer', [sgd]).with([extra], 'plugins/extra.ts'));
    expect(text).toBe(
      [
        'sgd',
        '  Stochastic gradient descent: a step of size α against the gradient',
        '  rule: g ← g + λθ;  θ ← θ − α·g',
        '    hyperparameter  default  accepts                    scale  search         meaning',
        '    lr              0.01     a finite number in [0, ∞)  log    log 0.0001..1  learning rate α',
        '    weight_decay    0        a finite number in [0, ∞)         fixed          L2 penalty λ: adds λθ to the gradient',
        '',
        'extra  (from plugins/extra.ts)',
        '  sgd under another name',
        '  rule: g ← g + λθ;  θ ← θ − α·g',
        '    hyperparameter  default  accepts                    scale  search         meaning',
        '    lr              0.01     a finite number in [0, ∞)  log    log 0.0001..1  learning rate α',
        '    weight_decay    0        a finite number in [0, ∞)         fixed          L2 penalty λ: adds λθ to the gradient',
      ].join('\n'),
    );
  });

  it('shows every built-in with every hyperparameter', () => {
    const text = formatOptimizers(defaultRegistry);
    for (const optimizer of builtins) {
      expect(text).toContain(`\n  rule: ${optimizer.rule}\n`);
      for (const name of Object.keys(optimizer.hyperparameters)) expect(text).toMatch(new RegExp(`\\n    ${name} +`));
    }
  });
});
