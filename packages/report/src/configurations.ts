import { compareVariedValues, variedValue, type VariedValue } from '@descent/sweep';
import type { ReportRun } from './types.js';

/**
 * A configuration is the set of runs that differ only by replicate: the runs that share the values of
 * every varied key. Views draw one line, cell or band per configuration, with the replicates as its spread.
 */

/** The pseudo-key that holds a run's sweep name when several sweeps are compared in one report. */
export const SWEEP_KEY = 'sweep';

/** A value a varied key takes (a scalar, or a pair such as a landscape start point). */
export type ConfigValue = VariedValue;

export interface Configuration {
  /** Canonical JSON of the varied values: equal for two runs exactly when they belong together. */
  key: string;
  /** Human label, e.g. 'lr=0.1 · momentum=0.9 · batch=32'. */
  label: string;
  /** The value of each varied key, in the order of `varied`. */
  values: ConfigValue[];
  /** Each value as labels show it (`labelValueTexts`): sampled numbers rounded, yet distinct from every other value of its key. */
  valueTexts: string[];
  /** The replicates, ordered by replicate index then run id. */
  runs: ReportRun[];
}

/** The value at a dotted key of a run ('optimizer.lr' → record.config.optimizer.lr); null when absent. */
export function configValue(run: ReportRun, dottedKey: string): ConfigValue {
  if (dottedKey === SWEEP_KEY) return run.record.sweep;
  return variedValue(run.record.config, dottedKey);
}

/**
 * The same value as text: 0.1 → '0.1', [1, -2] → '(1, -2)', absent → '–', an empty list → 'none', and a
 * list of loaded plugins (stored as JSON with each file's sha256) → their sources: '../plugins/signum.ts'.
 */
export function formatConfigValue(value: ConfigValue): string {
  if (value === null) return '–';
  if (Array.isArray(value)) return value.length === 0 ? 'none' : `(${value.join(', ')})`;
  if (typeof value === 'string' && value.startsWith('[{')) {
    const sources = pluginSources(value);
    if (sources !== null) return sources.join(', ');
  }
  return String(value);
}

/** The `source` of each entry of a JSON list like '[{"sha256":"…","source":"../plugins/signum.ts"}]', or null. */
function pluginSources(json: string): string[] | null {
  try {
    const parsed: unknown = JSON.parse(json);
    if (!Array.isArray(parsed)) return null;
    const sources = parsed.map((entry: unknown) =>
      entry !== null && typeof entry === 'object' && typeof (entry as { source?: unknown }).source === 'string'
        ? (entry as { source: string }).source
        : null,
    );
    return sources.every((source): source is string => source !== null) ? sources : null;
  } catch {
    return null;
  }
}

/**
 * Short column/label names for dotted keys: the last segment ('optimizer.lr' → 'lr'), the segment before
 * a trailing 'name' ('optimizer.name' → 'optimizer'), 'batch' for 'train.batch_size'. Keys whose short
 * names would collide keep their full dotted form, so a label never becomes ambiguous.
 */
export function shortKeyNames(varied: readonly string[]): string[] {
  const shorten = (key: string): string => {
    if (key === 'train.batch_size') return 'batch';
    const parts = key.split('.');
    const last = parts[parts.length - 1];
    return last === 'name' && parts.length > 1 ? parts[parts.length - 2] : last;
  };
  const short = varied.map(shorten);
  return short.map((name, i) => (short.filter((other) => other === name).length > 1 ? varied[i] : name));
}

/** The order of configurations (compareVariedValues), with strings and mixed kinds ordered by the text labels show. */
export const compareConfigValues = (a: ConfigValue, b: ConfigValue): number => compareVariedValues(a, b, formatConfigValue);

/** Significant digits of a number in a label: a sampled lr=0.6550321599122274 reads lr=0.655. */
export const LABEL_DIGITS = 4;

/**
 * A value as a reader sees it in labels: numbers at `digits` significant digits, integers whole (a batch
 * of 12345 is not 12350), everything else as `formatConfigValue`. A grid's short values (0.01, 0.9, 1e-4)
 * already have at most 4 digits, so they read exactly as written. Tables and anything machine-facing keep
 * `formatConfigValue`, the exact value.
 */
export function formatLabelValue(value: ConfigValue, digits = LABEL_DIGITS): string {
  if (typeof value === 'number' && Number.isFinite(value) && !Number.isInteger(value)) return String(Number(value.toPrecision(digits)));
  if (Array.isArray(value) && value.length > 0) return `(${value.map((item) => formatLabelValue(item, digits)).join(', ')})`;
  return formatConfigValue(value);
}

/**
 * The label text of each of one key's values (keyed by the value's JSON): `formatLabelValue`, with more
 * digits for the values whose rounded texts would collide (0.12341 and 0.12344 both read 0.1234), just
 * enough to tell them apart (0.12341 and 0.12344). A longer text can still meet a value's of a neighbouring
 * group (0.123449 and 0.123451 both read 0.12345 when each has a twin at 4 digits): groupConfigurations numbers
 * labels that collide, so labels tell every configuration apart whenever the exact values do.
 */
export function labelValueTexts(values: readonly ConfigValue[]): Map<string, string> {
  return labelTextsOfDistinct(new Map(values.map((value) => [JSON.stringify(value), value] as const)));
}

/** `labelValueTexts` of values already keyed by their JSON (each once). */
function labelTextsOfDistinct(distinct: ReadonlyMap<string, ConfigValue>): Map<string, string> {
  const numbers: number[] = [];
  for (const value of distinct.values()) {
    // Integers print whole, not rounded: 12347 reads 12347 between 12346.5 and 12349.9, which both read 12350.
    if (typeof value !== 'number' || !Number.isFinite(value) || Number.isInteger(value)) return labelTextsOfAny(distinct);
    numbers.push(value);
  }
  return labelTextsOfNumbers([...distinct.keys()], numbers);
}

/**
 * `labelTextsOfAny` for finite numbers that are not integers (a sampled setting: 100,000 distinct values in a large
 * random search), without a map from text to values: rounding to fewer significant digits keeps the order of
 * numbers, so values whose texts collide are neighbours once sorted, and each such run of neighbours gets the digits
 * `labelTextsOfAny` would give it.
 */
function labelTextsOfNumbers(jsons: readonly string[], numbers: readonly number[]): Map<string, string> {
  const order = Array.from(numbers.keys()).sort((a, b) => numbers[a] - numbers[b]);
  const shortTexts = order.map((index) => formatLabelValue(numbers[index]));
  const texts = new Map<string, string>();
  for (let start = 0; start < order.length; ) {
    let end = start + 1;
    while (end < order.length && shortTexts[end] === shortTexts[start]) end++;
    if (end - start === 1) texts.set(jsons[order[start]], shortTexts[start]);
    else {
      const values = order.slice(start, end).map((index) => numbers[index]);
      const longer = distinctTexts(values);
      for (let i = start; i < end; i++) texts.set(jsons[order[i]], longer[i - start]);
    }
    start = end;
  }
  return texts;
}

/**
 * Texts of values that read alike at LABEL_DIGITS, with the fewest more digits that tell them all apart. 17
 * significant digits tell any two different doubles apart; values that still print alike (1 and '1') are numbered
 * by groupConfigurations.
 */
function distinctTexts(values: readonly ConfigValue[]): string[] {
  let digits = LABEL_DIGITS;
  let longer: string[];
  do {
    digits++;
    longer = values.map((value) => formatLabelValue(value, digits));
  } while (digits < 17 && new Set(longer).size < values.length);
  return longer;
}

/** `labelTextsOfDistinct` for values of any kind. */
function labelTextsOfAny(distinct: ReadonlyMap<string, ConfigValue>): Map<string, string> {
  const byText = new Map<string, string[]>();
  for (const [json, value] of distinct) {
    const text = formatLabelValue(value);
    const jsons = byText.get(text);
    if (jsons === undefined) byText.set(text, [json]);
    else jsons.push(json);
  }
  const texts = new Map<string, string>();
  for (const [text, jsons] of byText) {
    if (jsons.length === 1) {
      texts.set(jsons[0], text);
      continue;
    }
    const longer = distinctTexts(jsons.map((json) => distinct.get(json)!));
    for (let i = 0; i < jsons.length; i++) texts.set(jsons[i], longer[i]);
  }
  return texts;
}

/**
 * Labels over `keys` (each one of `varied`), from a configuration's value texts indexed by `varied`: 'lr=0.1 ·
 * momentum=0.9'; the sweep name leads, followed by ':'. The short names are worked out once, not per label.
 */
function labeller(varied: readonly string[], keys: readonly string[]): (texts: readonly string[]) => string {
  const names = shortKeyNames(keys);
  const indices = keys.map((key) => varied.indexOf(key));
  return (texts) => {
    const parts: string[] = [];
    let sweepName: string | null = null;
    for (let i = 0; i < keys.length; i++) {
      if (keys[i] === SWEEP_KEY) sweepName = texts[indices[i]];
      else parts.push(`${names[i]}=${texts[indices[i]]}`);
    }
    const rest = parts.join(' · ');
    if (sweepName !== null) return rest === '' ? sweepName : `${sweepName}: ${rest}`;
    return rest === '' ? 'all runs' : rest;
  };
}

/** The label of one configuration on its own: 'lr=0.1 · momentum=0.9' (numbers at LABEL_DIGITS significant digits). */
export function configurationLabel(varied: readonly string[], values: readonly ConfigValue[]): string {
  return labeller(varied, varied)(values.map((value) => formatLabelValue(value)));
}

/**
 * How the varied values were chosen. In a grid every combination is listed, so a key whose value follows
 * from the others (a landscape's start from its name) really is determined by them. In a random search
 * each drawn value is unique, which makes any one sampled key "determine" all the others by accident.
 */
export type SearchMethod = 'grid' | 'random';

/** True when, across `valueLists`, the value at `target` is a function of the values at `by` (equal by-values → equal target). */
function isDetermined(valueLists: readonly (readonly ConfigValue[])[], target: number, by: readonly number[]): boolean {
  const seen = new Map<string, string>();
  for (const values of valueLists) {
    const from = JSON.stringify(by.map((i) => values[i]));
    const to = JSON.stringify(values[target]);
    const known = seen.get(from);
    if (known === undefined) seen.set(from, to);
    else if (known !== to) return false;
  }
  return true;
}

/**
 * The varied keys a label needs. Keys are taken in order, and a key is left out when its value is a
 * function of the keys already kept (grouping without it gives the same partition), so the first-listed
 * key of a group that determines itself is the one kept: in a sweep over whole landscapes
 * `{ name, start, condition }` labels keep `landscape` and drop `start` and `condition`. Every dropped key
 * follows from kept ones, so the labels still tell every configuration apart. The sweep name of a
 * comparison is always kept. In a random search a key whose values are all distinct (a continuous draw)
 * is not allowed to explain the others away, see `SearchMethod`.
 */
export function labelKeys(
  varied: readonly string[],
  valueLists: readonly (readonly ConfigValue[])[],
  method: SearchMethod = 'grid',
): string[] {
  const distinctCounts = new Map<number, number>();
  const distinctCount = (index: number) => {
    let count = distinctCounts.get(index);
    if (count === undefined) distinctCounts.set(index, (count = new Set(valueLists.map((values) => JSON.stringify(values[index]))).size));
    return count;
  };
  const explains = (index: number) => !(method === 'random' && valueLists.length > 1 && distinctCount(index) === valueLists.length);
  const kept: number[] = [];
  for (let i = 0; i < varied.length; i++) {
    const determined = isDetermined(valueLists, i, kept.filter(explains));
    if (varied[i] === SWEEP_KEY || !determined) kept.push(i);
  }
  return kept.map((i) => varied[i]);
}

/** A configuration's label over a subset of the varied keys (its value texts stay indexed by `varied`). */
export function labelOver(varied: readonly string[], keys: readonly string[], configuration: Configuration): string {
  return labeller(varied, keys)(configuration.valueTexts);
}

/**
 * Group runs into configurations by the values of `varied`, ordered by those values (first key first).
 * Labels name only the keys that `labelKeys` keeps; the configuration's `values` keep every varied key.
 */
export function groupConfigurations(
  runs: readonly ReportRun[],
  varied: readonly string[],
  method: SearchMethod = 'grid',
): Configuration[] {
  return groupAndLabel(runs, varied, method).configurations;
}

/**
 * `groupConfigurations`, and the `labelKeys` its labels name. Each value's JSON is taken once per run and reused
 * (the configuration's key is their list, as JSON.stringify of the values writes it): on 100,000 runs of a random
 * search, grouping and labelling were a quarter of `exp report`.
 */
export function groupAndLabel(
  runs: readonly ReportRun[],
  varied: readonly string[],
  method: SearchMethod = 'grid',
): { configurations: Configuration[]; labelKeys: string[] } {
  const byKey = new Map<string, Configuration>();
  // Each configuration's values' JSON, in the order the configurations are made (byKey's order).
  const jsonsOf: string[][] = [];
  const distinct = varied.map(() => new Map<string, ConfigValue>());
  for (const run of runs) {
    const values = varied.map((key) => configValue(run, key));
    const jsons = values.map((value) => JSON.stringify(value));
    const key = `[${jsons.join(',')}]`;
    let configuration = byKey.get(key);
    if (configuration === undefined) {
      configuration = { key, label: '', values, valueTexts: [], runs: [] };
      byKey.set(key, configuration);
      jsonsOf.push(jsons);
      for (let i = 0; i < varied.length; i++) if (!distinct[i].has(jsons[i])) distinct[i].set(jsons[i], values[i]);
    }
    configuration.runs.push(run);
  }
  const configurations = [...byKey.values()];
  const keys = labelKeys(varied, configurations.map((configuration) => configuration.values), method);
  const label = labeller(varied, keys);
  const textsOfKey = distinct.map(labelTextsOfDistinct);
  configurations.forEach((configuration, made) => {
    configuration.valueTexts = jsonsOf[made].map((json, i) => textsOfKey[i].get(json)!);
    configuration.label = label(configuration.valueTexts);
    if (configuration.runs.length > 1) {
      configuration.runs.sort((a, b) => a.record.replicate - b.record.replicate || compareText(a.record.runId, b.record.runId));
    }
  });
  configurations.sort((a, b) => {
    for (let i = 0; i < varied.length; i++) {
      const order = compareConfigValues(a.values[i], b.values[i]);
      if (order !== 0) return order;
    }
    return compareText(a.key, b.key);
  });
  // Labels name series in charts, so they must be unique even when two values print alike (1 and '1').
  const seen = new Map<string, number>();
  for (const configuration of configurations) {
    const count = (seen.get(configuration.label) ?? 0) + 1;
    seen.set(configuration.label, count);
    if (count > 1) configuration.label = `${configuration.label} (#${count})`;
  }
  return { configurations, labelKeys: keys };
}

/** Code-point order, independent of the machine's locale. */
export function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
