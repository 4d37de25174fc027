import { dirname } from 'node:path';
import type { Catalog } from './catalog.js';
import { overlay, representatives, validationCombinations } from './combinations.js';
import { BUDGETS, CONFIG_SECTIONS, SWEEPABLE_SECTIONS } from './configDeclaration.js';
import { adaptiveReplicateSettings, DISTRIBUTIONS, EARLY_TERMINATE_SYNONYMS, earlyTerminateSettings, METHOD_SYNONYMS, REPLICATES_TO_DECIDE_A_DIRECTION, sweepSettings } from './sweepSettings.js';
import type { BudgetUnit, EarlyTerminate } from './earlyTerminate.js';
import { distinctValues, isSearchDimension } from './quasirandom.js';
import { SOBOL_DIMENSIONS } from './sobol.js';
import { NAME_RULE, nameProblem, shortName, showName } from './sweepName.js';
import { describeAccepted, didYouMean, oneOf } from '@descent/settings';
import type { ParsedSweep } from './parse.js';
import { IssueCollector, type SweepIssue } from './issue.js';
import { resolveConfig } from './resolveConfig.js';
import { validateClaims } from './claims.js';
import type { ResolvedConfig } from './config.js';
import { settingIssue } from './settingIssue.js';
import type { AdaptiveReplicates, BayesSettings, Sweep, SweepParameter } from './sweep.js';
import { describeNode, type MapEntry, type MapNode, type NumberDistribution, type Position, type ScalarNode, type SweepNode } from './tree.js';

const SWEEP_KEYS = ['name', 'description', 'seed', 'replicates', 'method', 'samples', 'batch', 'startup', 'early_terminate', 'pairing', 'delta', 'plugins', 'claims'] as const;
const TOP_LEVEL_KEYS: readonly string[] = [...SWEEP_KEYS, ...CONFIG_SECTIONS, 'parameters'];
const PARAMETER_KEYS = ['values', 'value', 'distribution', 'min', 'max'];
const ADAPTIVE_EXPECTED = 'an integer in [1, ∞), or { min, max, step } for replicates added where the verdict is open';

/**
 * Check a parsed sweep against the catalog and report every issue at once, each with its file, line
 * and column. Every swept value is checked in the configurations it will be part of (for a large grid,
 * with every value of every other parameter: see `validationCombinations`).
 */
export function validateSweep(parsed: ParsedSweep, file: string, catalog: Catalog): { sweep: Sweep } | { issues: SweepIssue[] } {
  const issues = new IssueCollector(file);
  issues.addAll(parsed.issues);
  const doc = parsed.doc;
  if (doc === null || doc.kind !== 'map') {
    if (issues.count === 0) {
      const at = doc?.pos ?? { line: 1, col: 1 };
      issues.add(at, '', doc === null ? 'the sweep file is empty' : 'a sweep file is a mapping of keys', doc === null ? null : describeNode(doc), 'keys like problem:, optimizer:, train:, parameters:');
    }
    return { issues: issues.list() };
  }
  const check = new SweepChecker(issues);
  for (const [key, entry] of doc.entries) {
    if (!TOP_LEVEL_KEYS.includes(key)) issues.add(entry.keyPos, key, `unknown key '${key}'${didYouMean(key, TOP_LEVEL_KEYS)}`, null, oneOf(TOP_LEVEL_KEYS));
  }
  const entry = (key: string): MapEntry | undefined => doc.entries.get(key);

  const name = check.name(entry('name'), file, doc.pos);
  const description = check.description(entry('description'));
  const seed = check.setting(entry('seed'), 'seed', sweepSettings.seed) as number;
  const { replicates, adaptive } = check.replicates(entry('replicates'));
  const method = check.method(entry('method'));
  const samples = check.samples(entry('samples'), method, doc.pos);
  const bayes = check.bayes(entry('batch'), entry('startup'), method, samples, entry('replicates'), adaptive);
  const pairing = check.setting(entry('pairing'), 'pairing', sweepSettings.pairing) as Sweep['pairing'];
  const delta = entry('delta') === undefined ? null : (check.setting(entry('delta'), 'delta', sweepSettings.delta) as number);
  const plugins = check.plugins(entry('plugins'));
  const beforeParameters = issues.count;
  const parameters = check.parameters(entry('parameters'), method);
  // A malformed parameter is left out of `parameters`: the space is counted only when none was.
  if (method === 'quasirandom' || method === 'bayes') check.quasirandomSpace(method, parameters, issues.count === beforeParameters ? samples : null, entry('samples'));

  const base: MapNode = { kind: 'map', entries: new Map(CONFIG_SECTIONS.flatMap((key) => (doc.entries.has(key) ? [[key, doc.entries.get(key)!]] : []))), pos: doc.pos };
  const choices = parameters.map(representatives);
  // The configurations resolved here are also what claims are checked against (all of them for a small grid).
  const configs: ResolvedConfig[] = [];
  for (const index of validationCombinations(choices.map((c) => c.length))) {
    const tree = overlay(base, index.map((i, p) => ({ parameter: parameters[p], value: choices[p][i] })));
    const config = resolveConfig(tree, { seed, pairing }, catalog, { baseDir: dirname(file) }, issues);
    if (config !== null) configs.push(config);
  }
  const exhaustive = method === 'grid' && issues.count === 0 && configs.length === choices.reduce((product, c) => product * c.length, 1);
  const claims = validateClaims(entry('claims'), parameters, configs, exhaustive, issues);
  const earlyTerminate = check.earlyTerminate(entry('early_terminate'), { method, adaptive, replicatesEntry: entry('replicates'), batchEntry: entry('batch'), parameters, configs });

  if (issues.count > 0) return { issues: issues.list() };
  return { sweep: { file, name, description, seed, replicates, adaptive, method: method!, samples, bayes, earlyTerminate, pairing, delta, plugins, base, parameters, claims } };
}

class SweepChecker {
  constructor(private readonly issues: IssueCollector) {}

  setting(entry: MapEntry | undefined, path: string, setting: Parameters<typeof settingIssue>[0]): string | number | boolean {
    if (entry === undefined) return setting.default;
    const issue = settingIssue(setting, entry.value);
    if (issue === null) return (entry.value as ScalarNode).value as string | number | boolean;
    this.issues.add(entry.value.pos, path, issue.message, issue.got, issue.expected);
    return setting.default;
  }

  /**
   * `method:`, with "did you mean" also for another tool's name of a method (`sobol` → quasirandom); null when
   * it is not one, so the keys that depend on it (samples, distributions) are not judged by a method not meant.
   */
  method(entry: MapEntry | undefined): Sweep['method'] | null {
    const node = entry?.value;
    if (node?.kind === 'scalar' && typeof node.value === 'string') {
      const normalised = node.value.toLowerCase().replace(/[-_ ]/g, '');
      const meant = Object.hasOwn(METHOD_SYNONYMS, normalised) ? METHOD_SYNONYMS[normalised] : undefined;
      if (meant !== undefined && meant !== node.value) {
        this.issues.add(node.pos, 'method', `unknown choice; did you mean '${meant}'${meant === 'quasirandom' ? ' (scrambled Sobol points)' : ''}?`, describeNode(node), describeAccepted(sweepSettings.method));
        return null;
      }
    }
    const before = this.issues.count;
    const method = this.setting(entry, 'method', sweepSettings.method) as Sweep['method'];
    return this.issues.count > before ? null : method;
  }

  /**
   * A quasirandom sweep: at most SOBOL_DIMENSIONS swept parameters (one dimension of the sequence each), and
   * at least `samples` distinct configurations for the points to land on (no configuration is drawn twice).
   */
  /** `samples` null: the space is not counted (samples is missing, or a parameter is malformed). */
  quasirandomSpace(method: 'quasirandom' | 'bayes', parameters: readonly SweepParameter[], samples: number | null, samplesEntry: MapEntry | undefined): void {
    const dimensions = parameters.filter(isSearchDimension);
    if (dimensions.length > SOBOL_DIMENSIONS) {
      const first = dimensions[SOBOL_DIMENSIONS];
      this.issues.add(
        first.keyPos,
        `parameters.${first.key}`,
        `${method} search draws ${method === 'bayes' ? 'its startup points ' : ''}from a Sobol sequence of at most ${SOBOL_DIMENSIONS} dimensions, one per swept parameter; this is swept parameter ${SOBOL_DIMENSIONS + 1} of ${dimensions.length}`,
        null,
        `at most ${SOBOL_DIMENSIONS} swept parameters, or method: random`,
      );
    }
    const counts = dimensions.map(distinctValues);
    const total = counts.reduce((product, n) => product * n, 1);
    if (samples === null || samplesEntry === undefined || total >= samples) return;
    const factors = dimensions.map((p, i) => `${p.key}: ${counts[i]}`).join(' × ');
    this.issues.add(
      samplesEntry.value.pos,
      'samples',
      `the parameters allow only ${total} distinct configuration${total === 1 ? '' : 's'}${factors === '' ? '' : ` (${factors})`}, and ${method} search draws none twice`,
      String(samples),
      `samples: ${total} or fewer, or a continuous range (distribution: uniform or log_uniform_values)`,
    );
  }

  /**
   * `batch:` and `startup:` of `method: bayes` (null for another method, where they are refused). Startup is at most
   * `samples` (default min(10, samples)). Adaptive replicates are refused: their rounds and TPE's would both decide
   * what runs next from the same results; a fixed count of replicates is averaged per configuration.
   */
  bayes(batchEntry: MapEntry | undefined, startupEntry: MapEntry | undefined, method: Sweep['method'] | null, samples: number | null, replicatesEntry: MapEntry | undefined, adaptive: AdaptiveReplicates | null): BayesSettings | null {
    if (method !== 'bayes') {
      for (const entry of [batchEntry, startupEntry])
        if (entry !== undefined && method !== null) this.issues.add(entry.keyPos, entry.key, `${entry.key} applies to method: bayes only (it sets TPE's rounds)`, null, `no ${entry.key}, or method: bayes`);
      return null;
    }
    if (adaptive !== null && replicatesEntry !== undefined)
      this.issues.add(
        replicatesEntry.value.pos,
        'replicates',
        'method: bayes takes a fixed number of replicates: its rounds propose configurations from the finished results, and adaptive replicates would add runs to the same rounds',
        `{ min: ${adaptive.min}, max: ${adaptive.max} }`,
        `replicates: ${adaptive.min} (every configuration's mean over its replicates is what TPE sees), or method: grid, random or quasirandom`,
      );
    const batch = this.setting(batchEntry, 'batch', sweepSettings.batch) as number;
    const startup = startupEntry === undefined ? Math.min(sweepSettings.startup.default, samples ?? 1) : (this.setting(startupEntry, 'startup', sweepSettings.startup) as number);
    if (startupEntry !== undefined && samples !== null && startup > samples)
      this.issues.add(startupEntry.value.pos, 'startup', `startup is more than samples (${samples}): the startup points are part of the configurations sampled`, String(startup), `startup ≤ ${samples}`);
    return { batch, startup };
  }

  /**
   * `early_terminate: { type, min_budget, eta }` (null without it). The budget it cuts short is train:'s, the same for
   * every configuration (a swept budget is refused: the rungs would mean different things); at least two rungs.
   * Refused with adaptive replicates (both would decide what runs next from the same results), with Hyperband on a
   * grid (its brackets split the configurations in the search's order, and a grid's order is its layout), and with
   * bayes's `batch:` under Hyperband (its brackets are the rounds).
   */
  earlyTerminate(
    entry: MapEntry | undefined,
    context: { method: Sweep['method'] | null; adaptive: AdaptiveReplicates | null; replicatesEntry: MapEntry | undefined; batchEntry: MapEntry | undefined; parameters: readonly SweepParameter[]; configs: readonly ResolvedConfig[] },
  ): EarlyTerminate | null {
    if (entry === undefined) return null;
    const node = entry.value;
    const keys = Object.keys(earlyTerminateSettings);
    if (node.kind !== 'map') {
      this.issues.add(node.pos, 'early_terminate', 'wrong type', describeNode(node), '{ type: hyperband | successive_halving, min_budget: an integer, eta: an integer ≥ 2 }');
      return null;
    }
    const before = this.issues.count;
    const meantKeys = new Set<string>();
    for (const [key, keyEntry] of node.entries) {
      if (keys.includes(key)) continue;
      const meant = EARLY_TERMINATE_SYNONYMS[key.toLowerCase().replace(/[-_ ]/g, '')];
      if (meant !== undefined && keys.includes(meant)) meantKeys.add(meant);
      this.issues.add(keyEntry.keyPos, `early_terminate.${key}`, `unknown key '${key}'${meant !== undefined && keys.includes(meant) ? `; did you mean '${meant}'?` : didYouMean(key, keys)}`, null, oneOf(keys));
    }
    const typeNode = node.entries.get('type')?.value;
    if (typeNode === undefined) this.issues.add(node.pos, 'early_terminate.type', 'missing: which early termination to run', null, `type: ${describeAccepted(earlyTerminateSettings.type)}`);
    else if (typeNode.kind === 'scalar' && typeof typeNode.value === 'string') {
      const meant = EARLY_TERMINATE_SYNONYMS[typeNode.value.toLowerCase().replace(/[-_ ]/g, '')];
      if (meant !== undefined && meant !== typeNode.value)
        this.issues.add(typeNode.pos, 'early_terminate.type', `unknown choice; did you mean '${meant}'${typeNode.value.toLowerCase() === 'asha' ? ' (synchronous: every rung waits for its results)' : ''}?`, describeNode(typeNode), describeAccepted(earlyTerminateSettings.type));
    }
    if (!node.entries.has('min_budget') && !meantKeys.has('min_budget')) // another tool's name for it is reported above
      this.issues.add(node.pos, 'early_terminate.min_budget', "missing: the first rung's budget", null, `min_budget: ${describeAccepted(earlyTerminateSettings.min_budget)}, in the unit of train: (epochs, steps or examples)`);
    if (this.issues.count > before) return null;
    const type = this.setting(node.entries.get('type'), 'early_terminate.type', earlyTerminateSettings.type) as EarlyTerminate['type'];
    const minBudget = this.setting(node.entries.get('min_budget'), 'early_terminate.min_budget', earlyTerminateSettings.min_budget) as number;
    const eta = this.setting(node.entries.get('eta'), 'early_terminate.eta', earlyTerminateSettings.eta) as number;
    if (this.issues.count > before) return null;

    const { method, adaptive, replicatesEntry, batchEntry, parameters, configs } = context;
    if (adaptive !== null && replicatesEntry !== undefined)
      this.issues.add(replicatesEntry.value.pos, 'replicates', 'early termination takes a fixed number of replicates: its rungs and adaptive replicates would both decide what runs next from the same results', `{ min: ${adaptive.min}, max: ${adaptive.max} }`, `replicates: ${adaptive.min} (a configuration is judged at each rung by the mean of its replicates)`);
    if (type === 'hyperband' && method === 'grid')
      this.issues.add(
        typeNode!.pos,
        'early_terminate.type',
        "Hyperband splits the configurations among its brackets in the search's order, and a grid's order is its layout (the first parameter's values would all land in one bracket)",
        'hyperband',
        'type: successive_halving (every configuration of the grid in one bracket), or method: random, quasirandom or bayes',
      );
    if (type === 'hyperband' && method === 'bayes' && batchEntry !== undefined)
      this.issues.add(batchEntry.keyPos, 'batch', "with Hyperband, each round of TPE's proposals is one of its brackets, sized by Hyperband", null, 'no batch (or type: successive_halving, which makes each round of batch configurations a bracket)');
    const swept = parameters.find((parameter) => parameter.path[0] === 'train' && (BUDGETS as readonly string[]).includes(parameter.path[1]));
    if (swept !== undefined) {
      this.issues.add(swept.keyPos, `parameters.${swept.key}`, 'early termination cuts short one budget, the same for every configuration; a swept budget would give its rungs different meanings', null, `one train.${swept.path[1]} for the whole sweep, or no early_terminate`);
      return null;
    }
    const budget = configs.length > 0 ? fullBudgetOf(configs[0]) : null;
    if (budget === null) return null;
    if (minBudget >= budget.value) {
      const minNode = node.entries.get('min_budget')!.value;
      this.issues.add(minNode.pos, 'early_terminate.min_budget', `min_budget is not below the full budget (train.${budget.unit}: ${budget.value}): early termination needs at least two rungs`, String(minBudget), `min_budget < ${budget.value}, in ${budget.unit}`);
    }
    if (this.issues.count > before) return null;
    return { type, minBudget, eta, unit: budget.unit, fullBudget: budget.value };
  }

  /** `replicates: 5` (exactly five), or `replicates: { min, max, step }` (adaptive; see adaptiveReplicateSettings). */
  replicates(entry: MapEntry | undefined): { replicates: number; adaptive: AdaptiveReplicates | null } {
    const fixed = { replicates: sweepSettings.replicates.default, adaptive: null };
    if (entry === undefined || entry.value.kind === 'scalar') return { replicates: this.setting(entry, 'replicates', sweepSettings.replicates) as number, adaptive: null };
    const node = entry.value;
    if (node.kind !== 'map') {
      this.issues.add(node.pos, 'replicates', 'wrong type', describeNode(node), ADAPTIVE_EXPECTED);
      return fixed;
    }
    const keys = Object.keys(adaptiveReplicateSettings);
    for (const [key, keyEntry] of node.entries) {
      if (!keys.includes(key)) this.issues.add(keyEntry.keyPos, `replicates.${key}`, `unknown key '${key}'${didYouMean(key, keys)}`, null, oneOf(keys));
    }
    const before = this.issues.count;
    const bound = (key: 'min' | 'max'): number => {
      const given = node.entries.get(key);
      if (given === undefined) this.issues.add(node.pos, `replicates.${key}`, `missing: adaptive replicates need min and max`, null, `${key}: ${describeAccepted(adaptiveReplicateSettings[key])}`);
      return this.setting(given, `replicates.${key}`, adaptiveReplicateSettings[key]) as number;
    };
    const min = bound('min');
    const max = bound('max');
    const step = this.setting(node.entries.get('step'), 'replicates.step', adaptiveReplicateSettings.step) as number;
    if (this.issues.count > before) return fixed;
    if (min > max) this.issues.add(node.entries.get('min')!.value.pos, 'replicates.min', 'min is larger than max', `min ${min}, max ${max}`, 'min ≤ max');
    else if (max < REPLICATES_TO_DECIDE_A_DIRECTION)
      this.issues.add(
        node.entries.get('max')!.value.pos,
        'replicates.max',
        `with at most ${max} replicates no rank test can reach p ≤ 0.05 (2/2ⁿ), so no configuration could ever be called better or worse`,
        String(max),
        `max ≥ ${REPLICATES_TO_DECIDE_A_DIRECTION}, or a fixed count (replicates: ${max})`,
      );
    return { replicates: min, adaptive: { min, max, step } };
  }

  /** The sweep's name: its `name:` key, else the file name without its extension; checked by the one name rule (sweepName.ts). */
  name(entry: MapEntry | undefined, file: string, rootPos: Position): string {
    if (entry !== undefined) {
      const node = entry.value;
      const value = node.kind === 'scalar' && typeof node.value === 'string' ? node.value : null;
      const problem = value === null ? 'is not a text' : nameProblem(value);
      if (problem !== null) this.issues.add(node.pos, 'name', `the sweep name ${problem}`, value === null ? describeNode(node) : JSON.stringify(shortName(value)), NAME_RULE);
      return value ?? 'sweep';
    }
    const fromFile = (file.split(/[\\/]/).pop() ?? '').replace(/\.[^.]*$/, '');
    const problem = nameProblem(fromFile);
    if (problem !== null) this.issues.add(rootPos, 'name', `the file name gives the sweep name ${showName(fromFile)}, which ${problem}; add a name: key with a name of your own`, null, NAME_RULE);
    return fromFile;
  }

  description(entry: MapEntry | undefined): string | null {
    if (entry === undefined) return null;
    const node = entry.value;
    if (node.kind === 'scalar' && (typeof node.value === 'string' || node.value === null)) return node.value;
    this.issues.add(node.pos, 'description', 'wrong type', describeNode(node), 'a line of text');
    return null;
  }

  samples(entry: MapEntry | undefined, method: Sweep['method'] | null, rootPos: Position): number | null {
    if (method === null) return entry === undefined ? null : (this.setting(entry, 'samples', sweepSettings.samples) as number);
    if (method === 'grid') {
      if (entry !== undefined) this.issues.add(entry.keyPos, 'samples', 'samples applies to method: random, quasirandom or bayes only (a grid runs every combination)', null, 'no samples, or method: random, quasirandom or bayes');
      return null;
    }
    if (entry === undefined) {
      this.issues.add(rootPos, 'samples', `missing: ${method} search needs the number of configurations to draw`, null, 'samples: an integer in [1, ∞)');
      return null;
    }
    return this.setting(entry, 'samples', sweepSettings.samples) as number;
  }

  plugins(entry: MapEntry | undefined): string[] {
    if (entry === undefined) return [];
    const node = entry.value;
    const expected = 'a list of plugin paths (relative to this file) or package names';
    if (node.kind !== 'seq') {
      this.issues.add(node.pos, 'plugins', 'wrong type', describeNode(node, { stringsAsType: true }), expected);
      return [];
    }
    const specs: string[] = [];
    node.items.forEach((item, i) => {
      if (item.kind === 'scalar' && typeof item.value === 'string' && item.value.trim() !== '') specs.push(item.value);
      else this.issues.add(item.pos, `plugins.${i}`, 'not a plugin path or package name', describeNode(item), 'a non-empty string');
    });
    return specs;
  }

  /** The well-formed parameters; malformed ones are reported and left out of the combination checks. */
  parameters(entry: MapEntry | undefined, method: Sweep['method'] | null): SweepParameter[] {
    if (entry === undefined) return [];
    const node = entry.value;
    if (node.kind === 'scalar' && node.value === null) return [];
    if (node.kind !== 'map') {
      this.issues.add(node.pos, 'parameters', 'wrong type', describeNode(node, { stringsAsType: true }), 'a mapping of dotted keys to { values: [...] }');
      return [];
    }
    const parameters: SweepParameter[] = [];
    for (const [key, parameterEntry] of node.entries) {
      const parameter = this.parameter(key, parameterEntry, method);
      if (parameter !== null) parameters.push(parameter);
    }
    return parameters;
  }

  private parameter(key: string, entry: MapEntry, method: Sweep['method'] | null): SweepParameter | null {
    const path = key.split('.');
    const where = `parameters.${key}`;
    const before = this.issues.count;
    const report = (at: Position, subpath: string, message: string, got: string | null = null, expected: string | null = null) =>
      this.issues.add(at, subpath === '' ? where : `${where}.${subpath}`, message, got, expected);

    if (path.some((segment) => segment === '')) report(entry.keyPos, '', 'not a dotted key path', JSON.stringify(key), 'keys joined by dots, like optimizer.lr');
    else if (path[0] === 'metric') report(entry.keyPos, '', 'the metric is one per sweep and cannot be swept', null, `a key under ${SWEEPABLE_SECTIONS.join(', ')}`);
    else if ((SWEEP_KEYS as readonly string[]).includes(path[0]))
      report(entry.keyPos, '', `'${path[0]}' is a property of the sweep, not a search dimension${path[0] === 'seed' ? ' (use replicates: for more seeds)' : ''}`, null, `a key under ${SWEEPABLE_SECTIONS.join(', ')}`);
    else if (!SWEEPABLE_SECTIONS.includes(path[0]))
      report(entry.keyPos, '', `unknown key '${path[0]}'${didYouMean(path[0], SWEEPABLE_SECTIONS)}`, null, `a key under ${SWEEPABLE_SECTIONS.join(', ')}`);

    const spec = entry.value;
    if (spec.kind !== 'map') {
      report(spec.pos, '', 'wrong type', describeNode(spec, { stringsAsType: true }), '{ values: [...] }, { value: x } or { distribution: ..., min: ..., max: ... }');
      return null;
    }
    for (const [specKey, specEntry] of spec.entries) {
      if (!PARAMETER_KEYS.includes(specKey)) report(specEntry.keyPos, specKey, `unknown key '${specKey}'${didYouMean(specKey, PARAMETER_KEYS)}`, null, oneOf(PARAMETER_KEYS));
    }
    const get = (k: string): MapEntry | undefined => spec.entries.get(k);
    const [values, value, distribution, min, max] = PARAMETER_KEYS.map(get);

    if (value !== undefined) {
      for (const other of [values, distribution, min, max])
        if (other !== undefined) report(other.keyPos, other.key, `value: fixes the key to one value; ${other.key}: does not go with it`, null, 'value: alone');
      return this.issues.count > before ? null : { key, path, keyPos: entry.keyPos, kind: 'values', values: [value.value] };
    }

    let kind: string | null = null;
    if (distribution !== undefined) {
      const d = distribution.value;
      if (d.kind !== 'scalar' || typeof d.value !== 'string') report(d.pos, 'distribution', 'wrong type', describeNode(d, { stringsAsType: true }), oneOf(DISTRIBUTIONS));
      else if (!(DISTRIBUTIONS as readonly string[]).includes(d.value)) report(d.pos, 'distribution', `unknown distribution${didYouMean(d.value, DISTRIBUTIONS)}`, JSON.stringify(d.value), oneOf(DISTRIBUTIONS));
      else kind = d.value;
      if (kind !== null && kind !== 'categorical' && method === 'grid')
        report(d.pos, 'distribution', `a grid takes values: [...]; distribution ${kind} needs method: random or quasirandom`, JSON.stringify(kind), 'values: [...], or method: random or quasirandom');
    }

    if (values !== undefined || kind === 'categorical') {
      for (const other of [min, max]) if (other !== undefined) report(other.keyPos, other.key, `${other.key}: is for number ranges; it does not go with values:`, null, 'values: alone');
      if (values === undefined) {
        report(spec.pos, 'values', 'missing: distribution categorical picks from values: [...]', null, 'values: [a, b, ...]');
        return null;
      }
      if (kind !== null && kind !== 'categorical') report(values.keyPos, 'values', `values: does not go with distribution ${kind}`, null, 'values: alone, or distribution: categorical');
      const list = values.value;
      if (list.kind !== 'seq') report(list.pos, 'values', 'wrong type', describeNode(list, { stringsAsType: true }), 'a list of values, like [0.01, 0.1]');
      else if (list.items.length === 0) report(list.pos, 'values', 'empty grid: nothing to try', 'an empty list', 'at least one value');
      if (this.issues.count > before || list.kind !== 'seq') return null;
      return { key, path, keyPos: entry.keyPos, kind: 'values', values: [...list.items] };
    }

    if (distribution === undefined) {
      if (min !== undefined || max !== undefined)
        report(spec.pos, 'distribution', 'missing: min and max need a distribution', null, 'distribution: uniform, log_uniform_values or int_uniform');
      else report(spec.pos, '', 'missing: what values to try', null, '{ values: [...] }, { value: x } or { distribution: ..., min: ..., max: ... }');
      return null;
    }
    if (kind === null) return null;
    const range = this.range(kind as NumberDistribution, spec, min, max, report);
    if (range === null || this.issues.count > before) return null;
    return { key, path, keyPos: entry.keyPos, kind: kind as NumberDistribution, ...range, distributionPos: distribution.value.pos };
  }

  private range(
    kind: NumberDistribution,
    spec: SweepNode,
    min: MapEntry | undefined,
    max: MapEntry | undefined,
    report: (at: Position, subpath: string, message: string, got?: string | null, expected?: string | null) => void,
  ): { min: number; max: number; minPos: Position; maxPos: Position } | null {
    const expected = kind === 'int_uniform' ? 'an integer' : 'a finite number';
    const bound = (entry: MapEntry | undefined, label: string): number | null => {
      if (entry === undefined) {
        report(spec.pos, label, `missing: distribution ${kind} needs min and max`, null, expected);
        return null;
      }
      const node = entry.value;
      const ok = node.kind === 'scalar' && typeof node.value === 'number' && Number.isFinite(node.value) && (kind !== 'int_uniform' || Number.isInteger(node.value));
      if (!ok) report(node.pos, label, node.kind === 'scalar' && typeof node.value === 'number' ? `not ${expected}` : 'wrong type', describeNode(node, { stringsAsType: true }), expected);
      return ok ? ((node as ScalarNode).value as number) : null;
    };
    const low = bound(min, 'min');
    const high = bound(max, 'max');
    if (low === null || high === null || min === undefined || max === undefined) return null;
    if (low > high) {
      report(min.value.pos, 'min', 'min is larger than max', `min ${low}, max ${high}`, 'min ≤ max');
      return null;
    }
    if (kind === 'log_uniform_values' && low <= 0) {
      report(min.value.pos, 'min', 'log_uniform_values needs a positive min (it draws exp(uniform(log min, log max)))', String(low), 'min > 0');
      return null;
    }
    return { min: low, max: high, minPos: min.value.pos, maxPos: max.value.pos };
  }
}

/** The budget train: gives a configuration: its unit and value. */
function fullBudgetOf(config: ResolvedConfig): { unit: BudgetUnit; value: number } | null {
  for (const unit of BUDGETS) {
    const value = (config.train as Record<string, unknown>)[unit];
    if (typeof value === 'number') return { unit, value };
  }
  return null;
}
