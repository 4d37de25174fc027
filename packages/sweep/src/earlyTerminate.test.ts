import { describe, expect, it } from 'vitest';
import { advancing, bracketsOf, hyperbandBracket, rungBudgets, type EarlyTerminate } from './earlyTerminate.js';

const hyperband = (minBudget: number, fullBudget: number, eta = 3): EarlyTerminate => ({ type: 'hyperband', minBudget, eta, unit: 'epochs', fullBudget });

describe('early termination plan', () => {
  it('puts rungs at min_budget·eta^i below the full budget, then the full budget', () => {
    expect(rungBudgets(hyperband(1, 81))).toEqual([1, 3, 9, 27, 81]);
    expect(rungBudgets(hyperband(2, 20))).toEqual([2, 6, 18, 20]);
    expect(rungBudgets(hyperband(1, 9, 2))).toEqual([1, 2, 4, 8, 9]);
    expect(rungBudgets(hyperband(5, 6))).toEqual([5, 6]);
  });

  it("sizes Hyperband's brackets as in Li et al. 2018, Table 1 (R = 81, eta = 3)", () => {
    // The paper's table: each bracket's n_i at its rungs, from successive halving keeping ⌊n/eta⌋.
    const table = [
      [81, 27, 9, 3, 1],
      [34, 11, 3, 1],
      [15, 5, 1],
      [8, 2],
      [5],
    ];
    const et = hyperband(1, 81);
    table.forEach((counts, i) => {
      const s = 4 - i;
      const bracket = hyperbandBracket(et, s);
      expect(bracket.rungs).toEqual([1, 3, 9, 27, 81].slice(i));
      const reached = [bracket.size];
      while (reached.length < bracket.rungs.length) reached.push(advancing(reached.at(-1)!, et.eta));
      expect(reached).toEqual(counts);
    });
  });

  it('cycles through the Hyperband brackets, most aggressive first, the last one taking what is left', () => {
    const et = hyperband(1, 9); // rungs 1, 3, 9: brackets of 9, 5 (⌈3/2·3⌉) and 3 configurations
    expect(bracketsOf(et, 20).map((b) => [b.index, b.size, b.rungs[0]])).toEqual([
      [1, 9, 1],
      [2, 5, 3],
      [3, 3, 9],
      [4, 3, 1],
    ]);
  });

  it('makes successive halving one bracket per round, every one from min_budget', () => {
    const et: EarlyTerminate = { ...hyperband(1, 27), type: 'successive_halving' };
    expect(bracketsOf(et, 30).map((b) => [b.size, b.rungs])).toEqual([[30, [1, 3, 9, 27]]]);
    expect(bracketsOf(et, 10, [4, 3, 3, 3]).map((b) => b.size)).toEqual([4, 3, 3]);
  });

  it('always lets one configuration go on', () => {
    expect([advancing(1, 3), advancing(2, 3), advancing(3, 3), advancing(8, 3), advancing(9, 4)]).toEqual([1, 1, 1, 2, 2]);
  });
});
