import { oneOf } from '@descent/settings';
import { describe, expect, expectTypeOf, it } from 'vitest';
import { testCatalog } from './_testCatalog.js';
import { configDeclaration } from './configDeclaration.js';
import { configRules } from './configRules.js';
import { jsonSchemaOf } from './declare/jsonSchema.js';
import { setting, type Infer } from './declare/nodes.js';
import { resolveDeclared } from './declare/resolveDeclared.js';
import { formatIssue, parseSweepText, sweepJsonSchema, validateSweep, type JsonSchema, type MapNode, type TrainConfig } from './index.js';
import { IssueCollector } from './issue.js';

const LANDSCAPE = 'problem: { landscape: { name: ravine } }';
const trainFields = configDeclaration.train.fields;
const declaredKeys = Object.keys(trainFields) as (keyof typeof trainFields)[];

function issuesOf(text: string): string[] {
  const result = validateSweep(parseSweepText(text, 'bad.yaml'), 'bad.yaml', testCatalog);
  return 'issues' in result ? result.issues.map(formatIssue) : [];
}

describe('the train section: keys, schema and defaults all come from its one declaration', () => {
  it('accepts exactly the declared keys', () => {
    // "train: { steps: 1, " is 19 characters.
    expect(issuesOf(`${LANDSCAPE}\ntrain: { steps: 1, not_a_key: 1 }`)).toEqual([`bad.yaml:2:20: train.not_a_key: unknown key 'not_a_key' (expected ${oneOf(declaredKeys)})`]);
  });

  it('gives the JSON Schema the declared keys, each with its declaration', () => {
    const train = (sweepJsonSchema(testCatalog).$defs as Record<string, JsonSchema>).train;
    const properties = train.properties as Record<string, JsonSchema>;
    expect(Object.keys(properties)).toEqual(declaredKeys);
    for (const key of declaredKeys) {
      const declared = trainFields[key].setting;
      const bound = 'minExclusive' in declared ? 'exclusiveMinimum' : 'minimum';
      expect(properties[key]).toMatchObject({ type: declared.type, description: declared.description, default: declared.default, [bound]: declared.min });
    }
  });

  it('fills every declared default that is not a budget', () => {
    const parsed = parseSweepText(`${LANDSCAPE}\ntrain: { steps: 7 }`, 'ok.yaml');
    const result = validateSweep(parsed, 'ok.yaml', testCatalog);
    if ('issues' in result) throw new Error(result.issues.map(formatIssue).join('\n'));
    const tree = result.sweep.base;
    const resolved = resolveDeclared(configDeclaration, tree, environment(new IssueCollector('ok.yaml')));
    const expected = Object.fromEntries(declaredKeys.flatMap((key): [string, unknown][] => (key === 'steps' ? [[key, 7]] : 'optional' in trainFields[key] ? [] : [[key, trainFields[key].setting.default]])));
    expect(resolved?.train).toEqual(expected);
  });

  it('takes a setting added to the declaration everywhere at once: validator, defaults, schema and type', () => {
    const clipNorm = setting({ type: 'number', default: 0, min: 0, description: 'clip the gradient norm to this (0: no clipping)' });
    const train = { ...configDeclaration.train, fields: { ...trainFields, clip_norm: clipNorm } };
    const declaration = { ...configDeclaration, train };
    const resolve = (text: string) => {
      const issues = new IssueCollector('x.yaml');
      const config = resolveDeclared(declaration, parseSweepText(text, 'x.yaml').doc as MapNode, environment(issues));
      return { config, issues: issues.list().map(formatIssue) };
    };
    expect(resolve(`${LANDSCAPE}\ntrain: { steps: 1 }`).config?.train.clip_norm).toBe(0);
    expect(resolve(`${LANDSCAPE}\ntrain: { steps: 1, clip_norm: 5 }`).config?.train.clip_norm).toBe(5);
    // "train: { steps: 1, clip_norm: " is 30 characters.
    expect(resolve(`${LANDSCAPE}\ntrain: { steps: 1, clip_norm: -1 }`).issues).toEqual(['x.yaml:2:31: train.clip_norm: out of range (got -1; expected a finite number in [0, ∞))']);
    expect((jsonSchemaOf(train, testCatalog).properties as Record<string, JsonSchema>).clip_norm).toEqual({
      type: 'number',
      default: 0,
      description: 'clip the gradient norm to this (0: no clipping)',
      minimum: 0,
    });
    expectTypeOf<Infer<typeof train>>().toHaveProperty('clip_norm').toEqualTypeOf<number>();
  });

  it('infers the TypeScript type from the declaration', () => {
    expectTypeOf<TrainConfig>().toEqualTypeOf<{ batch_size: number; epochs?: number; steps?: number; examples?: number; diverge_factor: number; max_points: number }>();
  });
});

function environment(issues: IssueCollector) {
  return {
    catalog: testCatalog,
    context: { baseDir: '.' },
    facts: { kind: 'landscape' as const, dataset: null },
    rules: configRules,
    report: issues.add.bind(issues),
  };
}
