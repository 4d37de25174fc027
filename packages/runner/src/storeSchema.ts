import * as v from 'valibot';
import { METHODS, type Claim, type ResolvedConfig } from '@descent/sweep/stored';
import { RECORD_SCHEMA, RUN_STATUSES, type EpochPoint, type RunMeta, type RunRecord, type StepPoint, type SweepInfo, type TrajectoryPoint } from './types.js';

/**
 * The shapes the run store reads back (record.json, meta.json, sweep.json), as valibot schemas: a file that
 * does not match is damaged (truncated by a full disk, edited by hand, written by a broken tool), and the store
 * sets it apart instead of handing a reader something that crashes it later.
 *
 * The TypeScript types stay in types.ts (their comments document the format); the checks at the end of this
 * file fail to compile when a schema and its type drift apart. A record's `config` is checked where readers
 * look into it (problem kind and its function or dataset, optimizer and schedule names, metric, train,
 * plugins), not re-validated against the sweep grammar: its run id is its hash, which `exp verify` checks.
 */

/** Any JS number: a record keeps NaN and ±Infinity (json.ts decodes them), which valibot's number() refuses. */
const number = v.custom<number>((input) => typeof input === 'number', 'number');
const integer = v.custom<number>((input) => Number.isInteger(input), 'whole number');
const string = v.string('string');
const nullableNumber = v.nullable(number);

/**
 * An array of points whose fields are all numbers (or null where marked): the series of a record, thousands of
 * points per run. Checked by one loop rather than a valibot object per point, which made reading a sweep of
 * 2,000 runs a third slower; a bad point is named as valibot would (`steps[3].loss is a string, …`).
 */
type PointField = 'number' | 'nullable' | 'optional' | 'optional nullable';

function points<T extends object>(fields: Record<keyof T & string, PointField>) {
  const entries = Object.entries(fields) as [string, PointField][];
  return v.pipe(
    v.custom<T[]>((input) => Array.isArray(input), 'Array'),
    v.rawCheck<T[]>(({ dataset, addIssue }) => {
      if (!dataset.typed) return;
      const rows = dataset.value as unknown[];
      for (let i = 0; i < rows.length; i++) {
        const row = rows[i];
        const at: v.IssuePathItem = { type: 'array', origin: 'value', input: rows, key: i, value: row };
        if (row === null || typeof row !== 'object' || Array.isArray(row)) return addIssue({ input: row, expected: 'Object', path: [at] });
        for (const [key, kind] of entries) {
          const value = (row as Record<string, unknown>)[key];
          const nullable = kind === 'nullable' || kind === 'optional nullable';
          // An optional field (validation metrics) is left out, never written as undefined: `in` tells them apart.
          if (typeof value === 'number' || (value === null && nullable) || (kind.startsWith('optional') && !(key in row))) continue;
          const path: [v.IssuePathItem, v.IssuePathItem] = [at, { type: 'object', origin: 'value', input: row as Record<string, unknown>, key, value }];
          return addIssue({ input: value, expected: nullable ? '(number | null)' : 'number', path });
        }
      }
    }),
  );
}

const stepPoints = points<StepPoint>({ step: 'number', epoch: 'number', examples: 'number', loss: 'number', gradNorm: 'number', updateNorm: 'number' });
const epochPoints = points<EpochPoint>({
  epoch: 'number',
  step: 'number',
  examples: 'number',
  trainLoss: 'number',
  testLoss: 'number',
  trainAccuracy: 'nullable',
  testAccuracy: 'nullable',
  validationLoss: 'optional',
  validationAccuracy: 'optional nullable',
});
const trajectoryPoints = points<TrajectoryPoint>({ step: 'number', x: 'number', y: 'number', loss: 'number' });

const summary = v.object({
  steps: number,
  examples: number,
  finalLoss: number,
  bestLoss: number,
  finalMetric: number,
  bestMetric: number,
  finalTrainAccuracy: nullableNumber,
  finalTestAccuracy: nullableNumber,
  finalValidationAccuracy: v.optional(nullableNumber),
  stepsToTarget: nullableNumber,
  examplesToTarget: nullableNumber,
  lossNoise: number,
});

const named = v.looseObject({ name: string });
const metric = v.looseObject({ name: string, goal: v.picklist(['minimize', 'maximize']), target: nullableNumber });

/** What readers take from a run's configuration (reports draw a landscape from its settings, list shows lr and batch size). */
const config = v.looseObject({
  seed: number,
  pairing: v.picklist(['paired', 'independent']),
  problem: v.variant('kind', [
    v.looseObject({ kind: v.literal('landscape'), landscape: v.looseObject({ name: string, start: v.tuple([number, number]), noise: number }) }),
    v.looseObject({ kind: v.literal('dataset'), dataset: named, model: v.looseObject({ hidden: v.array(integer) }), loss: string }),
  ]),
  optimizer: named,
  schedule: named,
  train: v.looseObject({ batch_size: integer, max_points: integer, diverge_factor: number }),
  metric,
  plugins: v.array(v.object({ source: string, sha256: string })),
});

const streamSeed = v.nullable(string);

export const runRecordSchema = v.object({
  schema: v.literal(RECORD_SCHEMA),
  runId: string,
  sweep: string,
  replicate: integer,
  seed: string,
  seeds: v.object({ data: streamSeed, init: streamSeed, shuffle: streamSeed, noise: streamSeed }),
  config,
  status: v.picklist(RUN_STATUSES),
  pruning: v.optional(
    v.object({
      rung: integer,
      rungs: integer,
      bracket: integer,
      budget: number,
      fullBudget: number,
      unit: v.picklist(['epochs', 'steps', 'examples']),
      metric: string,
      value: number,
      rank: integer,
      of: integer,
      advanced: integer,
      cutAt: number,
      reason: string,
    }),
  ),
  error: v.nullable(v.object({ message: string, plugin: v.nullable(string) })),
  divergence: v.nullable(
    v.object({ step: number, examples: number, reason: v.picklist(['non-finite loss', 'exploding loss', 'non-finite parameters']), lastFiniteLoss: nullableNumber }),
  ),
  steps: stepPoints,
  epochs: epochPoints,
  trajectory: trajectoryPoints,
  summary,
});

export const runMetaSchema = v.object({
  schema: v.literal(1),
  runId: string,
  wallTimeMs: number,
  stepTimesMs: v.array(number),
  epochTimesMs: v.array(number),
  finishedAt: string,
  node: string,
  machine: string,
  gitCommit: v.nullable(string),
  descentVersion: string,
  kernels: string,
});

const selection = v.record(v.string(), v.unknown());
const claim = v.looseObject({ claim: string, metric: string, a: selection, b: selection, where: selection, expect: string, compared: v.array(string) });

export const sweepInfoSchema = v.object({
  schema: v.literal(1),
  name: string,
  file: string,
  description: v.nullable(string),
  seed: number,
  method: v.picklist(METHODS),
  replicates: integer,
  varied: v.array(string),
  metric,
  plugins: v.array(string),
  runIds: v.array(string),
  command: string,
  claims: v.optional(v.array(claim)),
  delta: v.optional(number),
  bayes: v.optional(v.object({ startup: integer })),
  earlyTerminate: v.optional(v.object({ type: v.picklist(['hyperband', 'successive_halving']), minBudget: number, eta: integer, unit: v.picklist(['epochs', 'steps', 'examples']), fullBudget: number })),
});

/** The first thing wrong with `value` (a decoded store file) against `schema` as a phrase ("summary.finalMetric is a string, expected a number"), or null. */
export function shapeProblem(schema: v.GenericSchema, value: unknown): string | null {
  // Every file of the store is one object (valibot's object() would take an array for one).
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return `the file holds ${describeValue(value)}, expected an object`;
  const result = v.safeParse(schema, value, { abortEarly: true });
  return result.success ? null : describeIssue(result.issues[0]);
}

function describeIssue(issue: v.BaseIssue<unknown>): string {
  const path = (issue.path ?? []).map((item) => (typeof item.key === 'number' ? `[${item.key}]` : `.${String(item.key)}`)).join('').replace(/^\./, '');
  const subject = path || 'the file';
  if (issue.input === undefined) return `${subject} is missing`;
  // A custom check's message is what it expects ('number'); valibot's own checks say it in `expected`.
  return `${subject} is ${describeValue(issue.input)}, expected ${expectedPhrase(issue.type === 'custom' ? issue.message : issue.expected)}`;
}

function describeValue(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  switch (typeof value) {
    case 'string':
      return `a string (${JSON.stringify(value.length > 40 ? value.slice(0, 40) + '…' : value)})`;
    case 'number':
      return String(value);
    case 'object':
      return 'an object';
    case 'boolean':
      return String(value);
    default:
      return `a ${typeof value}`;
  }
}

const ARTICLES: Record<string, string> = { number: 'a number', string: 'a string', Object: 'an object', Array: 'an array', 'whole number': 'a whole number' };

/** valibot's expected text ("number", "(string | null)", '"finished" | "failed"') in words. */
function expectedPhrase(expected: string | null): string {
  if (expected === null) return 'something else';
  const parts = expected.replace(/^\((.*)\)$/, '$1').split(' | ');
  return parts.map((part) => ARTICLES[part] ?? part).join(' or ');
}

// Compile-time checks: a schema and the type it reads must agree (an error here means one of them changed).
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
/** Compiles only when every A is a B: a valid value passes a schema that checks part of it. */
type Accepts<B, A extends B> = [B, A];
type Output<S> = S extends v.GenericSchema ? v.InferOutput<S> : never;
/** A loose object's output without its `[key: string]: unknown` (an interface has none, so could never match it). */
type Named<T> = T extends readonly unknown[] ? Named<T[number]>[] : T extends object ? { [K in keyof T as string extends K ? never : K]: Named<T[K]> } : T;
const recordAgrees: Same<Omit<Output<typeof runRecordSchema>, 'config'>, Omit<RunRecord, 'config'>> = true;
const metaAgrees: Same<Output<typeof runMetaSchema>, RunMeta> = true;
const sweepInfoAgrees: Same<Omit<Output<typeof sweepInfoSchema>, 'metric' | 'claims'>, Omit<SweepInfo, 'metric' | 'claims'>> = true;
void [recordAgrees, metaAgrees, sweepInfoAgrees];
export type SchemasAccept = [
  Accepts<Named<Output<typeof config>>, ResolvedConfig>,
  Accepts<Named<Output<typeof claim>>, Claim>,
  Accepts<Named<Output<typeof metric>>, SweepInfo['metric']>,
];
