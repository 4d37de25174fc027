import { declarationProblem } from '@descent/settings';
import { describe, expect, it } from 'vitest';
import { resolveSchedule, scheduleFactor, schedules, scheduleSettings, validateSchedule } from './schedule.js';

describe('scheduleFactor', () => {
  it('constant is 1 at every step', () => {
    expect([0, 1, 999].map((t) => scheduleFactor({ name: 'constant' }, t, 1000))).toEqual([1, 1, 1]);
  });

  it('step multiplies by gamma every `every` steps', () => {
    // every = 10, γ = 0.5: steps 0–9 → 1, 10–19 → 0.5, 20 → 0.25
    const schedule = { name: 'step', every: 10, gamma: 0.5 } as const;
    expect([0, 9, 10, 19, 20].map((t) => scheduleFactor(schedule, t, 100))).toEqual([1, 1, 0.5, 0.5, 0.25]);
  });

  it('cosine falls from 1 to min_factor over the run', () => {
    // m = 0.2, T = 100:  t = 0 → 0.2 + 0.8·½(1 + cos 0) = 1;  t = 50 → 0.2 + 0.8·½(1 + cos π/2) = 0.6;
    // t = 100 → 0.2 + 0.8·½(1 + cos π) = 0.2;  t = 25 → 0.2 + 0.4·(1 + √2/2) = 0.882842712...
    const schedule = { name: 'cosine', min_factor: 0.2 } as const;
    expect(scheduleFactor(schedule, 0, 100)).toBe(1);
    expect(scheduleFactor(schedule, 50, 100)).toBeCloseTo(0.6, 12);
    expect(scheduleFactor(schedule, 25, 100)).toBeCloseTo(0.882842712474619, 12);
    expect(scheduleFactor(schedule, 100, 100)).toBeCloseTo(0.2, 12);
    expect(scheduleFactor(schedule, 150, 100)).toBeCloseTo(0.2, 12);
  });

  it('warmup rises linearly, reaching 1 at step `steps` − 1', () => {
    // steps = 4: factors (t + 1)/4 = 0.25, 0.5, 0.75, 1, then 1
    expect([0, 1, 2, 3, 4, 100].map((t) => scheduleFactor({ name: 'warmup', steps: 4 }, t, 1000))).toEqual([0.25, 0.5, 0.75, 1, 1, 1]);
  });

  it('warmup_cosine rises linearly over `warmup` steps, then falls as a cosine from 1 to min_factor at the end', () => {
    // w = 4, m = 0.2, T = 104: t = 0..3 → (t + 1)/4 = 0.25, 0.5, 0.75, 1;
    // then the cosine over the T − w = 100 steps after the warmup: t = 4 → 1;  t = 54 → 0.2 + 0.8·½(1 + cos π/2) = 0.6;
    // t = 29 → 0.2 + 0.4·(1 + √2/2) = 0.882842712...;  t = 104 (and beyond) → 0.2
    const schedule = { name: 'warmup_cosine', warmup: 4, min_factor: 0.2 } as const;
    expect([0, 1, 2, 3].map((t) => scheduleFactor(schedule, t, 104))).toEqual([0.25, 0.5, 0.75, 1]);
    expect(scheduleFactor(schedule, 4, 104)).toBe(1);
    expect(scheduleFactor(schedule, 54, 104)).toBeCloseTo(0.6, 12);
    expect(scheduleFactor(schedule, 29, 104)).toBeCloseTo(0.882842712474619, 12);
    expect(scheduleFactor(schedule, 104, 104)).toBeCloseTo(0.2, 12);
    expect(scheduleFactor(schedule, 150, 104)).toBeCloseTo(0.2, 12);
    // A run no longer than its warmup only ramps: the factor never exceeds 1.
    expect([0, 5, 9].map((t) => scheduleFactor({ name: 'warmup_cosine', warmup: 10, min_factor: 0 }, t, 8))).toEqual([0.1, 0.6, 1]);
  });
});

describe('schedule declarations', () => {
  it('are valid declarations, listed in order', () => {
    expect(schedules.names()).toEqual(['constant', 'step', 'cosine', 'warmup', 'warmup_cosine']);
    expect(Object.keys(scheduleSettings)).toEqual(schedules.names());
    for (const settings of Object.values(scheduleSettings)) for (const [key, setting] of Object.entries(settings)) expect(declarationProblem(key, setting)).toBeNull();
  });

  it('validate what a sweep writes', () => {
    expect(validateSchedule({ name: 'step', every: 10, gamma: 0.5 })).toEqual([]);
    expect(validateSchedule({ name: 'cosin' })).toEqual(["schedule: unknown schedule 'cosin'; did you mean 'cosine'? (expected one of constant, step, cosine, warmup, warmup_cosine)"]);
    expect(validateSchedule({ name: 'exponential' })).toEqual(["schedule: unknown schedule 'exponential' (expected one of constant, step, cosine, warmup, warmup_cosine)"]);
    expect(validateSchedule({ name: 'constructor' })).toEqual(["schedule: unknown schedule 'constructor' (expected one of constant, step, cosine, warmup, warmup_cosine)"]);
    expect(validateSchedule({})).toEqual(['schedule: unknown schedule undefined (expected one of constant, step, cosine, warmup, warmup_cosine)']);
    expect(validateSchedule({ name: 'step', every: 2.5, gama: 0.5 })).toEqual([
      "schedule 'step': 'every' = 2.5: expected an integer in [1, ∞)",
      "schedule 'step': unknown setting 'gama': did you mean 'gamma'? (it takes 'every', 'gamma')",
    ]);
    expect(validateSchedule({ name: 'constant', steps: 3 })).toEqual(["schedule 'constant': unknown setting 'steps' (it takes no settings)"]);
  });

  it('fill defaults', () => {
    expect(resolveSchedule({ name: 'step', every: 30 })).toEqual({ name: 'step', every: 30, gamma: 0.1 });
    expect(resolveSchedule({ name: 'constant' })).toEqual({ name: 'constant' });
  });
});
