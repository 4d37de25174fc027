import { canonicalJson } from './canonicalJson.js';
import type { RunSpec } from './sweep.js';
import { valueAtKey } from './valueAtKey.js';

/**
 * The dotted keys (`optimizer.lr`, `problem.dataset.noise`) whose values differ between the runs'
 * configurations, in the order they first appear. A key some configurations lack (momentum's
 * `momentum` next to sgd) counts as varying. Lists (`hidden: [16]`) are compared whole.
 */
export function varyingKeys(specs: readonly Pick<RunSpec, 'config'>[]): string[] {
  // Per key, in order of first appearance: its first value, how many configurations have it, whether it varies.
  const keys = new Map<string, { first: unknown; firstText: string | null; count: number; varies: boolean }>();
  // Configurations share objects: replicates share their configuration, and configurations built from one another
  // (hyperparameterSweep.ts, a run listing) share the sections they do not change. A section met again at the same
  // key holds the values it held then, already compared: it is only counted, its leaves once at the end (100,000
  // runs: seconds saved, then a tenth of `exp list` and of `exp run` with nothing to do).
  const walked = new Map<object, { path: string; leaves: string[]; metAgain: number }>();
  const countMetAgain = (section: { leaves: string[]; metAgain: number }) => {
    for (const leaf of section.leaves) keys.get(leaf)!.count += section.metAgain;
  };
  // A leaf's dotted key, made once per (section key, key): at 100,000 runs, joining the same keys again for every
  // configuration (and hashing each fresh string to look it up) was half of this function.
  const childKeys = new Map<string, Map<string, string>>();
  const childKey = (path: string, key: string): string => {
    let ofPath = childKeys.get(path);
    if (ofPath === undefined) childKeys.set(path, (ofPath = new Map()));
    let dotted = ofPath.get(key);
    if (dotted === undefined) ofPath.set(key, (dotted = path === '' ? key : `${path}.${key}`));
    return dotted;
  };
  // `leaves`: where the leaves under `value` are noted for the section holding it; null for a section of a whole
  // configuration, which is never met again (the configurations are distinct), so nothing reads its list.
  const visit = (value: unknown, path: string, leaves: string[] | null): void => {
    if (value === null || typeof value !== 'object' || Array.isArray(value)) {
      leaves?.push(path);
      const seen = keys.get(path);
      if (seen === undefined) return void keys.set(path, { first: value, firstText: null, count: 1, varies: false });
      seen.count++;
      if (!seen.varies && !sameValue(seen, value)) seen.varies = true;
      return;
    }
    const before = walked.get(value);
    if (before !== undefined && before.path === path) {
      before.metAgain++;
      if (leaves !== null) for (const leaf of before.leaves) leaves.push(leaf);
      return;
    }
    const own: string[] = [];
    for (const key of Object.keys(value)) visit((value as Record<string, unknown>)[key], childKey(path, key), own);
    // One object met under another key too: the counts noted under the first key are settled before it is replaced.
    if (before !== undefined) countMetAgain(before);
    walked.set(value, { path, leaves: own, metAgain: 0 });
    if (leaves !== null) for (const leaf of own) leaves.push(leaf);
  };
  const configs = new Set(specs.map((spec) => spec.config));
  for (const config of configs) {
    for (const key of Object.keys(config)) visit((config as Record<string, unknown>)[key], key, null);
  }
  for (const section of walked.values()) countMetAgain(section);
  return [...keys].filter(([, { count, varies }]) => varies || count < configs.size).map(([key]) => key);
}

/** Whether `value` is canonically the key's first value (scalars compared directly: canonicalJson prints equal ones alike, -0 as 0). */
function sameValue(seen: { first: unknown; firstText: string | null }, value: unknown): boolean {
  if (value === null || typeof value !== 'object' || seen.first === null || typeof seen.first !== 'object') return value === seen.first;
  seen.firstText ??= canonicalJson(seen.first);
  return canonicalJson(value) === seen.firstText;
}

/**
 * A configuration as dotted keys and their values, in the config's key order: objects are walked into,
 * anything else (numbers, strings, lists such as `hidden: [16]`) is a leaf.
 */
export function configLeaves(config: unknown): Map<string, unknown> {
  const out = new Map<string, unknown>();
  forEachLeaf(config, (key, value) => out.set(key, value));
  return out;
}

/** configLeaves without building the map: `visit` each dotted key and its value, in the config's key order. */
function forEachLeaf(config: unknown, visit: (key: string, value: unknown) => void): void {
  const walk = (value: unknown, path: string): void => {
    if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
      for (const [key, child] of Object.entries(value)) walk(child, path === '' ? key : `${path}.${key}`);
    } else visit(path, value);
  };
  walk(config, '');
}

/** A value a varied key takes, as configurations are grouped by it: a scalar, a list of numbers (a start point), or JSON text. */
export type VariedValue = number | string | boolean | number[] | null;

/**
 * The value at a dotted key of a config ('optimizer.lr' → config.optimizer.lr; a key left out at its default reads as
 * that default, valueAtKey); other values as JSON text; null when absent.
 */
export function variedValue(config: unknown, dottedKey: string): VariedValue {
  const node = valueAtKey(config, dottedKey);
  if (typeof node === 'number' || typeof node === 'string' || typeof node === 'boolean') return node;
  if (Array.isArray(node) && node.every((item) => typeof item === 'number')) return node as number[];
  return node === undefined ? null : JSON.stringify(node);
}

/**
 * The key of the configuration a run belongs to: the JSON of its values of the varied keys. The report
 * groups runs by it, and with the sweep's name it seeds every comparison's bootstrap (the report's
 * verdicts and the runner's adaptive replicates read the same key, so they draw the same resamples).
 */
export function configurationKey(config: unknown, varied: readonly string[]): string {
  return configurationKeyOfValues(varied.map((key) => variedValue(config, key)));
}

/**
 * The order of configurations wherever Descent lists them (`exp list`, a report's tables, legends and axes), value by
 * value: numbers numerically, lists of numbers element by element, absent values (null) last; strings, and the rare
 * key that holds values of two kinds, by `text` in code-point order (a report passes the text its labels show).
 */
export function compareVariedValues(a: VariedValue, b: VariedValue, text: (value: VariedValue) => string = String): number {
  if (a === b) return 0;
  if (a === null) return 1;
  if (b === null) return -1;
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  if (Array.isArray(a) && Array.isArray(b)) {
    for (let i = 0; i < Math.min(a.length, b.length); i++) if (a[i] !== b[i]) return a[i] - b[i];
    return a.length - b.length;
  }
  const textA = text(a);
  const textB = text(b);
  return textA < textB ? -1 : textA > textB ? 1 : 0;
}

/** configurationKey of a configuration whose values of the varied keys (variedValue, in the keys' order) are at hand. */
export function configurationKeyOfValues(values: readonly VariedValue[]): string {
  return JSON.stringify(values);
}
