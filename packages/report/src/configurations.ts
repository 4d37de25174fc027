import type { ReportRun } from './types.js';

/**
 * A configuration is the set of runs that differ only by replicate: the runs that share the values of
 * every varied key. Views draw one line, cell or band per configuration, with the replicates as its spread.
 */

/** The pseudo-key that holds a run's sweep name when several sweeps are compared in one report. */
export const SWEEP_KEY = 'sweep';

/** A value a varied key takes (a scalar, or a pair such as a landscape start point). */
export type ConfigValue = number | string | boolean | number[] | null;

export interface Configuration {
  /** Canonical JSON of the varied values: equal for two runs exactly when they belong together. */
  key: string;
  /** Human label, e.g. 'lr=0.1 · momentum=0.9 · batch=32'. */
  label: string;
  /** The value of each varied key, in the order of `varied`. */
  values: ConfigValue[];
  /** The replicates, ordered by replicate index then run id. */
  runs: ReportRun[];
}

/** The value at a dotted key of a run ('optimizer.lr' → record.config.optimizer.lr); null when absent. */
export function configValue(run: ReportRun, dottedKey: string): ConfigValue {
  if (dottedKey === SWEEP_KEY) return run.record.sweep;
  let node: unknown = run.record.config;
  for (const part of dottedKey.split('.')) {
    if (node === null || typeof node !== 'object' || !Object.prototype.hasOwnProperty.call(node, part)) return null;
    node = (node as Record<string, unknown>)[part];
  }
  if (typeof node === 'number' || typeof node === 'string' || typeof node === 'boolean') return node;
  if (Array.isArray(node) && node.every((item) => typeof item === 'number')) return node as number[];
  return node === undefined ? null : JSON.stringify(node);
}

/** The same value as text: 0.1 → '0.1', [1, -2] → '(1, -2)', absent → '–'. */
export function formatConfigValue(value: ConfigValue): string {
  if (value === null) return '–';
  if (Array.isArray(value)) return `(${value.join(', ')})`;
  return String(value);
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

/** Order values so that numbers sort numerically, strings alphabetically, absent values last. */
export function compareConfigValues(a: ConfigValue, b: ConfigValue): number {
  if (a === b) return 0;
  if (a === null) return 1;
  if (b === null) return -1;
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  if (Array.isArray(a) && Array.isArray(b)) {
    for (let i = 0; i < Math.min(a.length, b.length); i++) if (a[i] !== b[i]) return a[i] - b[i];
    return a.length - b.length;
  }
  // Mixed kinds (rare: a key that is a number in one config and a string in another) sort by their text.
  const textA = formatConfigValue(a);
  const textB = formatConfigValue(b);
  return textA < textB ? -1 : textA > textB ? 1 : 0;
}

/** A label from varied keys and values: 'lr=0.1 · momentum=0.9'; the sweep name leads, followed by ':'. */
export function configurationLabel(varied: readonly string[], values: readonly ConfigValue[]): string {
  const names = shortKeyNames(varied);
  const parts: string[] = [];
  let sweepName: string | null = null;
  for (let i = 0; i < varied.length; i++) {
    if (varied[i] === SWEEP_KEY) sweepName = formatConfigValue(values[i]);
    else parts.push(`${names[i]}=${formatConfigValue(values[i])}`);
  }
  const rest = parts.join(' · ');
  if (sweepName !== null) return rest === '' ? sweepName : `${sweepName}: ${rest}`;
  return rest === '' ? 'all runs' : rest;
}

/** Group runs into configurations by the values of `varied`, ordered by those values (first key first). */
export function groupConfigurations(runs: readonly ReportRun[], varied: readonly string[]): Configuration[] {
  const byKey = new Map<string, Configuration>();
  for (const run of runs) {
    const values = varied.map((key) => configValue(run, key));
    const key = JSON.stringify(values);
    let configuration = byKey.get(key);
    if (configuration === undefined) {
      configuration = { key, label: configurationLabel(varied, values), values, runs: [] };
      byKey.set(key, configuration);
    }
    configuration.runs.push(run);
  }
  const configurations = [...byKey.values()];
  for (const configuration of configurations) {
    configuration.runs.sort(
      (a, b) => a.record.replicate - b.record.replicate || compareText(a.record.runId, b.record.runId),
    );
  }
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
  return configurations;
}

/** Code-point order, independent of the machine's locale. */
export function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
