import { createHash } from 'node:crypto';
import type { ResolvedConfig } from './config.js';

/**
 * JSON with object keys sorted and no whitespace, numbers in JavaScript's shortest round-trip form
 * (so 0.1 and 1e-1, parsed to the same number, print alike) and -0 written as 0. Equal data gives
 * equal text on every machine, which is what makes it an identity.
 */
export function canonicalJson(value: unknown): string {
  if (value === null) return 'null';
  switch (typeof value) {
    case 'number':
      if (!Number.isFinite(value)) throw new TypeError(`canonicalJson: ${value} has no JSON form`);
      return Object.is(value, -0) ? '0' : JSON.stringify(value);
    case 'string':
      return JSON.stringify(value);
    case 'boolean':
      return value ? 'true' : 'false';
    case 'object': {
      if (Array.isArray(value)) return `[${value.map((item) => (item === undefined ? 'null' : canonicalJson(item))).join(',')}]`;
      const record = value as Record<string, unknown>;
      // Keys with undefined values are left out, as JSON.stringify does.
      const keys = Object.keys(record).filter((key) => record[key] !== undefined).sort();
      return `{${keys.map((key) => `${JSON.stringify(key)}:${canonicalJson(record[key])}`).join(',')}}`;
    }
    default:
      throw new TypeError(`canonicalJson: a ${typeof value} has no JSON form`);
  }
}

function sha256Hex(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

/**
 * runId = first 12 hex of sha256(canonicalJson({config, replicate})); seed = first 16 hex of
 * sha256('seed|' + the same text). config.seed is the sweep seed, so a run's seed follows from
 * (sweep seed, config, replicate) and not from the sweep's name, its order, or the worker running it.
 */
export function runIdentity(config: ResolvedConfig, replicate: number): { runId: string; seed: string } {
  const body = canonicalJson({ config, replicate });
  return { runId: sha256Hex(body).slice(0, 12), seed: sha256Hex(`seed|${body}`).slice(0, 16) };
}
