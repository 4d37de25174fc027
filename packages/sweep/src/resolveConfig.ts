import type {
  Activation,
  DatasetConfig,
  DatasetProblem,
  Initializer,
  LandscapeConfig,
  LossName,
  MetricConfig,
  OptimizerConfig,
  ProblemConfig,
  ResolvedConfig,
  Scalar,
  ScheduleConfig,
  TrainConfig,
} from './config.js';
import { splitSizes, type Catalog, type CatalogDataset, type CatalogSetting, type CatalogSettings, type DatasetContext } from './catalog.js';
import {
  BUDGETS,
  DATASET_METRICS,
  DEFAULT_HIDDEN,
  hiddenUnitsSetting,
  LANDSCAPE_METRICS,
  landscapeNoiseSetting,
  lossSetting,
  metricGoalSetting,
  metricTargetSetting,
  modelSettings,
  testFractionSetting,
  trainSettings,
} from './configSettings.js';
import { didYouMean, oneOf } from '@descent/settings';
import type { IssueCollector } from './issue.js';
import { settingIssue } from './settingIssue.js';
import { describeNode, type MapEntry, type MapNode, type Position, type SweepNode } from './tree.js';

/** The sections of a sweep that make up a run's configuration (and the only roots `parameters` may address). */
export const CONFIG_SECTIONS = ['problem', 'optimizer', 'schedule', 'train', 'metric'] as const;

export const DEFAULT_OPTIMIZER = 'sgd';
export const DEFAULT_SCHEDULE = 'constant';

const DEFAULT_LOSS: Record<DatasetTask, LossName> = { binary: 'bce', multiclass: 'cross_entropy', regression: 'squared_error' };

/**
 * Check one configuration (the base sections with one combination of parameter values laid over them)
 * and fill in every default. Problems go to `problems` with the position each value was written at;
 * the result is null when this configuration had any.
 */
export function resolveConfig(tree: MapNode, seed: number, catalog: Catalog, context: DatasetContext, problems: IssueCollector): ResolvedConfig | null {
  return new ConfigResolver(catalog, context, problems).resolve(tree, seed);
}

/** What the later sections need to know about the problem. */
interface ProblemFacts {
  config: ProblemConfig;
  /** Training and test set sizes, with a sentence explaining them; null for a landscape. */
  split: { train: number; test: number; explained: string } | null;
  task: DatasetTask | null;
}

type DatasetTask = ReturnType<CatalogDataset['task']>;

interface Named<T> {
  item: T;
  name: string;
  entries: ReadonlyMap<string, MapEntry>;
  /** The declared settings, each the value written or its default, as fresh own properties. */
  values: Record<string, Scalar>;
  /** Every written setting passed its declaration (unknown keys aside), so `values` is what the user meant. */
  valuesAccepted: boolean;
}

const join = (path: string, key: string): string => (path === '' ? key : `${path}.${key}`);

class ConfigResolver {
  private reported = 0;

  constructor(
    private readonly catalog: Catalog,
    private readonly context: DatasetContext,
    private readonly problems: IssueCollector,
  ) {}

  resolve(tree: MapNode, seed: number): ResolvedConfig | null {
    const section = (key: string): SweepNode | undefined => tree.entries.get(key)?.value;
    const problem = this.problem(section('problem'), tree.pos);
    const optimizer = this.optimizer(section('optimizer') ?? emptyMap(tree.pos));
    const schedule = this.schedule(section('schedule') ?? emptyMap(tree.pos));
    // Known from the keys alone, so budget and metric are checked even when the problem itself has mistakes.
    const kind = problemKind(section('problem'));
    const train = this.train(section('train'), tree.pos, kind, problem);
    const metric = this.metric(section('metric') ?? emptyMap(tree.pos), kind, problem);
    if (this.reported > 0 || problem === null || optimizer === null || schedule === null || train === null || metric === null) return null;
    const source = this.catalog.optimizerSource(optimizer.name);
    return { seed, problem: problem.config, optimizer, schedule, train, metric, plugins: source === null ? [] : [source] };
  }

  private report(at: Position, path: string, message: string, got: string | null = null, expected: string | null = null): void {
    this.reported++;
    this.problems.add(at, path, message, got, expected);
  }

  /** The entries of a mapping, after reporting every key not in `known`. Null (reported) when the node is not a mapping. */
  private mapping(node: SweepNode, path: string, known: readonly string[], unknownKey: (key: string) => string): ReadonlyMap<string, MapEntry> | null {
    if (node.kind !== 'map') {
      this.report(node.pos, path, 'wrong type', describeNode(node, { stringsAsType: true }), 'a mapping');
      return null;
    }
    for (const [key, entry] of node.entries) {
      if (!known.includes(key)) this.report(entry.keyPos, join(path, key), `${unknownKey(key)}${didYouMean(key, known)}`, null, oneOf(known));
    }
    return node.entries;
  }

  /** The value of a declared setting: the one written if acceptable, else (reported) the default. */
  private setting(entry: MapEntry | undefined, path: string, setting: CatalogSetting): Scalar {
    if (entry === undefined) return setting.default;
    const issue = settingIssue(setting, entry.value);
    if (issue !== null) {
      this.report(issue.at ?? entry.value.pos, path, issue.message, issue.got, issue.expected);
      return setting.default;
    }
    return (entry.value as { value: Scalar }).value;
  }

  /** Declared settings as a fresh object (never the parsed one), each written value checked. */
  private settings(entries: ReadonlyMap<string, MapEntry>, path: string, settings: CatalogSettings): Record<string, Scalar> {
    return Object.fromEntries(Object.keys(settings).map((key) => [key, this.setting(entries.get(key), join(path, key), settings[key])]));
  }

  /**
   * A section chosen by name from a registry (`optimizer: { name: adam, ... }`): finds the entry, then
   * checks the other keys against that entry's own declarations.
   */
  private named<T>(
    node: SweepNode,
    path: string,
    what: string,
    registry: { names: readonly string[]; get(name: string): T | undefined; settings(item: T): CatalogSettings; noun: string },
    extraKeys: readonly string[],
    defaultName?: string,
  ): Named<T> | null {
    if (node.kind !== 'map') {
      this.report(node.pos, path, 'wrong type', describeNode(node, { stringsAsType: true }), `a mapping like { name: ${registry.names[0] ?? 'x'}, ... }`);
      return null;
    }
    const nameEntry = node.entries.get('name');
    let name: string;
    if (nameEntry === undefined) {
      if (defaultName === undefined) {
        this.report(node.pos, join(path, 'name'), `missing: which ${what}`, null, oneOf(registry.names));
        return null;
      }
      name = defaultName;
    } else if (nameEntry.value.kind !== 'scalar' || typeof nameEntry.value.value !== 'string') {
      this.report(nameEntry.value.pos, join(path, 'name'), 'wrong type', describeNode(nameEntry.value), `the name of ${what === 'optimizer' ? 'an' : 'a'} ${what}: ${oneOf(registry.names)}`);
      return null;
    } else name = nameEntry.value.value;
    const item = registry.names.includes(name) ? registry.get(name) : undefined;
    if (item === undefined) {
      const at = nameEntry?.value.pos ?? node.pos;
      const written = nameEntry === undefined ? ` (the default ${what} '${name}' is not registered)` : '';
      this.report(at, join(path, 'name'), `unknown ${what} '${name}'${written}${didYouMean(name, registry.names)}`, JSON.stringify(name), oneOf(registry.names));
      return null;
    }
    const declared = registry.settings(item);
    const known = ['name', ...extraKeys, ...Object.keys(declared)];
    const entries = this.mapping(node, path, known, (key) => `${what} '${name}' has no ${registry.noun} '${key}'`)!;
    const before = this.reported;
    const values = this.settings(entries, path, declared);
    return { item, name, entries, values, valuesAccepted: this.reported === before };
  }

  private problem(node: SweepNode | undefined, rootPos: Position): ProblemFacts | null {
    const shape = 'problem: { dataset: { name: ... } } or problem: { landscape: { name: ... } }';
    if (node === undefined) {
      this.report(rootPos, 'problem', 'missing: what to train on', null, shape);
      return null;
    }
    const entries = this.mapping(node, 'problem', ['dataset', 'model', 'loss', 'landscape'], (key) => `unknown key '${key}'`);
    if (entries === null) return null;
    const dataset = entries.get('dataset');
    const landscape = entries.get('landscape');
    if (dataset !== undefined && landscape !== undefined) {
      this.report(landscape.keyPos, 'problem.landscape', 'a problem is a dataset or a landscape, not both', null, 'one of dataset, landscape');
      return null;
    }
    if (landscape !== undefined) {
      for (const key of ['model', 'loss']) {
        const entry = entries.get(key);
        if (entry !== undefined) this.report(entry.keyPos, `problem.${key}`, `a landscape has no ${key} (model and loss belong to datasets)`);
      }
      return this.landscape(landscape.value);
    }
    if (dataset === undefined) {
      this.report(node.pos, 'problem', 'missing: a dataset or a landscape', null, shape);
      return null;
    }
    return this.dataset(dataset.value, entries.get('model'), entries.get('loss'));
  }

  private dataset(node: SweepNode, modelEntry: MapEntry | undefined, lossEntry: MapEntry | undefined): ProblemFacts | null {
    const path = 'problem.dataset';
    const datasets = this.catalog.datasets;
    const found = this.named(
      node,
      path,
      'dataset',
      { names: datasets.map((d) => d.name), get: (name) => datasets.find((d) => d.name === name), settings: (d) => d.settings, noun: 'setting' },
      ['test_fraction'],
    );
    const model = modelEntry === undefined ? { hidden: [...DEFAULT_HIDDEN], activation: 'tanh' as Activation, output: 'identity' as Activation, init: 'xavier' as Initializer } : this.model(modelEntry.value);
    if (found === null) return null;
    const { item: dataset, name, entries, values } = found;
    const beforeFraction = this.reported;
    const testFraction = this.setting(entries.get('test_fraction'), join(path, 'test_fraction'), testFractionSetting) as number;
    // A dataset's own functions see only settings that passed their declarations.
    if (!found.valuesAccepted || this.reported > beforeFraction) return null;
    let size: number;
    let outputDim: number;
    let task: DatasetTask;
    try {
      size = dataset.size(values, this.context);
      outputDim = dataset.outputDim(values, this.context);
      task = dataset.task(values, this.context);
    } catch (error) {
      // A dataset that reads a file (csv) learns its size only from the file, and explains itself when it cannot.
      const reason = error instanceof Error ? error.message : String(error);
      this.report(node.pos, path, reason.includes(`'${name}'`) ? reason : `dataset '${name}': ${reason}`);
      return null;
    }
    const { train, test } = splitSizes(size, testFraction);
    const explained = `${name} has ${size} examples; test_fraction ${testFraction} holds out ${test}, leaving ${train} for training`;
    if (train < 1) this.report(entries.get('test_fraction')?.value.pos ?? node.pos, join(path, 'test_fraction'), 'leaves no training examples', String(testFraction), `a smaller fraction (${explained})`);

    const loss = this.loss(lossEntry, task, name, outputDim, node.pos);
    if (model === null || loss === null) return null;
    const config: DatasetConfig = { name, test_fraction: testFraction, ...values };
    const problem: DatasetProblem = { kind: 'dataset', dataset: config, model, loss };
    return { config: problem, split: { train, test, explained }, task };
  }

  private model(node: SweepNode): DatasetProblem['model'] | null {
    const path = 'problem.model';
    const before = this.reported;
    const entries = this.mapping(node, path, ['hidden', ...Object.keys(modelSettings)], (key) => `unknown key '${key}'`);
    if (entries === null) return null;
    const hidden = this.hidden(entries.get('hidden'));
    const values = this.settings(entries, path, modelSettings);
    if (hidden === null || this.reported > before) return null;
    return { hidden, activation: values.activation as Activation, output: values.output as Activation, init: values.init as Initializer };
  }

  private hidden(entry: MapEntry | undefined): number[] | null {
    if (entry === undefined) return [...DEFAULT_HIDDEN];
    const path = 'problem.model.hidden';
    if (entry.value.kind !== 'seq') {
      this.report(entry.value.pos, path, 'wrong type', describeNode(entry.value, { stringsAsType: true }), 'a list of hidden layer sizes, like [16] or [32, 32] ([] for none)');
      return null;
    }
    const sizes: number[] = [];
    entry.value.items.forEach((item, i) => {
      const issue = settingIssue(hiddenUnitsSetting, item);
      if (issue !== null) this.report(item.pos, `${path}.${i}`, issue.message, issue.got, issue.expected);
      else sizes.push((item as { value: number }).value);
    });
    return sizes.length === entry.value.items.length ? sizes : null;
  }

  private loss(entry: MapEntry | undefined, task: DatasetTask, name: string, outputDim: number, datasetPos: Position): LossName | null {
    const loss = (entry === undefined ? DEFAULT_LOSS[task] : this.setting(entry, 'problem.loss', lossSetting)) as LossName;
    const at = entry?.value.pos ?? datasetPos;
    const chosen = entry === undefined ? `the default loss for a ${task} dataset, ${loss},` : loss;
    if (loss === 'bce' && (task !== 'binary' || outputDim !== 1)) {
      this.report(at, 'problem.loss', `${chosen} needs a binary dataset with one output; '${name}' is ${task} with ${outputDim} outputs`, JSON.stringify(loss), task === 'multiclass' ? 'cross_entropy' : 'squared_error');
      return null;
    }
    // Multiclass targets are integer labels; squared error would need them one-hot encoded, which the
    // training loop does not do, so it is refused rather than trained on labels read as numbers.
    if (loss === 'squared_error' && task === 'multiclass') {
      this.report(at, 'problem.loss', `${chosen} needs real-valued targets; '${name}' is multiclass (integer class labels)`, JSON.stringify(loss), 'cross_entropy');
      return null;
    }
    if (loss === 'cross_entropy' && task !== 'multiclass') {
      this.report(at, 'problem.loss', `${chosen} needs a multiclass dataset; '${name}' is ${task}`, JSON.stringify(loss), task === 'binary' ? 'bce or squared_error' : 'squared_error');
      return null;
    }
    return loss;
  }

  private landscape(node: SweepNode): ProblemFacts | null {
    const path = 'problem.landscape';
    const landscapes = this.catalog.landscapes;
    const found = this.named(
      node,
      path,
      'landscape',
      { names: landscapes.map((l) => l.name), get: (name) => landscapes.find((l) => l.name === name), settings: (l) => l.settings, noun: 'setting' },
      ['start', 'noise'],
    );
    if (found === null) return null;
    const start = this.start(found.entries.get('start'), found.item.start);
    const noise = this.setting(found.entries.get('noise'), join(path, 'noise'), landscapeNoiseSetting) as number;
    if (start === null) return null;
    const config: LandscapeConfig = { name: found.name, start, noise, ...found.values };
    return { config: { kind: 'landscape', landscape: config }, split: null, task: null };
  }

  private start(entry: MapEntry | undefined, fallback: [number, number]): [number, number] | null {
    if (entry === undefined) return [fallback[0], fallback[1]];
    const node = entry.value;
    const isPoint = node.kind === 'seq' && node.items.length === 2 && node.items.every((item) => item.kind === 'scalar' && typeof item.value === 'number' && Number.isFinite(item.value));
    if (!isPoint) {
      this.report(node.pos, 'problem.landscape.start', 'not a starting point', describeNode(node, { stringsAsType: true }), 'a point [x, y] of two finite numbers');
      return null;
    }
    const [x, y] = node.items.map((item) => (item as { value: number }).value);
    return [x, y];
  }

  private optimizer(node: SweepNode): OptimizerConfig | null {
    const optimizers = this.catalog.optimizers;
    const found = this.named(
      node,
      'optimizer',
      'optimizer',
      { names: optimizers.names(), get: (name) => optimizers.get(name), settings: (o) => o.hyperparameters, noun: 'hyperparameter' },
      [],
      DEFAULT_OPTIMIZER,
    );
    return found === null ? null : { name: found.name, ...found.values };
  }

  private schedule(node: SweepNode): ScheduleConfig | null {
    const schedules = this.catalog.schedules;
    const found = this.named(
      node,
      'schedule',
      'schedule',
      // Object.hasOwn: `constructor` must not find Object.prototype.constructor in a plain record.
      { names: Object.keys(schedules), get: (name) => (Object.hasOwn(schedules, name) ? schedules[name] : undefined), settings: (s) => s, noun: 'setting' },
      [],
      DEFAULT_SCHEDULE,
    );
    return found === null ? null : ({ name: found.name, ...found.values } as ScheduleConfig);
  }

  private train(node: SweepNode | undefined, rootPos: Position, kind: ProblemConfig['kind'] | null, problem: ProblemFacts | null): TrainConfig | null {
    const path = 'train';
    const isLandscape = kind === 'landscape';
    const budgets = isLandscape ? BUDGETS.filter((b) => b !== 'epochs') : [...BUDGETS];
    if (node === undefined) {
      this.report(rootPos, path, 'missing: how long to train', null, `train: { batch_size: ..., ${budgets.join(' | ')}: ... }`);
      return null;
    }
    const before = this.reported;
    const entries = this.mapping(node, path, Object.keys(trainSettings), (key) => `unknown key '${key}'`);
    if (entries === null) return null;
    const values = this.settings(entries, path, trainSettings);

    const written = BUDGETS.filter((b) => entries.has(b));
    if (written.length === 0) this.report(node.pos, path, 'missing a budget', null, `exactly one of ${budgets.join(', ')}`);
    for (const extra of written.slice(1)) this.report(entries.get(extra)!.keyPos, join(path, extra), `only one budget: ${written[0]} is already set`, null, `exactly one of ${budgets.join(', ')}`);
    if (isLandscape && entries.has('epochs'))
      this.report(entries.get('epochs')!.keyPos, join(path, 'epochs'), 'a landscape has no epochs (there is no dataset to pass over)', null, 'steps or examples');

    const batch = entries.get('batch_size');
    const split = problem?.split ?? null;
    if (split !== null && batch === undefined)
      this.report(node.pos, join(path, 'batch_size'), 'missing: examples per step', null, `an integer in [1, ${split.train}]`);
    const batchSize = values.batch_size as number;
    const batchWellFormed = batch !== undefined && settingIssue(trainSettings.batch_size, batch.value) === null;
    if (split !== null && batch !== undefined && batchWellFormed && batchSize > split.train)
      this.report(batch.value.pos, join(path, 'batch_size'), 'larger than the training set', String(batchSize), `an integer in [1, ${split.train}] (${split.explained})`);

    if (this.reported > before || written.length !== 1) return null;
    const budget = written[0];
    return { batch_size: batchSize, [budget]: values[budget], diverge_factor: values.diverge_factor as number, max_points: values.max_points as number };
  }

  private metric(node: SweepNode, kind: ProblemConfig['kind'] | null, problem: ProblemFacts | null): MetricConfig | null {
    const path = 'metric';
    const entries = this.mapping(node, path, ['name', 'goal', 'target'], (key) => `unknown key '${key}'`);
    if (entries === null || kind === null) return null;
    const before = this.reported;
    const names: readonly string[] = kind === 'landscape' ? LANDSCAPE_METRICS : DATASET_METRICS;
    const split = problem?.split ?? null;
    const testSetEmpty = split !== null && split.test === 0;
    // With nothing held out there is no test loss to watch; the training loss is the only honest default.
    const defaultName = kind === 'landscape' ? 'loss' : testSetEmpty ? 'train_loss' : 'test_loss';
    const nameEntry = entries.get('name');
    let name = defaultName;
    if (nameEntry !== undefined) {
      const written = nameEntry.value;
      if (written.kind !== 'scalar' || typeof written.value !== 'string') this.report(written.pos, join(path, 'name'), 'wrong type', describeNode(written, { stringsAsType: true }), oneOf(names));
      else if (!names.includes(written.value))
        this.report(written.pos, join(path, 'name'), `not a metric of a ${kind} problem${didYouMean(written.value, names)}`, JSON.stringify(written.value), oneOf(names));
      else name = written.value;
    }
    if (this.reported === before && nameEntry !== undefined) {
      if (name.startsWith('test_') && testSetEmpty)
        this.report(nameEntry.value.pos, join(path, 'name'), `the test set is empty (${split.explained})`, JSON.stringify(name), 'a train_ metric, or a larger test_fraction');
      if (name.endsWith('_accuracy') && problem?.task === 'regression')
        this.report(nameEntry.value.pos, join(path, 'name'), 'a regression dataset has no accuracy', JSON.stringify(name), 'train_loss or test_loss');
    }
    const goalDefault = name.endsWith('_accuracy') ? 'maximize' : 'minimize';
    const goal = this.setting(entries.get('goal'), join(path, 'goal'), { ...metricGoalSetting, default: goalDefault }) as MetricConfig['goal'];
    const targetEntry = entries.get('target');
    const targetIsNull = targetEntry === undefined || (targetEntry.value.kind === 'scalar' && targetEntry.value.value === null);
    const target = targetIsNull ? null : (this.setting(targetEntry, join(path, 'target'), metricTargetSetting) as number);
    return this.reported > before || problem === null ? null : { name, goal, target };
  }
}

function problemKind(node: SweepNode | undefined): ProblemConfig['kind'] | null {
  if (node?.kind !== 'map') return null;
  const hasDataset = node.entries.has('dataset');
  const hasLandscape = node.entries.has('landscape');
  return hasDataset === hasLandscape ? null : hasDataset ? 'dataset' : 'landscape';
}

function emptyMap(pos: Position): MapNode {
  return { kind: 'map', entries: new Map(), pos };
}
