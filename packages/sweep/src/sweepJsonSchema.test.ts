import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { invalidSweeps } from './_invalidSweeps.js';
import { testCatalog } from './_testCatalog.js';
import { formatIssue, parseSweepText, sweepJsonSchema, validateSweep, type JsonSchema } from './index.js';
import { namePattern } from './sweepName.js';

/**
 * A small JSON Schema checker for the keywords the sweep schema uses. It is written here, apart from
 * the code under test, so the schema is checked by what the keywords mean, not by how it was built.
 */
function errors(schema: JsonSchema | boolean, value: unknown, root: JsonSchema, at = '$'): string[] {
  if (schema === true) return [];
  if (schema === false) return [`${at}: nothing is allowed here`];
  if (typeof schema.$ref === 'string') return errors(resolve(root, schema.$ref), value, root, at);
  const out: string[] = [];
  const isObject = typeof value === 'object' && value !== null && !Array.isArray(value);
  const typeOf = (v: unknown) => (v === null ? 'null' : Array.isArray(v) ? 'array' : Number.isInteger(v) ? 'integer' : typeof v);
  if (schema.type !== undefined) {
    const types = ([] as unknown[]).concat(schema.type);
    const actual = typeOf(value);
    if (!types.includes(actual) && !(actual === 'integer' && types.includes('number'))) out.push(`${at}: ${actual} is not ${types.join('|')}`);
  }
  if (Array.isArray(schema.enum) && !schema.enum.includes(value)) out.push(`${at}: ${JSON.stringify(value)} not in enum`);
  if ('const' in schema && schema.const !== value) out.push(`${at}: ${JSON.stringify(value)} is not ${JSON.stringify(schema.const)}`);
  if (typeof value === 'number') {
    if (typeof schema.minimum === 'number' && value < schema.minimum) out.push(`${at}: below minimum`);
    if (typeof schema.exclusiveMinimum === 'number' && value <= schema.exclusiveMinimum) out.push(`${at}: not above exclusiveMinimum`);
    if (typeof schema.maximum === 'number' && value > schema.maximum) out.push(`${at}: above maximum`);
    if (typeof schema.exclusiveMaximum === 'number' && value >= schema.exclusiveMaximum) out.push(`${at}: not below exclusiveMaximum`);
  }
  if (typeof value === 'string' && typeof schema.pattern === 'string' && !new RegExp(schema.pattern, 'u').test(value)) out.push(`${at}: does not match ${schema.pattern}`);
  if (Array.isArray(value)) {
    if (typeof schema.minItems === 'number' && value.length < schema.minItems) out.push(`${at}: too few items`);
    if (typeof schema.maxItems === 'number' && value.length > schema.maxItems) out.push(`${at}: too many items`);
    if (schema.items !== undefined) value.forEach((item, i) => out.push(...errors(schema.items as JsonSchema, item, root, `${at}[${i}]`)));
  }
  if (isObject) {
    const record = value as Record<string, unknown>;
    const properties = (schema.properties ?? {}) as Record<string, JsonSchema>;
    for (const key of (schema.required ?? []) as string[]) if (!(key in record)) out.push(`${at}: missing ${key}`);
    if (typeof schema.minProperties === 'number' && Object.keys(record).length < schema.minProperties) out.push(`${at}: too few properties`);
    for (const [key, child] of Object.entries(record)) {
      if (schema.propertyNames !== undefined) out.push(...errors(schema.propertyNames as JsonSchema, key, root, `${at} key ${key}`));
      if (Object.hasOwn(properties, key)) out.push(...errors(properties[key], child, root, `${at}.${key}`));
      else if (schema.additionalProperties !== undefined) out.push(...errors(schema.additionalProperties as JsonSchema, child, root, `${at}.${key}`));
    }
  }
  if (Array.isArray(schema.anyOf) && !schema.anyOf.some((s) => errors(s, value, root, at).length === 0)) out.push(`${at}: matches none of anyOf`);
  if (Array.isArray(schema.oneOf) && schema.oneOf.filter((s) => errors(s, value, root, at).length === 0).length !== 1) out.push(`${at}: does not match exactly one of oneOf`);
  if (schema.not !== undefined && errors(schema.not as JsonSchema, value, root, at).length === 0) out.push(`${at}: matches not`);
  if (schema.if !== undefined && errors(schema.if as JsonSchema, value, root, at).length === 0 && schema.then !== undefined) out.push(...errors(schema.then as JsonSchema, value, root, at));
  return out;
}

function resolve(root: JsonSchema, ref: string): JsonSchema {
  const path = ref.replace(/^#\//, '').split('/');
  return path.reduce<JsonSchema>((node, key) => node[key] as JsonSchema, root);
}

const schema = sweepJsonSchema(testCatalog);
const check = (yamlText: string) => errors(schema, parse(yamlText), schema);

const GOOD_SWEEPS = {
  momentum: `
name: momentum
description: Momentum on two moons
seed: 42
replicates: 3
method: grid
plugins: [../plugins/signum.ts]
metric: { name: test_loss, goal: minimize, target: 0.3 }
problem:
  dataset: { name: moons, size: 1000, noise: 0.2, test_fraction: 0.25 }
  model: { hidden: [16], activation: tanh, output: identity, init: xavier }
  loss: bce
optimizer: { name: momentum, lr: 0.1, momentum: 0.9 }
schedule: { name: constant }
train: { batch_size: 32, epochs: 20 }
parameters:
  optimizer.lr: { values: [0.01, 0.03, 0.1, 0.3] }
  optimizer.momentum: { values: [0, 0.5, 0.9] }
  optimizer: { values: [ { name: sgd, lr: 0.5 }, { name: adam, lr: 0.01 } ] }
`,
  bayes: `
method: bayes
samples: 30
startup: 8
batch: 4
replicates: 2
problem: { landscape: { name: ravine, noise: 0.5 } }
optimizer: { name: momentum, lr: 0.1 }
train: { steps: 200 }
parameters:
  optimizer.lr: { distribution: log_uniform_values, min: 0.001, max: 1 }
  optimizer.momentum: { distribution: uniform, min: 0, max: 0.99 }
  train.batch_size: { values: [1, 8] }
`,
  random: `
method: random
samples: 20
problem: { landscape: { name: ravine, noise: 0.5, start: [-4, 1] } }
optimizer: { lr: 0.1 }
train: { steps: 200 }
parameters:
  optimizer.lr: { distribution: log_uniform_values, min: 0.001, max: 1 }
  train.batch_size: { distribution: int_uniform, min: 1, max: 64 }
  optimizer.name: { distribution: categorical, values: [sgd, momentum] }
  schedule.name: { value: cosine }
`,
  quasirandom: `
method: quasirandom
samples: 32
problem: { dataset: { name: moons } }
optimizer: { name: momentum }
train: { epochs: 1 }
parameters:
  optimizer.lr: { distribution: log_uniform_values, min: 0.001, max: 1 }
  optimizer.momentum: { distribution: uniform, min: 0, max: 0.99 }
`,
};

describe('sweepJsonSchema', () => {
  it('is a draft 2020-12 schema that forbids unknown top-level keys and requires a problem and a budget', () => {
    expect(schema.$schema).toBe('https://json-schema.org/draft/2020-12/schema');
    expect(schema.additionalProperties).toBe(false);
    expect(schema.required).toEqual(['problem', 'train']);
  });

  it('lists the catalog’s names as enums / consts', () => {
    const props = schema.properties as Record<string, JsonSchema>;
    const names = (branches: JsonSchema) => (branches.anyOf as JsonSchema[]).map((b) => ((b.properties as Record<string, JsonSchema>).name as JsonSchema).const);
    expect(names(props.optimizer)).toEqual(['sgd', 'momentum', 'adam', 'signum']);
    expect(names(props.schedule)).toEqual(['constant', 'step', 'cosine', 'warmup']);
    const problem = (schema.$defs as Record<string, JsonSchema>).problem.properties as Record<string, JsonSchema>;
    expect(names(problem.dataset)).toEqual(['moons', 'blobs', 'xor', 'sine', 'csv']);
    expect(names(problem.landscape)).toEqual(['ravine', 'rosenbrock']);
  });

  it('turns declared ranges into minimum / exclusive bounds', () => {
    const momentum = (schema.properties as Record<string, JsonSchema>).optimizer.anyOf as JsonSchema[];
    expect((momentum[1].properties as Record<string, JsonSchema>).momentum).toMatchObject({ type: 'number', minimum: 0, exclusiveMaximum: 1, default: 0.9 });
    expect((momentum[1].properties as Record<string, JsonSchema>).lr).toMatchObject({ type: 'number', exclusiveMinimum: 0 });
  });

  it.each(Object.entries(GOOD_SWEEPS))('accepts the %s example', (_, text) => {
    expect(check(text)).toEqual([]);
  });

  it('rejects unknown keys, unknown names, out-of-range values and a random search without samples', () => {
    const base = 'problem: { dataset: { name: moons } }\ntrain: { epochs: 1 }';
    expect(check(`${base}\noptimiser: {}`)).toContain('$.optimiser: nothing is allowed here');
    expect(check('problem: { dataset: { name: moon } }\ntrain: { epochs: 1 }')).toContain('$.problem.dataset: matches none of anyOf');
    expect(check(`${base}\noptimizer: { name: momentum, momentum: 1 }`)).toContain('$.optimizer: matches none of anyOf');
    expect(check(`${base}\noptimizer: { name: momentum, momentum: 0.5 }`)).toEqual([]);
    expect(check('problem: { dataset: { name: moons } }\ntrain: { epochs: 1, steps: 2 }')).toContain('$.train: does not match exactly one of oneOf');
    expect(check('method: random\nproblem: { dataset: { name: moons } }\ntrain: { epochs: 1 }')).toContain('$: missing samples');
    expect(check('method: quasirandom\nproblem: { dataset: { name: moons } }\ntrain: { epochs: 1 }')).toContain('$: missing samples');
    expect(check('method: bayes\nproblem: { dataset: { name: moons } }\ntrain: { epochs: 1 }')).toContain('$: missing samples');
    expect(check('method: bayes\nsamples: 4\nbatch: 0\nproblem: { dataset: { name: moons } }\ntrain: { epochs: 1 }')).toContain('$.batch: below minimum');
    expect(check(`${base}\nparameters:\n  optimizer.lr: { vals: [1] }`)).toContain('$.parameters.optimizer.lr.vals: nothing is allowed here');
    expect(check(`${base}\nparameters:\n  seed: { values: [1] }`)).toContain('$.parameters key seed: does not match ^(problem|optimizer|schedule|train)(\\.[^.]+)*$');
    for (const name of ['../up', 'index.html', 'compare', 'nul', 'x'.repeat(101)]) expect(check(`name: ${name}\n${base}`)).toEqual([`$.name: does not match ${namePattern()}`]);
    expect(check(`name: index2\n${base}`)).toEqual([]);
  });

  it('knows delta: a positive number, with no default to offer (without it the verdicts take the default rule)', () => {
    const base = 'problem: { dataset: { name: moons } }\ntrain: { epochs: 1 }';
    expect((schema.properties as Record<string, JsonSchema>).delta).toMatchObject({ type: 'number', exclusiveMinimum: 0 });
    expect((schema.properties as Record<string, JsonSchema>).delta).not.toHaveProperty('default');
    expect(check(`${base}\ndelta: 0.01`)).toEqual([]);
    expect(check(`${base}\ndelta: 0`)).toEqual(['$.delta: not above exclusiveMinimum']);
  });

  it('knows the claims grammar: the metrics, the directions and the keys of a claim', () => {
    const base = 'problem: { dataset: { name: moons } }\ntrain: { epochs: 1 }\nclaims:';
    const claim = '  - { claim: x, metric: final_metric, a: { optimizer.lr: 0.1 }, b: { optimizer.lr: 0.01 }, expect: a < b }';
    expect(check(`${base}\n${claim}`)).toEqual([]);
    expect(check(`${base}\n${claim.replace('final_metric', 'final_metrc')}`)).toContain('$.claims[0].metric: "final_metrc" not in enum');
    expect(check(`${base}\n${claim.replace('a < b', 'a << b')}`)).toContain('$.claims[0].expect: "a << b" not in enum');
    expect(check(`${base}\n${claim.replace('expect: a < b }', 'expect: a < b, wher: {} }')}`)).toContain('$.claims[0].wher: nothing is allowed here');
  });
});

/** Mistakes in the YAML text itself: there is no data yet for a schema to look at. */
const YAML_TEXT_MISTAKES = ['a duplicate key', 'two YAML documents'];

/**
 * Mistakes the validator finds that the schema does not state, each with why: they need the catalog's
 * functions (a dataset's size or task), a rule across keys (configRules.ts), or the values of `parameters:`
 * laid over the base configuration (a schema sees the file's shape, not the configurations it expands to).
 */
const LEFT_TO_THE_VALIDATOR: Record<string, string> = {
  'a batch larger than the training set': "needs the dataset's size, a function of its settings",
  'epochs for a landscape': 'a rule across keys: which budgets exist depends on the problem',
  'a dataset metric for a landscape': 'a rule across keys: which metrics exist depends on the problem',
  'a residual MLP with unequal hidden widths': 'a rule across keys: equal widths are needed by kind residual_mlp only',
  'layer_norm on a plain MLP': 'a rule across keys: layer_norm needs kind residual_mlp',
  'bce for a multiclass dataset': "needs the dataset's task, a function of its settings",
  'squared error for a multiclass dataset': "needs the dataset's task, a function of its settings",
  'a distribution in a grid': 'a rule across keys: distributions need method: random',
  'more quasirandom samples than distinct configurations': 'counts the configurations the parameters allow',
  'min above max': 'compares two values',
  'a bayes startup above samples': 'compares two values',
  'batch for a quasirandom search': 'a rule across keys: batch needs method: bayes',
  'bayes with adaptive replicates': 'a rule across keys: adaptive replicates need a method other than bayes',
  'a min_budget as large as the budget': 'compares two values',
  'Hyperband on a grid': 'a rule across keys: Hyperband needs a method other than grid',
  'a swept budget under early termination': 'a rule across keys: early termination fixes the budget',
  'adaptive replicates under early termination': 'a rule across keys: early termination takes a fixed count of replicates',
  'log_uniform_values from 0': 'a rule across keys: the bound depends on the distribution',
  'a continuous distribution for an integer setting': 'the swept key is judged in the configurations it expands to',
  "'constructor' as a dotted parameter key": 'the swept key is judged in the configurations it expands to',
  'a misspelt key inside a subtree value': 'the swept values are judged in the configurations they expand to',
  'a base hyperparameter the swept optimizer lacks': 'the swept values are judged in the configurations they expand to',
  'a swept batch size too large for a swept dataset size': "needs the dataset's size in each configuration",
  'a dataset that rejects its settings itself': 'the dataset checks its own settings (csv needs a path) when asked its size',
};

describe('sweepJsonSchema, checked by a real JSON Schema validator (ajv, draft 2020-12)', () => {
  const validate = new Ajv2020({ allErrors: true }).compile(schema);
  const accepts = (text: string): boolean => validate(parse(text));

  it.each(Object.entries(GOOD_SWEEPS))('accepts the %s example', (_, text) => {
    expect(accepts(text), JSON.stringify(validate.errors)).toBe(true);
  });

  const expressible = invalidSweeps.filter(({ name }) => !YAML_TEXT_MISTAKES.includes(name) && !Object.hasOwn(LEFT_TO_THE_VALIDATOR, name));
  it.each(expressible)('refuses what the validator refuses: $name', ({ text }) => {
    expect(accepts(text)).toBe(false);
  });

  // If the schema learns to catch one of these, move it to the list above.
  it.each(Object.keys(LEFT_TO_THE_VALIDATOR))('accepts, leaving it to the validator: %s', (name) => {
    const found = invalidSweeps.find((c) => c.name === name);
    expect(found, `no invalid sweep is named ${name}`).toBeDefined();
    expect(accepts(found!.text)).toBe(true);
  });
});

describe('sweepJsonSchema and validateSweep name the same keys', () => {
  /** The keys an unknown-key message says would be accepted at `at` (`expected one of a, b, c`). */
  function acceptedKeys(text: string): string[] {
    const result = validateSweep(parseSweepText(text, 'x.yaml'), 'x.yaml', testCatalog);
    const line = 'issues' in result ? result.issues.map(formatIssue).find((l) => l.includes('unknown key')) : undefined;
    return (line?.match(/expected one of (.*)\)$/)?.[1] ?? '').split(', ');
  }

  it('at the top level', () => {
    const keys = acceptedKeys('problem: { dataset: { name: moons } }\ntrain: { epochs: 1 }\nnot_a_key: 1');
    expect(Object.keys(schema.properties as JsonSchema).sort()).toEqual(keys.sort());
  });

  it('in every plain section', () => {
    const defs = schema.$defs as Record<string, JsonSchema>;
    const model = ((defs.problem.properties as Record<string, JsonSchema>).model as JsonSchema).properties as JsonSchema;
    expect(Object.keys(model)).toEqual(acceptedKeys('problem: { dataset: { name: moons }, model: { not_a_key: 1 } }\ntrain: { epochs: 1 }'));
    expect(Object.keys(defs.problem.properties as JsonSchema)).toEqual(acceptedKeys('problem: { dataset: { name: moons }, not_a_key: 1 }\ntrain: { epochs: 1 }'));
    expect(Object.keys(defs.train.properties as JsonSchema)).toEqual(acceptedKeys('problem: { dataset: { name: moons } }\ntrain: { epochs: 1, not_a_key: 1 }'));
    const metric = ((schema.properties as Record<string, JsonSchema>).metric as JsonSchema).properties as JsonSchema;
    expect(Object.keys(metric)).toEqual(acceptedKeys('problem: { dataset: { name: moons } }\ntrain: { epochs: 1 }\nmetric: { not_a_key: 1 }'));
  });
});
