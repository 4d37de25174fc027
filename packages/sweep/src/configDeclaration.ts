import { didYouMean, oneOf, type Settings } from '@descent/settings';
import type { Catalog, CatalogDataset, CatalogLandscape, CatalogOptimizer } from './catalog.js';
import { resolvedDataset, type ConfigFacts, type DatasetTask } from './configFacts.js';
import { custom, list, named, object, setting, variant, type RegistryView } from './declare/nodes.js';
import { describeNode } from './tree.js';

/**
 * The sweep configuration, declared once: every section a run's configuration is made of, with each
 * key's type, default, range and description. The TypeScript types (config.ts), the positioned
 * validator (resolveConfig.ts) and the JSON Schema for editors (sweepJsonSchema.ts) all derive from
 * `configDeclaration`; what no single key can say lives in configRules.ts.
 */

export const ACTIVATIONS = ['sigmoid', 'tanh', 'relu', 'leaky_relu', 'identity'] as const;
export const INITIALIZERS = ['uniform', 'xavier', 'he'] as const;
/** mlp: linear layers with an activation after each; residual_mlp: the same layers with x + f(x) around each hidden-to-hidden one. */
export const MODEL_KINDS = ['mlp', 'residual_mlp'] as const;
/** squared_error: ½·mean((ŷ − y)²) as in the lecture; bce: binary cross-entropy from logits; cross_entropy: softmax cross-entropy with integer labels. */
export const LOSSES = ['squared_error', 'bce', 'cross_entropy'] as const;
export const DATASET_METRICS = ['train_loss', 'test_loss', 'train_accuracy', 'test_accuracy', 'validation_loss', 'validation_accuracy'] as const;
export const LANDSCAPE_METRICS = ['loss'] as const;
export const BUDGETS = ['epochs', 'steps', 'examples'] as const;

export const DEFAULT_OPTIMIZER = 'sgd';
export const DEFAULT_SCHEDULE = 'constant';
const DEFAULT_LOSS: Record<DatasetTask, (typeof LOSSES)[number]> = { binary: 'bce', multiclass: 'cross_entropy', regression: 'squared_error' };

const PROBLEM_SHAPE = 'problem: { dataset: { name: ... } } or problem: { landscape: { name: ... } }';

/** The budgets a run may set: a landscape has no dataset to pass over, so no epochs. */
export const budgetsFor = (facts: ConfigFacts): readonly string[] => (facts.kind === 'landscape' ? BUDGETS.filter((b) => b !== 'epochs') : BUDGETS);

const problemKindKnown = (facts: ConfigFacts): boolean => facts.kind !== null;

// ---- The registries a section picks from (passed in as the Catalog) ----

const datasets = (catalog: Catalog): RegistryView<CatalogDataset> => ({
  names: catalog.datasets.map((d) => d.name),
  get: (name) => catalog.datasets.find((d) => d.name === name),
  settings: (d) => d.settings,
});

const landscapes = (catalog: Catalog): RegistryView<CatalogLandscape> => ({
  names: catalog.landscapes.map((l) => l.name),
  get: (name) => catalog.landscapes.find((l) => l.name === name),
  settings: (l) => l.settings,
});

const optimizers = (catalog: Catalog): RegistryView<CatalogOptimizer> => ({
  names: catalog.optimizers.names(),
  get: (name) => catalog.optimizers.get(name),
  settings: (o) => o.hyperparameters,
});

const schedules = (catalog: Catalog): RegistryView<Settings> => ({
  names: Object.keys(catalog.schedules),
  // Object.hasOwn: `constructor` must not find Object.prototype.constructor in a plain record.
  get: (name) => (Object.hasOwn(catalog.schedules, name) ? catalog.schedules[name] : undefined),
  settings: (s) => s,
});

// ---- Values with rules of their own ----

/** A landscape's starting point [x, y]; without one, the landscape's own. */
const startingPoint = (fallback: readonly [number, number] | undefined) =>
  custom<[number, number]>({
    resolve(entry, { report }) {
      if (entry === undefined) return fallback === undefined ? undefined : [fallback[0], fallback[1]];
      const node = entry.value;
      if (node.kind === 'seq' && node.items.length === 2) {
        const [x, y] = node.items.map((item) => (item.kind === 'scalar' && typeof item.value === 'number' && Number.isFinite(item.value) ? item.value : null));
        if (x !== null && y !== null) return [x, y];
      }
      report(node.pos, 'not a starting point', describeNode(node, { stringsAsType: true }), 'a point [x, y] of two finite numbers');
      return undefined;
    },
    jsonSchema: () => ({ type: 'array', items: { type: 'number' }, minItems: 2, maxItems: 2, description: `starting point [x, y] (default [${fallback?.join(', ')}])` }),
  });

/** The metric's name: which names exist depends on the kind of problem, and so does the default. */
const metricName = custom<string>({
  when: problemKindKnown,
  resolve(entry, { scope, report }) {
    const kind = scope.facts.kind;
    const names: readonly string[] = kind === 'landscape' ? LANDSCAPE_METRICS : DATASET_METRICS;
    if (entry === undefined) {
      // With nothing held out there is no test loss to watch; the training loss is the only honest default.
      const split = resolvedDataset(scope)?.split;
      return kind === 'landscape' ? 'loss' : split !== undefined && split.test === 0 ? 'train_loss' : 'test_loss';
    }
    const written = entry.value;
    if (written.kind !== 'scalar' || typeof written.value !== 'string') {
      report(written.pos, 'wrong type', describeNode(written, { stringsAsType: true }), oneOf(names));
      return undefined;
    }
    if (!names.includes(written.value)) {
      report(written.pos, `not a metric of a ${kind} problem${didYouMean(written.value, names)}`, JSON.stringify(written.value), oneOf(names));
      return undefined;
    }
    return written.value;
  },
  jsonSchema: () => ({ enum: [...DATASET_METRICS, ...LANDSCAPE_METRICS] }),
});

// ---- The sections ----

const model = object({
  // Omitted at mlp (and layer_norm at false), so every sweep written before other models existed keeps its run ids.
  kind: setting(
    { type: 'choice', default: 'mlp', choices: MODEL_KINDS, description: 'the network: mlp, or residual_mlp (the same layers with a skip x + f(x) around each hidden-to-hidden layer; equal hidden widths)' },
    { omittedAtDefault: true },
  ),
  /** Hidden layer sizes; input and output sizes come from the dataset. `[4]` is the lecture's network. */
  hidden: list(
    { type: 'integer', default: 16, min: 1, description: 'units in a hidden layer' },
    { default: [16], expected: 'a list of hidden layer sizes, like [16] or [32, 32] ([] for none)' },
  ),
  activation: setting({ type: 'choice', default: 'tanh', choices: ACTIVATIONS, description: 'activation of the hidden layers' }),
  /** 'identity' gives logits for bce / cross_entropy. */
  output: setting({ type: 'choice', default: 'identity', choices: ACTIVATIONS, description: "activation of the output layer ('identity' gives logits)" }),
  init: setting({ type: 'choice', default: 'xavier', choices: INITIALIZERS, description: 'weight initialisation' }),
  layer_norm: setting(
    { type: 'boolean', default: false, description: "residual_mlp only: normalise each block's input (x + act(W·layerNorm(x) + b)), with a learned gain and bias" },
    { omittedAtDefault: true },
  ),
});

const problem = variant(
  {
    dataset: {
      /** A dataset from the registry, with its own declared settings (size, noise, ...) filled in. */
      dataset: named({
        what: 'dataset',
        noun: 'setting',
        registry: datasets,
        extra: () => ({
          test_fraction: setting({ type: 'number', default: 0.2, min: 0, max: 1, maxExclusive: true, description: 'fraction of the examples held out for the test metrics' }),
          // Omitted at 0, so every sweep written before validation splits existed keeps its run ids.
          validation_fraction: setting(
            { type: 'number', default: 0, min: 0, max: 1, maxExclusive: true, description: 'fraction of the examples held out for the validation metrics (taken from the training rows; the test rows stay the same)' },
            { omittedAtDefault: true },
          ),
        }),
      }),
      model,
      // Judged against the dataset, so only once the dataset is known; its default follows the dataset's task.
      loss: setting(
        { type: 'choice', default: 'squared_error', choices: LOSSES, description: 'training loss' },
        { when: (facts) => facts.dataset !== null, dynamicDefault: ({ facts }) => DEFAULT_LOSS[facts.dataset!.task] },
      ),
    },
    landscape: {
      /** A 2-D function from the registry, with its own declared settings filled in. */
      landscape: named({
        what: 'landscape',
        noun: 'setting',
        registry: landscapes,
        extra: (entry) => ({
          start: startingPoint(entry?.start),
          /**
           * Per-example gradient noise σ. A step's gradient gets N(0, σ²/batch_size) noise per coordinate:
           * the mean of batch_size noisy per-example gradients (a mini-batch noise model). 0 = exact gradients.
           */
          noise: setting({ type: 'number', default: 0, min: 0, description: 'per-example gradient noise σ (a step gets N(0, σ²/batch_size) per coordinate)' }),
        }),
      }),
    },
  },
  {
    required: { message: 'missing: what to train on', expected: PROBLEM_SHAPE },
    both: 'a problem is a dataset or a landscape, not both',
    neither: { message: 'missing: a dataset or a landscape', expected: PROBLEM_SHAPE },
  },
);

/** Every declared hyperparameter of the optimizer (lr included), defaults filled in. */
const optimizer = named({ what: 'optimizer', noun: 'hyperparameter', registry: optimizers, defaultName: DEFAULT_OPTIMIZER });

/** A learning-rate schedule as data: multiplies the optimizer's `lr` at step t (0-based). */
const schedule = named({ what: 'schedule', noun: 'setting', registry: schedules, defaultName: DEFAULT_SCHEDULE });

const budget = (unit: string) => setting({ type: 'integer', default: 1, min: 1, description: `training budget in ${unit}` }, { optional: true });

const train = object(
  {
    /** Examples per step. For a dataset: 1 is SGD, the training-set size is full-batch gradient descent. */
    batch_size: setting({ type: 'integer', default: 1, min: 1, description: 'examples per step' }),
    // The budget: exactly one of epochs, steps, examples is set.
    epochs: budget('passes over the training set'),
    steps: budget('optimizer steps'),
    examples: budget('examples seen'),
    /** A loss above diverge_factor × the first loss (or non-finite) marks the run diverged. */
    diverge_factor: setting({ type: 'number', default: 1e3, min: 1, minExclusive: true, description: 'a loss above this × the first loss marks the run diverged' }),
    /** About this many points in the by-step series: sampled evenly, plus the last step and a landscape's first step at the target. */
    max_points: setting({ type: 'integer', default: 200, min: 2, description: 'at most this many points in the by-step series' }),
  },
  {
    required: { message: 'missing: how long to train', expected: (facts) => `train: { batch_size: ..., ${budgetsFor(facts).join(' | ')}: ... }` },
    exactlyOne: { keys: BUDGETS, noun: 'budget', among: budgetsFor },
  },
);

const metric = object({
  /** 'train_loss' | 'test_loss' | 'test_accuracy' | 'train_accuracy' | 'validation_loss' | 'validation_accuracy' (datasets); 'loss' for landscapes. */
  name: metricName,
  goal: setting(
    { type: 'choice', default: 'minimize', choices: ['minimize', 'maximize'] as const, description: 'whether lower or higher is better' },
    { when: problemKindKnown, dynamicDefault: ({ siblings }) => (String(siblings.name ?? '').endsWith('_accuracy') ? 'maximize' : 'minimize') },
  ),
  /** Value to reach for time-to-target, or null. */
  target: setting({ type: 'number', default: 0, description: 'value to reach for time-to-target (null for none)' }, { when: problemKindKnown, nullable: true }),
});

/** The sections of a run's configuration, in the order they are checked and written. */
export const configDeclaration = { problem, optimizer, schedule, train, metric };

/** The sections of a sweep that make up a run's configuration (and the only roots `parameters` may address). */
export const CONFIG_SECTIONS = Object.keys(configDeclaration) as (keyof typeof configDeclaration)[];

/** The metric is one per sweep (comparing runs needs one yardstick), so it is not a search dimension. */
export const SWEEPABLE_SECTIONS: readonly string[] = CONFIG_SECTIONS.filter((s) => s !== 'metric');
