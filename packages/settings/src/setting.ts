/**
 * Declarations of user-settable values (an optimizer's hyperparameters, a dataset's or a landscape's
 * parameters) as data, and one validator for all of them, so every "value out of range" message in
 * Descent reads the same. It lives in the lowest package because optim, data and runner all need it.
 */
export type Setting = NumberSetting | BooleanSetting | ChoiceSetting | TextSetting;

export interface NumberSetting {
  /** 'integer' accepts only whole numbers. */
  type: 'number' | 'integer';
  default: number;
  /** Lower bound; closed unless `minExclusive`. */
  min?: number;
  /** Upper bound; closed unless `maxExclusive`. */
  max?: number;
  minExclusive?: boolean;
  maxExclusive?: boolean;
  /** Sweeps over it are best spaced logarithmically (a hint for reports and random search). */
  log?: boolean;
  /**
   * Where a tuner (the optimizer benchmark) searches it, when the accepted range is open (no max, or a log
   * scale down to 0) or too wide to search; `false`: tuning keeps the default. Without it, a closed range is searched.
   */
  search?: SearchRange | false;
  description: string;
}

/** A closed interval a tuner draws values from, spaced logarithmically when `log` (then min > 0). */
export interface SearchRange {
  min: number;
  max: number;
  log?: boolean;
}

export interface BooleanSetting {
  type: 'boolean';
  default: boolean;
  description: string;
}

export interface ChoiceSetting {
  type: 'choice';
  default: string;
  choices: readonly string[];
  description: string;
}

/** Free text: a file path, a column name. */
export interface TextSetting {
  type: 'string';
  default: string;
  description: string;
}

export type Settings = Readonly<Record<string, Setting>>;

/** The value type a declaration accepts. */
export type SettingValue<S extends Setting> = S extends BooleanSetting ? boolean : S extends ChoiceSetting | TextSetting ? string : number;

/** The values object a set of declarations accepts: `{ lr: number, nesterov: boolean }`. */
export type SettingValues<S extends Settings> = { [K in keyof S]: SettingValue<S[K]> };

/** Human-readable accepted range: `(0, ∞)`, `[0, 1)`, `an integer in [1, 100]`, `true or false`, `one of 'a', 'b'`. */
export function describeAccepted(setting: Setting): string {
  switch (setting.type) {
    case 'boolean':
      return 'true or false';
    case 'string':
      return 'a string';
    case 'choice':
      return `one of ${setting.choices.map((c) => `'${c}'`).join(', ')}`;
    case 'number':
    case 'integer': {
      const lo = setting.min ?? -Infinity;
      const hi = setting.max ?? Infinity;
      const left = lo === -Infinity || setting.minExclusive ? '(' : '[';
      const right = hi === Infinity || setting.maxExclusive ? ')' : ']';
      const range = `${left}${formatBound(lo)}, ${formatBound(hi)}${right}`;
      return setting.type === 'integer' ? `an integer in ${range}` : `a finite number in ${range}`;
    }
  }
}

function formatBound(x: number): string {
  return x === Infinity ? '∞' : x === -Infinity ? '-∞' : String(x);
}

/** Why `value` is not acceptable for `setting`, or null when it is. */
export function settingProblem(setting: Setting, value: unknown): string | null {
  switch (setting.type) {
    case 'boolean':
      return typeof value === 'boolean' ? null : 'expected true or false';
    case 'string':
      return typeof value === 'string' ? null : `expected a string${typeof value === 'number' ? ' (quote it)' : ''}`;
    case 'choice':
      return typeof value === 'string' && setting.choices.includes(value) ? null : `expected ${describeAccepted(setting)}`;
    case 'number':
    case 'integer': {
      if (typeof value !== 'number') return `expected a number${typeof value === 'string' ? ' (this is a string; remove the quotes)' : ''}`;
      if (!Number.isFinite(value)) return `expected ${describeAccepted(setting)}`;
      if (setting.type === 'integer' && !Number.isInteger(value)) return `expected ${describeAccepted(setting)}`;
      const { min, max } = setting;
      if (min !== undefined && (value < min || (setting.minExclusive && value === min))) return `out of range: expected ${describeAccepted(setting)}`;
      if (max !== undefined && (value > max || (setting.maxExclusive && value === max))) return `out of range: expected ${describeAccepted(setting)}`;
      return null;
    }
  }
}

/** Problems with a declaration itself (for plugin authors): a default outside its own range, min > max, ... */
export function declarationProblem(name: string, setting: unknown): string | null {
  if (typeof setting !== 'object' || setting === null) return `'${name}' must be an object like { type: 'number', default: 0.1, description: '...' }`;
  const s = setting as Partial<Setting> & Record<string, unknown>;
  if (s.type !== 'number' && s.type !== 'integer' && s.type !== 'boolean' && s.type !== 'choice' && s.type !== 'string')
    return `'${name}'.type is ${JSON.stringify(s.type)}; expected 'number', 'integer', 'boolean', 'choice' or 'string'`;
  if (typeof s.description !== 'string' || s.description.trim() === '') return `'${name}' needs a description (a non-empty string)`;
  if (s.type === 'choice') {
    const choices = (s as ChoiceSetting).choices;
    if (!Array.isArray(choices) || choices.length === 0 || !choices.every((c) => typeof c === 'string'))
      return `'${name}'.choices must be a non-empty list of strings`;
  }
  if (s.type === 'number' || s.type === 'integer') {
    const n = s as NumberSetting;
    for (const key of ['min', 'max'] as const) {
      const v = n[key];
      if (v !== undefined && (typeof v !== 'number' || Number.isNaN(v))) return `'${name}'.${key} is ${JSON.stringify(v)}; expected a number`;
    }
    if (n.min !== undefined && n.max !== undefined && n.min > n.max) return `'${name}' has min ${n.min} > max ${n.max}`;
    if (n.search !== undefined) {
      const problem = searchProblem(n);
      if (problem !== null) return `'${name}'.search ${problem}`;
    }
  }
  const problem = settingProblem(s as Setting, s.default);
  return problem === null ? null : `'${name}'.default is ${JSON.stringify(s.default)}: ${problem}`;
}

function searchProblem(setting: NumberSetting): string | null {
  const search = setting.search as unknown;
  if (search === false) return null;
  const expected = 'expected false or { min, max, log? } inside the accepted range, e.g. { min: 1e-4, max: 1, log: true }';
  if (typeof search !== 'object' || search === null) return `is ${JSON.stringify(search)}; ${expected}`;
  const { min, max, log } = search as Partial<SearchRange>;
  if (typeof min !== 'number' || !Number.isFinite(min) || typeof max !== 'number' || !Number.isFinite(max)) return `needs finite numbers min and max; ${expected}`;
  if (min >= max) return `has min ${min} ≥ max ${max}`;
  if (log !== undefined && typeof log !== 'boolean') return `.log is ${JSON.stringify(log)}; expected true or false`;
  if (log && min <= 0) return `is logarithmic, so its min must be > 0 (it is ${min})`;
  for (const end of [min, max]) {
    const problem = settingProblem(setting, end);
    if (problem !== null) return `reaches ${end}, which the hyperparameter does not accept: ${problem.replace(/^out of range: /, '')}`;
  }
  return null;
}

/**
 * Where a tuner searches a numeric setting: its `search` declaration, else its accepted range when that is
 * closed and finite (log-spaced when `log` and min > 0). 'fixed': declared `search: false`, tuning keeps the
 * default. null: the range is open and there is no declaration, so it cannot be searched.
 */
export function searchRange(setting: NumberSetting): Required<SearchRange> | 'fixed' | null {
  if (setting.search === false) return 'fixed';
  if (setting.search !== undefined) return { min: setting.search.min, max: setting.search.max, log: setting.search.log ?? false };
  const { min, max } = setting;
  if (min === undefined || max === undefined || !Number.isFinite(min) || !Number.isFinite(max) || min === max) return null;
  // An exclusive end cannot be drawn; a log range needs a positive lower end.
  if (setting.minExclusive || setting.maxExclusive || (setting.log && min <= 0)) return null;
  return { min, max, log: setting.log ?? false };
}

/** A search range as text: `log 1e-4..1`, `0..0.99`, `fixed` (tuning keeps the default), or `open` (none declared). */
export function describeSearch(setting: NumberSetting): string {
  const range = searchRange(setting);
  if (range === null) return 'open';
  if (range === 'fixed') return 'fixed';
  return `${range.log ? 'log ' : ''}${range.min}..${range.max}`;
}

/** Fill in defaults for missing keys. Does not validate; call `settingProblem` for that. */
export function withDefaults<S extends Settings>(settings: S, values: Partial<Record<keyof S, unknown>>): SettingValues<S> {
  const out: Record<string, unknown> = {};
  // Trap: V8 gives an object's field the representation of the first value stored in it, and every object
  // built with the same keys shares it. A number setting that is 0 (a small integer) in a sweep's first run
  // and 0.5 in the next would change that representation mid-sweep and throw away the optimised code of
  // every optimizer update in every worker. A fractional placeholder first makes number fields doubles from
  // the start; the values stored next are the real ones.
  // Keys are added in the settings' order either way.
  for (const [key, setting] of Object.entries(settings)) out[key] = setting.type === 'number' ? 0.5 : undefined;
  for (const [key, setting] of Object.entries(settings)) out[key] = values[key] !== undefined ? values[key] : setting.default;
  return out as SettingValues<S>;
}
