import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { parseSweepText, pluginSpecs, sweepJsonSchema, validateSweep } from '@descent/sweep';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { loadCatalog } from './loadCatalog.js';

// Here rather than in @descent/sweep: the shipped sweeps name the real optimizers, datasets and plugins,
// and only the runner builds that catalog. The schema's refusals are tested in the sweep package.
const sweepsDir = fileURLToPath(new URL('../../../experiments/sweeps/', import.meta.url));
const shipped = readdirSync(sweepsDir)
  .filter((name) => name.endsWith('.yaml'))
  .sort();

describe('the JSON Schema of sweep files (checked by ajv, draft 2020-12) and the shipped sweeps', () => {
  it('finds the shipped sweeps', () => {
    expect(shipped.length).toBeGreaterThanOrEqual(6);
  });

  it.each(shipped)('accepts %s, as the validator does', async (name) => {
    const file = join(sweepsDir, name);
    const text = readFileSync(file, 'utf8');
    const parsed = parseSweepText(text, file);
    const catalog = await loadCatalog(
      pluginSpecs(parsed.doc).map((p) => p.spec),
      dirname(file),
    );
    expect(validateSweep(parsed, file, catalog)).toHaveProperty('sweep');
    const validate = new Ajv2020({ allErrors: true }).compile(sweepJsonSchema(catalog));
    expect(validate(parse(text)), JSON.stringify(validate.errors)).toBe(true);
  });
});
