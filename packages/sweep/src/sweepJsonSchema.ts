import type { Catalog } from './catalog.js';
import { configDeclaration, SWEEPABLE_SECTIONS } from './configDeclaration.js';
import { dottedKeys, objectSchema, settingSchema, type JsonSchema } from './declare/jsonSchema.js';
import { adaptiveReplicateSettings, DISTRIBUTIONS, earlyTerminateSettings, METHODS, sweepSettings } from './sweepSettings.js';
import { claimSettings } from './claims.js';
import { NAME_RULE, namePattern } from './sweepName.js';

export type { JsonSchema };

/**
 * A JSON Schema (draft 2020-12) of the sweep format with the catalog's names as enums, for editors
 * (`pnpm exp schema`). The configuration's sections derive from `configDeclaration`, the same value the
 * validator reads. It catches what a schema can (unknown keys, names, types, declared ranges);
 * `validateSweep` remains the judge (batch size against the dataset, losses against tasks, swept values).
 */
export function sweepJsonSchema(catalog: Catalog): JsonSchema {
  const sections = objectSchema(configDeclaration, catalog);
  // problem and train stay under $defs, where earlier versions of this schema put them, so an editor
  // setting that points at `#/$defs/train` keeps working.
  const { problem, train, ...otherSections } = sections.properties as Record<string, JsonSchema>;
  const sweepable = Object.fromEntries(SWEEPABLE_SECTIONS.map((key) => [key, configDeclaration[key as keyof typeof configDeclaration]]));
  return {
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    title: 'Descent sweep',
    description: 'A sweep: a base configuration and the parameters to vary (W&B sweep grammar).',
    type: 'object',
    additionalProperties: false,
    required: sections.required,
    properties: {
      name: { type: 'string', pattern: namePattern(), description: `folder name of the sweep (default: the file name): ${NAME_RULE}` },
      description: { type: ['string', 'null'] },
      seed: settingSchema(sweepSettings.seed),
      replicates: {
        description: sweepSettings.replicates.description,
        oneOf: [
          settingSchema(sweepSettings.replicates),
          {
            type: 'object',
            additionalProperties: false,
            required: ['min', 'max'],
            properties: Object.fromEntries(Object.entries(adaptiveReplicateSettings).map(([key, setting]) => [key, settingSchema(setting)])),
          },
        ],
      },
      method: settingSchema(sweepSettings.method),
      samples: settingSchema(sweepSettings.samples),
      batch: settingSchema(sweepSettings.batch),
      startup: withoutDefault(settingSchema(sweepSettings.startup)),
      early_terminate: {
        description: 'stop configurations early at rungs of growing budget (min_budget, min_budget·eta, …, the full budget); the best 1/eta of each rung go on',
        type: 'object',
        additionalProperties: false,
        required: ['type', 'min_budget'],
        properties: Object.fromEntries(Object.entries(earlyTerminateSettings).map(([key, setting]) => [key, settingSchema(setting)])),
      },
      pairing: settingSchema(sweepSettings.pairing),
      delta: withoutDefault(settingSchema(sweepSettings.delta)),
      plugins: { type: 'array', items: { type: 'string', minLength: 1 }, description: 'optimizer plugins: paths relative to this file, or package names' },
      problem: { $ref: '#/$defs/problem' },
      ...otherSections,
      train: { $ref: '#/$defs/train' },
      claims: { type: 'array', items: { $ref: '#/$defs/claim' }, description: 'what the sweep is meant to show, checked by `exp check`' },
      parameters: {
        type: 'object',
        propertyNames: { pattern: `^(${SWEEPABLE_SECTIONS.join('|')})(\\.[^.]+)*$` },
        properties: Object.fromEntries(dottedKeys(sweepable, catalog).map((key) => [key, { $ref: '#/$defs/parameter' }])),
        additionalProperties: { $ref: '#/$defs/parameter' },
      },
    },
    // Random and quasirandom search must say how many configurations to draw.
    if: { properties: { method: { enum: METHODS.filter((method) => method !== 'grid') } }, required: ['method'] },
    then: { required: ['samples'] },
    $defs: {
      problem,
      train,
      claim: {
        type: 'object',
        additionalProperties: false,
        required: ['claim', 'metric', 'a', 'b', 'expect'],
        properties: {
          claim: { type: 'string', minLength: 1, description: claimSettings.claim.description },
          metric: withoutDefault(settingSchema(claimSettings.metric)),
          a: { type: 'object', minProperties: 1, description: 'dotted keys of the configuration and the values that select one side' },
          b: { type: 'object', minProperties: 1, description: 'the other side, paired with a on every other varied key' },
          expect: withoutDefault(settingSchema(claimSettings.expect)),
          where: { type: 'object', description: 'both sides restricted to these values' },
        },
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

/**
 * A key with no default (a required key, or `delta:` whose absence means the default rule): leave the
 * declaration's placeholder out, so an editor does not offer it as one.
 */
function withoutDefault({ default: _unused, ...schema }: JsonSchema): JsonSchema {
  return schema;
}
