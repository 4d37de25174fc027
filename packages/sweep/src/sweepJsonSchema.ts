import type { Catalog, CatalogSetting, CatalogSettings } from './catalog.js';
import {
  DATASET_METRICS,
  DISTRIBUTIONS,
  hiddenUnitsSetting,
  LANDSCAPE_METRICS,
  landscapeNoiseSetting,
  lossSetting,
  metricGoalSetting,
  modelSettings,
  sweepSettings,
  testFractionSetting,
  trainSettings,
} from './configSettings.js';
import { DEFAULT_OPTIMIZER, DEFAULT_SCHEDULE } from './resolveConfig.js';

export type JsonSchema = { [keyword: string]: unknown };

/**
 * A JSON Schema (draft 2020-12) of the sweep format with the catalog's names as enums, for editors
 * (`pnpm exp schema`). It catches what a schema can (unknown keys, names, types, declared ranges);
 * `validateSweep` remains the judge (batch size against the dataset, one budget, swept values).
 */
export function sweepJsonSchema(catalog: Catalog): JsonSchema {
  const optimizers = catalog.optimizers.names().flatMap((name) => {
    const optimizer = catalog.optimizers.get(name);
    return optimizer === undefined ? [] : [namedBranch(name, optimizer.hyperparameters, {}, name !== DEFAULT_OPTIMIZER)];
  });
  const datasets = catalog.datasets.map((d) => namedBranch(d.name, d.settings, { test_fraction: settingSchema(testFractionSetting) }, true));
  const landscapes = catalog.landscapes.map((l) =>
    namedBranch(l.name, l.settings, { start: { type: 'array', items: { type: 'number' }, minItems: 2, maxItems: 2, description: `starting point [x, y] (default [${l.start.join(', ')}])` }, noise: settingSchema(landscapeNoiseSetting) }, true),
  );
  const schedules = Object.keys(catalog.schedules).map((name) => namedBranch(name, catalog.schedules[name], {}, name !== DEFAULT_SCHEDULE));

  return {
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    title: 'Descent sweep',
    description: 'A sweep: a base configuration and the parameters to vary (W&B sweep grammar).',
    type: 'object',
    additionalProperties: false,
    required: ['problem', 'train'],
    properties: {
      name: { type: 'string', pattern: '^(?!.*\\.\\.)[A-Za-z0-9][A-Za-z0-9._-]*$', description: 'folder name of the sweep (default: the file name)' },
      description: { type: ['string', 'null'] },
      seed: settingSchema(sweepSettings.seed),
      replicates: settingSchema(sweepSettings.replicates),
      method: settingSchema(sweepSettings.method),
      samples: settingSchema(sweepSettings.samples),
      plugins: { type: 'array', items: { type: 'string', minLength: 1 }, description: 'optimizer plugins: paths relative to this file, or package names' },
      metric: {
        type: 'object',
        additionalProperties: false,
        properties: {
          name: { enum: [...DATASET_METRICS, ...LANDSCAPE_METRICS] },
          goal: settingSchema(metricGoalSetting),
          target: { type: ['number', 'null'] },
        },
      },
      problem: { $ref: '#/$defs/problem' },
      optimizer: anyOf(optimizers),
      schedule: anyOf(schedules),
      train: { $ref: '#/$defs/train' },
      parameters: {
        type: 'object',
        propertyNames: { pattern: '^(problem|optimizer|schedule|train)(\\.[^.]+)*$' },
        properties: Object.fromEntries(knownDottedKeys(catalog).map((key) => [key, { $ref: '#/$defs/parameter' }])),
        additionalProperties: { $ref: '#/$defs/parameter' },
      },
    },
    // Random search must say how many configurations to draw.
    if: { properties: { method: { const: 'random' } }, required: ['method'] },
    then: { required: ['samples'] },
    $defs: {
      problem: {
        type: 'object',
        additionalProperties: false,
        properties: {
          dataset: anyOf(datasets),
          model: {
            type: 'object',
            additionalProperties: false,
            properties: { hidden: { type: 'array', items: settingSchema(hiddenUnitsSetting) }, ...settingsProperties(modelSettings) },
          },
          loss: settingSchema(lossSetting),
          landscape: anyOf(landscapes),
        },
        oneOf: [{ required: ['dataset'] }, { required: ['landscape'] }],
      },
      train: {
        type: 'object',
        additionalProperties: false,
        properties: settingsProperties(trainSettings),
        oneOf: [{ required: ['epochs'] }, { required: ['steps'] }, { required: ['examples'] }],
      },
      parameter: {
        type: 'object',
        additionalProperties: false,
        minProperties: 1,
        properties: {
          values: { type: 'array', minItems: 1 },
          value: {},
          distribution: { enum: [...DISTRIBUTIONS] },
          min: { type: 'number' },
          max: { type: 'number' },
        },
      },
    },
  };
}

/** One registry entry as an object whose `name` is that entry and whose other keys are its declarations. */
function namedBranch(name: string, settings: CatalogSettings, extra: Record<string, JsonSchema>, nameRequired: boolean): JsonSchema {
  return {
    type: 'object',
    additionalProperties: false,
    properties: { name: { const: name }, ...extra, ...settingsProperties(settings) },
    ...(nameRequired ? { required: ['name'] } : {}),
  };
}

function anyOf(branches: JsonSchema[]): JsonSchema {
  // An empty anyOf is not a valid schema; `false` (nothing matches) says the same.
  return branches.length === 0 ? { not: {} } : { anyOf: branches };
}

function settingsProperties(settings: CatalogSettings): Record<string, JsonSchema> {
  return Object.fromEntries(Object.entries(settings).map(([key, setting]) => [key, settingSchema(setting)]));
}

/** A declaration in JSON Schema words: ranges as minimum / exclusiveMinimum, choices as an enum. */
export function settingSchema(setting: CatalogSetting): JsonSchema {
  const common = { default: setting.default, description: setting.description };
  switch (setting.type) {
    case 'string':
      return { type: 'string', ...common };
    case 'boolean':
      return { type: 'boolean', ...common };
    case 'choice':
      return { enum: [...setting.choices], ...common };
    case 'number':
    case 'integer': {
      const schema: JsonSchema = { type: setting.type, ...common };
      if (setting.min !== undefined) schema[setting.minExclusive ? 'exclusiveMinimum' : 'minimum'] = setting.min;
      if (setting.max !== undefined) schema[setting.maxExclusive ? 'exclusiveMaximum' : 'maximum'] = setting.max;
      return schema;
    }
  }
}

/** Dotted keys editors can complete under `parameters:`. */
function knownDottedKeys(catalog: Catalog): string[] {
  const keys = new Set<string>(['problem', 'problem.dataset', 'problem.landscape', 'problem.model', 'problem.loss', 'optimizer', 'optimizer.name', 'schedule', 'schedule.name']);
  for (const name of catalog.optimizers.names()) for (const key of Object.keys(catalog.optimizers.get(name)?.hyperparameters ?? {})) keys.add(`optimizer.${key}`);
  for (const d of catalog.datasets) for (const key of ['name', 'test_fraction', ...Object.keys(d.settings)]) keys.add(`problem.dataset.${key}`);
  for (const l of catalog.landscapes) for (const key of ['name', 'start', 'noise', ...Object.keys(l.settings)]) keys.add(`problem.landscape.${key}`);
  for (const key of ['hidden', ...Object.keys(modelSettings)]) keys.add(`problem.model.${key}`);
  for (const key of Object.keys(catalog.schedules)) for (const setting of Object.keys(catalog.schedules[key])) keys.add(`schedule.${setting}`);
  for (const key of Object.keys(trainSettings)) keys.add(`train.${key}`);
  return [...keys];
}
