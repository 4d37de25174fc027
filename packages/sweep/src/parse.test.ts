import { describe, expect, it } from 'vitest';
import { testCatalog } from './_testCatalog.js';
import { expandSweep, parseSweepText, pluginSpecs, validateSweep } from './index.js';

describe('parseSweepText', () => {
  it('keeps the line and column of every key and value', () => {
    const { doc, issues } = parseSweepText('seed: 3\ntrain:\n  batch_size: 8\n', 'a.yaml');
    expect(issues).toEqual([]);
    if (doc?.kind !== 'map') throw new Error('expected a mapping');
    const train = doc.entries.get('train')!;
    expect(train.keyPos).toEqual({ line: 2, col: 1 });
    if (train.value.kind !== 'map') throw new Error('expected a mapping');
    const batch = train.value.entries.get('batch_size')!;
    expect(batch.keyPos).toEqual({ line: 3, col: 3 });
    // "  batch_size: " is 14 characters.
    expect(batch.value).toEqual({ kind: 'scalar', value: 8, pos: { line: 3, col: 15 } });
  });

  it('reads quoted numbers as strings and 1e-1 as a number', () => {
    const { doc } = parseSweepText('a: "0.1"\nb: 1e-1\n', 'a.yaml');
    if (doc?.kind !== 'map') throw new Error('expected a mapping');
    expect(doc.entries.get('a')!.value).toMatchObject({ value: '0.1' });
    expect(doc.entries.get('b')!.value).toMatchObject({ value: 0.1 });
  });

  it('reports duplicate keys with their path, and keeps the first value', () => {
    const { doc, issues } = parseSweepText('optimizer:\n  lr: 0.1\n  lr: 0.2\n', 'a.yaml');
    expect(issues).toEqual([{ file: 'a.yaml', line: 3, col: 3, path: 'optimizer.lr', message: "duplicate key: 'lr' is already set at line 2", got: null, expected: null }]);
    if (doc?.kind !== 'map') throw new Error('expected a mapping');
    const optimizer = doc.entries.get('optimizer')!.value;
    expect(optimizer.kind === 'map' && optimizer.entries.get('lr')!.value).toMatchObject({ value: 0.1 });
  });

  it('gives no tree for malformed YAML, only the located error', () => {
    const { doc, issues } = parseSweepText('a: [1, 2\nb: 3\n', 'a.yaml');
    expect(doc).toBeNull();
    expect(issues).toHaveLength(1);
    expect(issues[0]).toMatchObject({ line: 2, col: 1, path: '' });
    expect(issues[0].message).toMatch(/^invalid YAML: /);
  });

  it('refuses an alias bomb instead of expanding it', () => {
    const lines = ['a: &a [x, x, x, x, x, x, x, x, x, x]'];
    for (let i = 0; i < 8; i++) lines.push(`${String.fromCharCode(98 + i)}: &${String.fromCharCode(98 + i)} [${Array(10).fill(`*${String.fromCharCode(97 + i)}`).join(', ')}]`);
    const started = performance.now();
    const { issues } = parseSweepText(lines.join('\n'), 'bomb.yaml');
    expect(performance.now() - started).toBeLessThan(1000);
    expect(issues.some((p) => p.message === 'more than 100 aliases; write the values out')).toBe(true);
  });

  it('keeps __proto__ keys as data: nothing reaches Object.prototype', () => {
    const text = 'problem: { dataset: { name: moons } }\ntrain: { batch_size: 8, epochs: 1 }\n__proto__: { polluted: 1 }\noptimizer: { __proto__: { polluted: 1 } }\n';
    const parsed = parseSweepText(text, 'p.yaml');
    const result = validateSweep(parsed, 'p.yaml', testCatalog);
    expect('issues' in result && result.issues.map((p) => p.path)).toEqual(['__proto__', 'optimizer.__proto__']);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('lists the plugins as written, with their positions', () => {
    const { doc } = parseSweepText('plugins: [../plugins/signum.ts, "@descent/optim-lion"]\n', 'a.yaml');
    expect(pluginSpecs(doc)).toEqual([
      { spec: '../plugins/signum.ts', line: 1, col: 11 },
      { spec: '@descent/optim-lion', line: 1, col: 33 },
    ]);
    expect(pluginSpecs(null)).toEqual([]);
  });

  it('builds configurations as fresh objects, never the parsed ones', () => {
    const text = 'problem: { dataset: { name: moons } }\ntrain: { batch_size: 8, epochs: 1 }\n';
    const result = validateSweep(parseSweepText(text, 'f.yaml'), 'f.yaml', testCatalog);
    if ('issues' in result) throw new Error('expected a valid sweep');
    const [a] = expandSweep(result.sweep, testCatalog);
    const [b] = expandSweep(result.sweep, testCatalog);
    a.config.train.batch_size = 99;
    expect(b.config.train.batch_size).toBe(8);
    expect(Object.getPrototypeOf(a.config.optimizer)).toBe(Object.prototype);
  });
});
