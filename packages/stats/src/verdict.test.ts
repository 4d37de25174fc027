import { describe, expect, it } from 'vitest';
import { verdict, type Verdict } from './verdict.js';

const cases: [string, number, number, number, Verdict][] = [
  // [why, low, high, adjusted p, verdict] with δ = 0.1, α = 0.05
  ['interval above 0 and a significant test', 0.2, 0.5, 0.01, 'better'],
  ['interval below 0 and a significant test', -0.5, -0.2, 0.01, 'worse'],
  ['interval inside ±δ', -0.05, 0.08, 0.6, 'equivalent'],
  ['inside ±δ even though it excludes 0: real but negligible', 0.02, 0.09, 0.001, 'equivalent'],
  ['touching ±δ counts as inside', -0.1, 0.1, 0.9, 'equivalent'],
  ['interval reaches 0: a lead, not a win', -0.01, 0.6, 0.01, 'undecided'],
  ['interval above 0 but the test does not survive Holm', 0.2, 0.5, 0.06, 'undecided'],
  ['wide interval', -0.4, 0.5, 0.5, 'undecided'],
  ['a significant test but an interval that reaches 0', -0.3, 0.4, 0.001, 'undecided'],
];

describe('verdict', () => {
  it.each(cases)('%s', (_, low, high, adjustedPValue, expected) => {
    expect(verdict({ interval: { low, high }, adjustedPValue }, { delta: 0.1 })).toBe(expected);
  });

  it('mirrors: flipping the interval flips better and worse and keeps the others', () => {
    const flip: Record<Verdict, Verdict> = { better: 'worse', worse: 'better', equivalent: 'equivalent', undecided: 'undecided' };
    for (const [, low, high, adjustedPValue, expected] of cases) {
      expect(verdict({ interval: { low: -high, high: -low }, adjustedPValue }, { delta: 0.1 })).toBe(flip[expected]);
    }
  });

  it('with δ = 0 only an interval of exactly [0, 0] is equivalent', () => {
    expect(verdict({ interval: { low: 0, high: 0 }, adjustedPValue: 1 }, { delta: 0 })).toBe('equivalent');
    expect(verdict({ interval: { low: -1e-9, high: 1e-9 }, adjustedPValue: 1 }, { delta: 0 })).toBe('undecided');
  });

  it('takes α from the options', () => {
    const evidence = { interval: { low: 0.2, high: 0.5 }, adjustedPValue: 0.03 };
    expect(verdict(evidence, { delta: 0.1, alpha: 0.01 })).toBe('undecided');
    expect(verdict(evidence, { delta: 0.1, alpha: 0.05 })).toBe('better');
  });

  it('refuses a negative δ and an α outside (0, 1)', () => {
    const evidence = { interval: { low: 0.2, high: 0.5 }, adjustedPValue: 0.03 };
    expect(() => verdict(evidence, { delta: -1 })).toThrow('stats: the equivalence margin δ must be ≥ 0, got -1');
    expect(() => verdict(evidence, { delta: 0, alpha: 5 })).toThrow('stats: alpha must be in (0, 1), got 5');
  });
});
