import type { Setting } from '@descent/settings';
import { didYouMean, oneOf } from '@descent/settings';
import type { ResolvedConfig, Scalar } from './config.js';
import { canonicalJson } from './identity.js';
import type { IssueCollector } from './issue.js';
import { settingIssue } from './settingIssue.js';
import type { SweepParameter } from './sweep.js';
import { describeNode, type MapEntry, type SweepNode } from './tree.js';
import { OMITTED_DEFAULTS } from './omittedDefaults.js';
import { valueAtKey } from './valueAtKey.js';

/**
 * Claims: sentences a sweep is meant to show, declared in the sweep file and checked against its runs.
 *
 * ```yaml
 * claims:
 *   - claim: momentum speeds up early training      # the sentence the report shows
 *     metric: examples_to_target                     # one of CLAIM_METRICS
 *     a: { optimizer.momentum: 0.9 }                 # one selection of the sweep's configurations ...
 *     b: { optimizer.momentum: 0 }                   # ... and the other
 *     expect: a < b                                  # or a > b, in the metric's raw units
 *     where: { optimizer.lr: 0.01 }                  # optional: both sides restricted to these values
 * ```
 *
 * Selections name dotted keys of the resolved configuration and values the sweep gives them. Each
 * configuration of `a` is paired with the configuration of `b` that agrees on every other varied key,
 * replicate k with replicate k. Claims are not part of any run's configuration: they never change a run id.
 */

/** What a claim can compare, each read from a run's summary (the runner's checkClaims says exactly how). */
export const CLAIM_METRICS = [
  'final_metric',
  'best_metric',
  'final_loss',
  'best_loss',
  'steps_to_target',
  'examples_to_target',
  'oscillation',
  'final_test_accuracy',
  'final_validation_accuracy',
  'diverged',
  'path_length',
] as const;
export type ClaimMetric = (typeof CLAIM_METRICS)[number];

export const CLAIM_DIRECTIONS = ['a < b', 'a > b'] as const;
export type ClaimDirection = (typeof CLAIM_DIRECTIONS)[number];

/** The keys of one claim, declared like every other setting so messages and the JSON Schema read alike. */
export const claimSettings = {
  claim: { type: 'string', default: '', description: 'the sentence the report shows' },
  metric: {
    type: 'choice',
    default: 'final_metric',
    choices: CLAIM_METRICS,
    description:
      "final_metric / best_metric: the sweep metric's last / best value; final_loss / best_loss: training loss (a landscape's value); steps_to_target / examples_to_target; oscillation: spread of the mini-batch loss; final_test_accuracy; final_validation_accuracy (with problem.dataset.validation_fraction); diverged: 1 or 0; path_length: the distance a landscape's (x, y) travels",
  },
  expect: { type: 'choice', default: 'a < b', choices: CLAIM_DIRECTIONS, description: 'the expected direction, in the metric’s raw units' },
} as const satisfies Record<string, Setting>;

const CLAIM_KEYS = ['claim', 'metric', 'a', 'b', 'expect', 'where'] as const;
const SELECTIONS = ['a', 'b', 'where'] as const;

/** Dotted key of the resolved configuration → the value it must have. */
export type Selection = Readonly<Record<string, Scalar | readonly Scalar[]>>;

/** A validated claim. Plain JSON, so it travels into the store's sweep info and from there into reports. */
export interface Claim {
  claim: string;
  metric: ClaimMetric;
  a: Selection;
  b: Selection;
  /** Both sides restricted to these values ({} when the file has no `where:`). */
  where: Selection;
  expect: ClaimDirection;
  /**
   * The dotted paths of the sweep parameters that `a` and `b` set (`optimizer.momentum`, or `optimizer`
   * when a whole optimizer is swept): keys under them may differ between paired configurations; every
   * other varied key must agree.
   */
  compared: string[];
}

/** True when `config` has every value `selection` asks for. */
export function selects(selection: Selection, config: ResolvedConfig): boolean {
  return Object.entries(selection).every(([key, value]) => canonicalJson(valueAtKey(config, key)) === canonicalJson(value));
}


/**
 * Check the `claims:` list against the sweep's configurations and report every issue at once.
 * `configs` are the configurations validation resolved; `exhaustive` says they are all of the sweep's
 * (a grid small enough to try every combination), so that "selects nothing" and "overlap" can be judged.
 */
export function validateClaims(
  entry: MapEntry | undefined,
  parameters: readonly SweepParameter[],
  configs: readonly ResolvedConfig[],
  exhaustive: boolean,
  issues: IssueCollector,
): Claim[] {
  if (entry === undefined) return [];
  const node = entry.value;
  if (node.kind === 'scalar' && node.value === null) return [];
  if (node.kind !== 'seq') {
    issues.add(node.pos, 'claims', 'wrong type', describeNode(node, { stringsAsType: true }), 'a list of claims, each { claim, metric, a, b, expect }');
    return [];
  }
  const values = leafValues(configs);
  const claims: Claim[] = [];
  node.items.forEach((item, index) => {
    const claim = validateClaim(item, `claims.${index}`, { parameters, configs, exhaustive, values }, issues);
    if (claim !== null) claims.push(claim);
  });
  return claims;
}

interface SweepFacts {
  parameters: readonly SweepParameter[];
  configs: readonly ResolvedConfig[];
  exhaustive: boolean;
  /** Every leaf key of the configurations → canonical JSON of each value it takes → that value. */
  values: Map<string, Map<string, unknown>>;
}

function validateClaim(item: SweepNode, where: string, facts: SweepFacts, issues: IssueCollector): Claim | null {
  const before = issues.count;
  if (item.kind !== 'map') {
    issues.add(item.pos, where, 'wrong type', describeNode(item, { stringsAsType: true }), '{ claim, metric, a, b, expect } and optionally where');
    return null;
  }
  for (const [key, keyEntry] of item.entries) {
    if (!(CLAIM_KEYS as readonly string[]).includes(key)) issues.add(keyEntry.keyPos, `${where}.${key}`, `unknown key '${key}'${didYouMean(key, CLAIM_KEYS)}`, null, oneOf(CLAIM_KEYS));
  }
  const required = (key: (typeof CLAIM_KEYS)[number]): MapEntry | undefined => {
    const found = item.entries.get(key);
    if (found === undefined) issues.add(item.pos, `${where}.${key}`, 'missing', null, key === 'claim' ? 'the sentence to check' : key === 'expect' ? oneOf(CLAIM_DIRECTIONS) : key === 'metric' ? oneOf(CLAIM_METRICS) : 'a selection like { optimizer.momentum: 0.9 }');
    return found;
  };
  const text = scalarSetting(required('claim'), `${where}.claim`, claimSettings.claim, issues);
  if (typeof text === 'string' && text.trim() === '') issues.add(item.entries.get('claim')!.value.pos, `${where}.claim`, 'empty', null, 'the sentence to check');
  const metric = scalarSetting(required('metric'), `${where}.metric`, claimSettings.metric, issues) as ClaimMetric | null;
  const expect = scalarSetting(required('expect'), `${where}.expect`, claimSettings.expect, issues) as ClaimDirection | null;
  const [a, b] = [required('a'), required('b')].map((side, i) => (side === undefined ? null : selection(side, `${where}.${SELECTIONS[i]}`, facts, issues, { nonEmpty: true })));
  const whereEntry = item.entries.get('where');
  const restrict = whereEntry === undefined ? {} : selection(whereEntry, `${where}.where`, facts, issues, { nonEmpty: false });

  if (a !== null && b !== null && restrict !== null) {
    let conflicts = 0;
    for (const [side, chosen] of [['a', a], ['b', b]] as const) {
      for (const key of Object.keys(chosen)) {
        if (!Object.hasOwn(restrict, key)) continue;
        issues.add(item.entries.get(side)!.value.pos, `${where}.${side}.${key}`, `${key} is also in where:; a key belongs to one of a, b or where`, null, null);
        conflicts++;
      }
    }
    if (facts.exhaustive && conflicts === 0) sidesSelect(item, where, { a, b, restrict }, facts, issues);
  }
  if (metric !== null && (metric === 'steps_to_target' || metric === 'examples_to_target') && facts.configs.some((c) => c.metric.target === null || c.metric.target === undefined))
    issues.add(item.entries.get('metric')!.value.pos, `${where}.metric`, `${metric} needs a target: the sweep's metric has none`, JSON.stringify(metric), 'metric: { ..., target: x } in the sweep, or another claim metric');
  if ((metric === 'final_test_accuracy' || metric === 'final_validation_accuracy') && facts.configs.some((c) => c.problem.kind === 'landscape'))
    issues.add(item.entries.get('metric')!.value.pos, `${where}.metric`, 'a landscape has no accuracy', JSON.stringify(metric), 'final_loss or final_metric');
  // Judged by the fraction: a claim sees the resolved configurations, not the datasets' sizes.
  if (metric === 'final_validation_accuracy' && facts.configs.some((c) => c.problem.kind === 'dataset' && c.problem.dataset.validation_fraction === undefined))
    issues.add(item.entries.get('metric')!.value.pos, `${where}.metric`, 'the validation set is empty (no problem.dataset.validation_fraction)', JSON.stringify(metric), 'final_test_accuracy, or a validation_fraction in the problem');
  if (metric === 'path_length' && facts.configs.some((c) => c.problem.kind === 'dataset'))
    issues.add(item.entries.get('metric')!.value.pos, `${where}.metric`, "only a landscape's parameters have a path to measure", JSON.stringify(metric), 'oscillation, final_loss or final_metric');

  if (issues.count > before || text === null || metric === null || expect === null || a === null || b === null || restrict === null) return null;
  return { claim: text, metric, a, b, where: restrict, expect, compared: comparedParameters([...Object.keys(a), ...Object.keys(b)], facts.parameters) };
}

function scalarSetting(entry: MapEntry | undefined, path: string, setting: Setting, issues: IssueCollector): string | null {
  if (entry === undefined) return null;
  const issue = settingIssue(setting, entry.value);
  if (issue === null) return (entry.value as { value: string }).value;
  issues.add(issue.at ?? entry.value.pos, path, issue.message, issue.got, issue.expected);
  return null;
}

/** A selection `{ dotted.key: value }`: every key a leaf of the configurations, every value one the sweep gives it. */
function selection(entry: MapEntry, path: string, facts: SweepFacts, issues: IssueCollector, { nonEmpty }: { nonEmpty: boolean }): Selection | null {
  const node = entry.value;
  if (node.kind !== 'map') {
    issues.add(node.pos, path, 'wrong type', describeNode(node, { stringsAsType: true }), 'a mapping of dotted keys to values, like { optimizer.momentum: 0.9 }');
    return null;
  }
  if (nonEmpty && node.entries.size === 0) {
    issues.add(node.pos, path, 'selects every configuration', 'an empty mapping', 'at least one key, like { optimizer.momentum: 0.9 }');
    return null;
  }
  const before = issues.count;
  const chosen: Record<string, Scalar | readonly Scalar[]> = {};
  const keys = [...facts.values.keys()];
  for (const [key, keyEntry] of node.entries) {
    const taken = facts.values.get(key);
    if (taken === undefined) {
      issues.add(keyEntry.keyPos, `${path}.${key}`, `no configuration of this sweep has the key '${key}'${didYouMean(key, keys)}`, null, `a dotted key of the configuration whose value the sweep varies, like ${varied(facts)[0] ?? 'optimizer.lr'}`);
      continue;
    }
    const value = plain(keyEntry.value);
    if (value === undefined || !taken.has(canonicalJson(value))) {
      const shown = [...taken.keys()];
      issues.add(keyEntry.value.pos, `${path}.${key}`, `the sweep never sets ${key} to this value`, describeNode(keyEntry.value), oneOf(shown));
      continue;
    }
    chosen[key] = value;
  }
  return issues.count > before ? null : chosen;
}

/** Each side must select some configuration, and no configuration may be on both sides. */
function sidesSelect(item: SweepNode & { kind: 'map' }, where: string, sides: { a: Selection; b: Selection; restrict: Selection }, facts: SweepFacts, issues: IssueCollector): void {
  const inScope = facts.configs.filter((c) => selects(sides.restrict, c));
  const [onA, onB] = [sides.a, sides.b].map((side) => inScope.filter((c) => selects(side, c)));
  const scope = Object.keys(sides.restrict).length > 0 ? ' together with where:' : '';
  for (const [side, selected] of [['a', onA], ['b', onB]] as const) {
    if (selected.length === 0) issues.add(item.entries.get(side)!.value.pos, `${where}.${side}`, `selects no configuration of the sweep${scope}`, null, 'values that occur together in some configuration');
  }
  const both = onA.filter((c) => onB.includes(c));
  if (both.length > 0 && onA.length > 0 && onB.length > 0)
    issues.add(item.entries.get('b')!.value.pos, `${where}.b`, `a and b overlap: ${both.length} configuration${both.length === 1 ? ' is' : 's are'} on both sides`, null, 'a and b that differ in some key');
}

/** The parameters that set the compared keys: keys under these paths may differ between a pair's two configurations. */
function comparedParameters(keys: readonly string[], parameters: readonly SweepParameter[]): string[] {
  const paths = new Set<string>();
  for (const key of keys) {
    const owner = parameters.filter((p) => key === p.key || key.startsWith(`${p.key}.`)).sort((x, y) => y.key.length - x.key.length)[0];
    paths.add(owner?.key ?? key);
  }
  return [...paths];
}

function leafValues(configs: readonly ResolvedConfig[]): Map<string, Map<string, unknown>> {
  const values = new Map<string, Map<string, unknown>>();
  const add = (path: string, value: unknown): void => {
    if (!values.has(path)) values.set(path, new Map());
    values.get(path)!.set(canonicalJson(value), value);
  };
  const walk = (value: unknown, path: string): void => {
    if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
      for (const [key, child] of Object.entries(value)) walk(child, path === '' ? key : `${path}.${key}`);
      return;
    }
    add(path, value);
  };
  for (const config of configs) {
    walk(config, '');
    // What a key left out at its default means, so a claim can select `problem.model.kind: mlp`.
    for (const key of OMITTED_DEFAULTS.keys()) {
      const value = valueAtKey(config, key);
      if (value !== undefined) add(key, value);
    }
  }
  values.delete('seed');
  return values;
}

function varied(facts: SweepFacts): string[] {
  return [...facts.values].filter(([, taken]) => taken.size > 1).map(([key]) => key);
}

/** A YAML value as plain JSON data: a scalar or a list of scalars (`hidden: [16]`); undefined for anything else. */
function plain(node: SweepNode): Scalar | readonly Scalar[] | undefined {
  if (node.kind === 'scalar') return node.value as Scalar;
  if (node.kind === 'seq' && node.items.every((item) => item.kind === 'scalar')) return node.items.map((item) => (item as { value: Scalar }).value);
  return undefined;
}
