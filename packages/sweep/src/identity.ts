import * as crypto from 'node:crypto';
import type { ResolvedConfig } from './config.js';
import type { ProblemShape } from './problemShape.js';
import { canonicalJson } from './canonicalJson.js';

// A module of its own (no node:crypto), for readers of stored runs (stored.ts); still exported from here.
export { canonicalJson };

/** sha256 of the text's UTF-8 bytes, as hex. */
const sha256Hex: (text: string) => string =
  // crypto.hash (Node ≥ 20.12) takes one call where createHash takes three: half the time, and a sweep hashes 2–3 texts per run.
  typeof crypto.hash === 'function' ? (text) => crypto.hash('sha256', text, 'hex') : (text) => crypto.createHash('sha256').update(text, 'utf8').digest('hex');

/**
 * runId = first 12 hex of sha256(canonicalJson({config, replicate})); seed = first 16 hex of
 * sha256('seed|' + the same text). config.seed is the sweep seed, so a run's seed follows from
 * (sweep seed, config, replicate) and not from the sweep's name, its order, or the worker running it.
 */
export function runIdentity(config: ResolvedConfig, replicate: number): { runId: string; seed: string } {
  return runIdentityOfJson(canonicalJson(config), replicate);
}

/** runIdentity of the config whose canonicalJson is `configJson` (for a caller that has the text already). */
export function runIdentityOfJson(configJson: string, replicate: number): { runId: string; seed: string } {
  // canonicalJson({ config, replicate }): the keys in sorted order, config's text as it is.
  const body = `{"config":${configJson},"replicate":${canonicalJson(replicate)}}`;
  return { runId: sha256Hex(body).slice(0, 12), seed: sha256Hex(`seed|${body}`).slice(0, 16) };
}

function withoutValidationFraction<D extends { validation_fraction?: number }>(dataset: D): Omit<D, 'validation_fraction'> {
  const { validation_fraction: _cutOnly, ...drawn } = dataset;
  return drawn;
}

/** The named random streams of a run: dataset generation and split, initial weights, mini-batch order, landscape gradient noise. */
export const STREAMS = ['data', 'init', 'shuffle', 'noise'] as const;
export type StreamName = (typeof STREAMS)[number];
/** Each stream's seed (16 hex), or null for a stream the run's problem does not have (a landscape has no data). */
export type StreamSeeds = Record<StreamName, string | null>;

/**
 * The id of run `runId` trained only to an early-termination rung (`horizon`, in train:'s unit): kept apart from
 * the run's own record (the rung store), the same wherever it is computed.
 */
export function rungRunId(runId: string, horizon: number): string {
  return sha256Hex(`rung|${runId}|${horizon}`).slice(0, 12);
}

/**
 * The seed of each of a run's random streams: the first 16 hex of sha256(`<stream>|` + canonicalJson(key)).
 *
 * `pairing: paired` (the default): a stream's key is the sweep seed, the replicate and exactly the settings
 * that decide what the stream draws, so replicate k of two configurations that differ in anything else
 * (the optimizer, its lr or momentum, the batch size, the schedule, the budget, the loss) draws the same numbers:
 *  - data: `problem.dataset` (name, every setting, test_fraction) but not validation_fraction: generation and the
 *    split's permutation, which validation_fraction does not change (it only cuts the permutation differently), so
 *    a configuration with a validation split draws the same data and the same test rows as one without;
 *  - init: the network's layer sizes [inputs, ...model.hidden, outputs] and `model.init` (the activation does
 *    not change the draws); the input and output sizes come from the dataset (`shape.layers`);
 *  - shuffle: the number of training examples only: each epoch draws one permutation of them whatever the
 *    batch size, so batch 8 and batch 64 see the examples in the same order, cut into different batches;
 *  - noise (landscapes): nothing else: every step draws two N(0, 1) numbers, scaled by σ/√batch_size, so
 *    every optimizer, σ and batch size on any landscape meets the same standard-normal draws at step t.
 * `pairing: independent`: every stream's key is the whole {config, replicate}, as the run seed's is.
 * `shape` is the dataset's network and training-set size (problemShape), null for a landscape. `known`: seeds already
 * hashed, by their text (paired configurations share most of theirs: an expansion passes one map for all its runs).
 */
export function streamSeeds(config: ResolvedConfig, replicate: number, shape: ProblemShape | null, known?: Map<string, string>): StreamSeeds {
  const { seed, problem } = config;
  const seedOf = (stream: StreamName, settings: object) => {
    const text = `${stream}|${canonicalJson(config.pairing === 'independent' ? { config, replicate } : { seed, replicate, ...settings })}`;
    const hex = known?.get(text) ?? sha256Hex(text).slice(0, 16);
    known?.set(text, hex);
    return hex;
  };
  if (problem.kind === 'landscape') return { data: null, init: null, shuffle: null, noise: seedOf('noise', {}) };
  if (shape === null) throw new Error('streamSeeds: a dataset problem needs its shape (problemShape)');
  return {
    data: seedOf('data', { dataset: withoutValidationFraction(problem.dataset) }),
    init: seedOf('init', { layers: shape.layers, init: problem.model.init }),
    shuffle: seedOf('shuffle', { trainSize: shape.trainSize }),
    noise: null,
  };
}
