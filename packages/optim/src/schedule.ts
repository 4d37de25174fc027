import { closest, createRegistry, settingProblem, withDefaults, type Registry, type Settings } from '@descent/settings';
import { formatValue } from './optimizer.js';

/**
 * Learning-rate schedules as data. A schedule multiplies the optimizer's `lr` at each 0-based step;
 * the optimizer sees only the product. The runner's `ScheduleConfig` (runner/src/types.ts) mirrors this type.
 */
export type ScheduleConfig =
  | { name: 'constant' }
  | { name: 'step'; every: number; gamma: number }
  | { name: 'cosine'; min_factor: number }
  | { name: 'warmup'; steps: number }
  | { name: 'warmup_cosine'; warmup: number; min_factor: number };

export type ScheduleName = ScheduleConfig['name'];

/** A schedule declared once: its settings (validated like hyperparameters), a one-line formula, and the factor itself. */
export interface Schedule<C extends ScheduleConfig = ScheduleConfig> {
  name: C['name'];
  /** One line for listings and reports. */
  description: string;
  settings: Settings;
  /** The multiplier on lr at 0-based step t of a run of T = totalSteps steps. */
  factor(schedule: C, step: number, totalSteps: number): number;
}

type ScheduleOf<N extends ScheduleName> = Schedule<Extract<ScheduleConfig, { name: N }>>;

/** factor 1 throughout. */
const constantSchedule: ScheduleOf<'constant'> = {
  name: 'constant',
  description: 'factor 1 throughout',
  settings: {},
  factor: () => 1,
};

/** factor = γ^⌊t / every⌋. */
const stepSchedule: ScheduleOf<'step'> = {
  name: 'step',
  description: 'factor = gamma^⌊t / every⌋',
  settings: {
    every: { type: 'integer', default: 100, min: 1, description: 'multiply lr by gamma every this many steps' },
    gamma: { type: 'number', default: 0.1, min: 0, max: 1, minExclusive: true, description: 'factor applied at each drop' },
  },
  factor: (schedule, t) => schedule.gamma ** Math.floor(t / schedule.every),
};

/** factor = m + (1 − m)·½(1 + cos(π·t/T)). */
const cosineSchedule: ScheduleOf<'cosine'> = {
  name: 'cosine',
  description: 'factor = m + (1 − m)·½(1 + cos(π·t / T)), from 1 down to min_factor m at the end',
  settings: {
    min_factor: { type: 'number', default: 0, min: 0, max: 1, description: 'factor reached at the end of the run' },
  },
  factor(schedule, t, totalSteps) {
    // As PyTorch's CosineAnnealingLR with T_max = totalSteps; clamped so extra steps stay at the floor.
    const progress = totalSteps > 0 ? Math.min(t, totalSteps) / totalSteps : 0;
    return schedule.min_factor + (1 - schedule.min_factor) * 0.5 * (1 + Math.cos(Math.PI * progress));
  },
};

/** factor = min(1, (t + 1) / steps). */
const warmupSchedule: ScheduleOf<'warmup'> = {
  name: 'warmup',
  description: 'factor = min(1, (t + 1) / steps): a linear ramp, then 1',
  settings: {
    steps: { type: 'integer', default: 100, min: 1, description: 'steps over which the factor rises linearly to 1' },
  },
  // (t + 1) so the first step already moves: a factor of 0 would waste it.
  factor: (schedule, t) => Math.min(1, (t + 1) / schedule.steps),
};

/** factor = (t + 1)/w for t < w, then m + (1 − m)·½(1 + cos(π·(t − w)/(T − w))). */
const warmupCosineSchedule: ScheduleOf<'warmup_cosine'> = {
  name: 'warmup_cosine',
  description: 'factor = (t + 1) / w for the first w steps, then cosine from 1 down to min_factor m at the end',
  settings: {
    warmup: { type: 'integer', default: 100, min: 1, description: 'steps over which the factor rises linearly to 1' },
    min_factor: { type: 'number', default: 0, min: 0, max: 1, description: 'factor reached at the end of the run' },
  },
  factor(schedule, t, totalSteps) {
    if (t < schedule.warmup) return (t + 1) / schedule.warmup;
    // The cosine part spans the steps after the warmup; a run no longer than its warmup never reaches it.
    const span = totalSteps - schedule.warmup;
    const progress = span > 0 ? Math.min(t - schedule.warmup, span) / span : 1;
    return schedule.min_factor + (1 - schedule.min_factor) * 0.5 * (1 + Math.cos(Math.PI * progress));
  },
};

/** Every schedule, in the order they are listed to users. */
export const schedules: Registry<Schedule> = createRegistry<Schedule>('schedule', [constantSchedule, stepSchedule, cosineSchedule, warmupSchedule, warmupCosineSchedule]);

/** Each schedule's own settings by name (the shape a sweep's Catalog takes). */
export const scheduleSettings: { readonly [N in ScheduleName]: Settings } = Object.fromEntries(
  schedules.list().map((schedule) => [schedule.name, schedule.settings]),
) as { [N in ScheduleName]: Settings };

/**
 * The multiplier on lr at 0-based step t of a run of T = totalSteps steps:
 * constant 1;  step γ^⌊t/every⌋;  cosine m + (1 − m)·½(1 + cos(π·t/T));  warmup min(1, (t + 1)/steps).
 */
export function scheduleFactor(schedule: ScheduleConfig, step: number, totalSteps: number): number {
  return scheduleFactorOf(schedule)(step, totalSteps);
}

/** `scheduleFactor` for one schedule, its registry entry looked up once: a run asks for the factor every step. */
export function scheduleFactorOf(schedule: ScheduleConfig): (step: number, totalSteps: number) => number {
  const { factor } = schedules.get(schedule.name);
  return (step, totalSteps) => factor(schedule as never, step, totalSteps);
}

/** Problems with a schedule written in a sweep (unknown name with a suggestion, unknown keys, out-of-range values). */
export function validateSchedule(value: Readonly<Record<string, unknown>>): string[] {
  const name = value.name;
  const unknown = schedules.nameIssue(name);
  if (unknown !== null) return [`schedule: ${unknown}`];
  const settings = schedules.get(name as ScheduleName).settings;
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
  return { name: value.name, ...withDefaults(schedules.get(value.name).settings, value) } as ScheduleConfig;
}
