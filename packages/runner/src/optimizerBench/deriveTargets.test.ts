import { describe, expect, it } from 'vitest';
import { targetByRule } from './deriveTargets.js';

describe('targetByRule', () => {
  it('derives the third best median relaxed by 25 % (minimize), a diverged built-in counting as none', () => {
    // Finite medians sorted: 0.1, 0.2, 0.3; the third is 0.3, relaxed: 0.3 + 0.25·0.3 = 0.375.
    expect(targetByRule({ id: 'w', goal: 'minimize' }, [0.3, NaN, 0.1, 0.2, 0.5])).toBe(0.375);
    // maximize: 1, 0.9, 0.5 → 0.5 − 0.02·0.5 = 0.49.
    expect(targetByRule({ id: 'w', goal: 'maximize' }, [0.5, 1, 0.9])).toBe(0.49);
  });

  it('keeps a declared fixed target whatever the built-ins reached, and needs no runs for it', () => {
    const fixedTarget = { value: 0, reason: 'below the shallow minimum' };
    expect(targetByRule({ id: 'double-well', goal: 'minimize', fixedTarget }, [0.294, 0.294, 0.294])).toBe(0);
    expect(targetByRule({ id: 'double-well', goal: 'minimize', fixedTarget }, [])).toBe(0);
    expect(() => targetByRule({ id: 'w', goal: 'minimize' }, [])).toThrow(/no built-in finished w/);
  });
});
