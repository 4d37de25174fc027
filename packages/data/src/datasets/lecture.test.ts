import { rng } from '@descent/tensor';
import { describe, expect, it } from 'vitest';
import { lecture, lectureTeacher } from './lecture.js';

describe('lecture', () => {
  it('teacher output matches a hand computation', () => {
    // x = 0: hidden = σ(b1) = [σ(.5), σ(-.5), σ(0), σ(.25)] = [0.6224593, 0.3775407, 0.5, 0.5621765]
    // z = 0.25 + 3·0.6224593 − 2.5·0.3775407 + 2·0.5 − 3·0.5621765 = 0.4869968;  σ(z) = 0.6193987
    expect(lectureTeacher([0, 0, 0])).toBeCloseTo(0.6193987, 6);
    // x = (1, 0, 0): hidden = σ(W1[:,0] + b1) = σ([2.5, −1.5, 1.5, −1.75]) = [0.9241418, 0.1824255, 0.8175745, 0.1480472]
    // z = 0.25 + 2.7724255 − 0.4560638 + 1.6351490 − 0.4441416 = 3.7573690;  σ(z) = 0.9771875
    expect(lectureTeacher([1, 0, 0])).toBeCloseTo(0.9771875, 6);
  });

  it('has 3 features in [-1, 1] and one target per example from the teacher', () => {
    const data = lecture.load({ size: 256 }, rng(7), { baseDir: '.' });
    expect(data).toMatchObject({ n: 256, d: 3, task: 'regression', outputDim: 1 });
    expect(data.x.every((v) => v >= -1 && v <= 1)).toBe(true);
    for (let i = 0; i < data.n; i++) expect(data.y[i]).toBe(lectureTeacher(data.x.subarray(3 * i, 3 * i + 3)));
  });

  it('spreads the targets over (0, 1)', () => {
    const data = lecture.load({ size: 2000 }, rng(7), { baseDir: '.' });
    const targets = Array.from(data.y).sort((a, b) => a - b);
    expect(targets[0]).toBeGreaterThan(0);
    expect(targets[targets.length - 1]).toBeLessThan(1);
    // The class of a 0.5 threshold is far from constant: between 30 % and 70 % above it.
    const above = targets.filter((t) => t > 0.5).length / targets.length;
    expect(above).toBeGreaterThan(0.3);
    expect(above).toBeLessThan(0.7);
    expect(targets[Math.floor(0.05 * targets.length)]).toBeLessThan(0.1);
    expect(targets[Math.floor(0.95 * targets.length)]).toBeGreaterThan(0.9);
  });
});
