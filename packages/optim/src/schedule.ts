import { settingProblem, withDefaults, type Settings } from '@descent/settings';
import { closest } from '@descent/settings';
import { formatValue } from './optimizer.js';

/**
 * Learning-rate schedules as data. A schedule multiplies the optimizer's `lr` at each 0-based step;
 * the optimizer sees only the product. The runner's `ScheduleConfig` (runner/src/types.ts) mirrors this type.
 */
export type ScheduleConfig =
  | { name: 'constant' }
  | { name: 'step'; every: number; gamma: number }
  | { name: 'cosine'; min_factor: number }
  | { name: 'warmup'; steps: number };

export type ScheduleName = ScheduleConfig['name'];

/** Each schedule's own settings, declared like hyperparameters so sweeps are validated the same way. */
export const scheduleSettings: { readonly [N in ScheduleName]: Settings } = {
  constant: {},
  step: {
    every: { type: 'integer', default: 100, min: 1, description: 'multiply lr by gamma every this many steps' },
    gamma: { type: 'number', default: 0.1, min: 0, max: 1, minExclusive: true, description: 'factor applied at each drop' },
  },
  cosine: {
    min_factor: { type: 'number', default: 0, min: 0, max: 1, description: 'factor reached at the end of the run' },
  },
  warmup: {
    steps: { type: 'integer', default: 100, min: 1, description: 'steps over which the factor rises linearly to 1' },
  },
};

/** One line per schedule for listings and reports. */
export const scheduleDescriptions: { readonly [N in ScheduleName]: string } = {
  constant: 'factor 1 throughout',
  step: 'factor = gamma^⌊t / every⌋',
  cosine: 'factor = m + (1 − m)·½(1 + cos(π·t / T)), from 1 down to min_factor m at the end',
  warmup: 'factor = min(1, (t + 1) / steps): a linear ramp, then 1',
};

export const scheduleNames = Object.keys(scheduleSettings) as ScheduleName[];

/**
 * The multiplier on lr at 0-based step t of a run of T = totalSteps steps:
 * constant 1;  step γ^⌊t/every⌋;  cosine m + (1 − m)·½(1 + cos(π·t/T));  warmup min(1, (t + 1)/steps).
 */
export function scheduleFactor(schedule: ScheduleConfig, step: number, totalSteps: number): number {
  switch (schedule.name) {
    case 'constant':
      return 1;
    case 'step':
      return schedule.gamma ** Math.floor(step / schedule.every);
    case 'cosine': {
      // As PyTorch's CosineAnnealingLR with T_max = totalSteps; clamped so extra steps stay at the floor.
      const progress = totalSteps > 0 ? Math.min(step, totalSteps) / totalSteps : 0;
      return schedule.min_factor + (1 - schedule.min_factor) * 0.5 * (1 + Math.cos(Math.PI * progress));
    }
    case 'warmup':
      // (t + 1) so the first step already moves: a factor of 0 would waste it.
      return Math.min(1, (step + 1) / schedule.steps);
  }
}

/** Problems with a schedule written in a sweep (unknown name with a suggestion, unknown keys, out-of-range values). */
export function validateSchedule(value: Readonly<Record<string, unknown>>): string[] {
  const name = value.name;
  if (typeof name !== 'string' || !Object.hasOwn(scheduleSettings, name)) {
    const guess = typeof name === 'string' ? closest(name, scheduleNames) : null;
    const hint = guess !== null ? `did you mean '${guess}'?` : `expected one of ${scheduleNames.map((n) => `'${n}'`).join(', ')}`;
    return [`schedule: unknown schedule ${formatValue(name)}: ${hint}`];
  }
  const settings = scheduleSettings[name as ScheduleName];
  const problems: string[] = [];
  for (const [key, given] of Object.entries(value)) {
    if (key === 'name') continue;
    if (!Object.hasOwn(settings, key)) {
      const declared = Object.keys(settings);
      const guess = closest(key, declared);
      const accepted = declared.length === 0 ? 'it takes no settings' : `it takes ${declared.map((d) => `'${d}'`).join(', ')}`;
      problems.push(`schedule '${name}': unknown setting '${key}'${guess !== null ? `: did you mean '${guess}'?` : ''} (${accepted})`);
      continue;
    }
    const problem = settingProblem(settings[key], given);
    if (problem !== null) problems.push(`schedule '${name}': '${key}' = ${formatValue(given)}: ${problem}`);
  }
  return problems;
}

/** The schedule with every setting's default filled in. Does not validate. */
export function resolveSchedule(value: { name: ScheduleName } & Readonly<Record<string, unknown>>): ScheduleConfig {
  return { name: value.name, ...withDefaults(scheduleSettings[value.name], value) } as ScheduleConfig;
}
