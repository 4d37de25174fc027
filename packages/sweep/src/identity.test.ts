import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { ResolvedConfig } from './config.js';
import { testCatalog } from './_testCatalog.js';
import { canonicalJson, expandSweep, formatIssue, parseSweepText, runIdentity, validateSweep } from './index.js';

describe('canonicalJson', () => {
  it('sorts keys at every depth and leaves out whitespace', () => {
    expect(canonicalJson({ b: 1, a: [3, { d: true, c: 'x' }], e: null })).toBe('{"a":[3,{"c":"x","d":true}],"b":1,"e":null}');
  });

  it('writes numbers in shortest round-trip form, and -0 as 0', () => {
    expect(canonicalJson([0.1, 1e-1, 100, 1e21, 1e-7, -0])).toBe('[0.1,0.1,100,1e+21,1e-7,0]');
  });

  it('leaves out undefined properties like JSON.stringify, and refuses numbers JSON cannot hold', () => {
    expect(canonicalJson({ a: undefined, b: 2 })).toBe('{"b":2}');
    expect(() => canonicalJson({ lr: NaN })).toThrow(/NaN has no JSON form/);
    expect(() => canonicalJson(Infinity)).toThrow(/Infinity/);
  });
});

describe('runIdentity', () => {
  it('hashes the canonical JSON of {config, replicate}', () => {
    const config = { seed: 1, optimizer: { name: 'sgd', lr: 0.1 } } as unknown as ResolvedConfig;
    // Written out by hand: keys sorted, config before replicate.
    const text = '{"config":{"optimizer":{"lr":0.1,"name":"sgd"},"seed":1},"replicate":2}';
    const sha = (s: string) => createHash('sha256').update(s).digest('hex');
    expect(runIdentity(config, 2)).toEqual({ runId: sha(text).slice(0, 12), seed: sha(`seed|${text}`).slice(0, 16) });
  });
});

const sweepText = (options: { name?: string; seed?: number; reversed?: boolean }) => {
  const lr = options.reversed ? '[0.3, 0.1, 0.01]' : '[0.01, 0.1, 0.3]';
  const batch = options.reversed ? '[64, 8]' : '[8, 64]';
  const parameters = [`  optimizer.lr: { values: ${lr} }`, `  train.batch_size: { values: ${batch} }`];
  return [
    `name: ${options.name ?? 'first'}`,
    `seed: ${options.seed ?? 1}`,
    'replicates: 2',
    'problem: { dataset: { name: moons } }',
    'train: { batch_size: 8, epochs: 1 }',
    'parameters:',
    ...(options.reversed ? parameters.reverse() : parameters),
  ].join('\n');
};

function specsOf(text: string) {
  const result = validateSweep(parseSweepText(text, 'identity.yaml'), 'identity.yaml', testCatalog);
  if ('issues' in result) throw new Error(result.issues.map(formatIssue).join('\n'));
  return expandSweep(result.sweep, testCatalog);
}

const idsOf = (text: string) => new Set(specsOf(text).map((s) => `${s.runId}/${s.seed}`));

describe('run identity across sweeps', () => {
  it('does not depend on the order of parameters or of their values', () => {
    expect(idsOf(sweepText({ reversed: true }))).toEqual(idsOf(sweepText({})));
  });

  it('does not depend on the sweep name', () => {
    expect(idsOf(sweepText({ name: 'renamed' }))).toEqual(idsOf(sweepText({})));
  });

  it('changes with the sweep seed', () => {
    const first = idsOf(sweepText({}));
    const reseeded = idsOf(sweepText({ seed: 2 }));
    expect(reseeded.size).toBe(12);
    expect([...reseeded].some((id) => first.has(id))).toBe(false);
  });

  it('gives each replicate its own id and seed', () => {
    const specs = specsOf(sweepText({}));
    expect(specs).toHaveLength(12);
    expect(new Set(specs.map((s) => s.runId)).size).toBe(12);
    expect(new Set(specs.map((s) => s.seed)).size).toBe(12);
  });
});
