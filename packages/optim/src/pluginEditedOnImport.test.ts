import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { loadPlugins, PluginError } from './plugins.js';

// A plugin's recorded sha256 must be of the code that was imported. The file is hashed before and after the
// import: if the two differ, either version may have been imported, so the plugin is refused, not recorded
// under a hash its code may not have.

let folder: string | null = null;
afterEach(() => {
  if (folder !== null) rmSync(folder, { recursive: true, force: true });
  folder = null;
});

const optimizer = `export default {
  name: 'self_editing', description: 'gradient descent', rule: 'θ ← θ − α·g',
  hyperparameters: { lr: { type: 'number', default: 0.1, min: 0, description: 'learning rate' } },
  init: () => ({}),
  update: ({ params, grads, state, hp }) => { params.forEach((t, p) => t.forEach((x, i) => (t[i] = x - hp.lr * grads[p][i]))); return { params, state }; },
};
`;

it('refuses a plugin file that changes while it is being imported, and records the hash of the bytes imported otherwise', async () => {
  folder = mkdtempSync(path.join(tmpdir(), 'descent-plugin-'));
  // Its top level appends to its own file: the import reads one version, the file ends as another.
  const editing = path.join(folder, 'editing.mjs');
  writeFileSync(editing, `import { appendFileSync } from 'node:fs';\nimport { fileURLToPath } from 'node:url';\nappendFileSync(fileURLToPath(import.meta.url), '// edited\\n');\n${optimizer}`);
  const error = await loadPlugins(['./editing.mjs'], { baseDir: folder }).catch((e: unknown) => e);
  expect(error).toBeInstanceOf(PluginError);
  expect((error as PluginError).problems).toEqual([{ source: './editing.mjs', resolved: editing, message: 'changed while it was being imported; load it again' }]);

  const steady = path.join(folder, 'steady.mjs');
  writeFileSync(steady, optimizer);
  const loaded = await loadPlugins(['./steady.mjs'], { baseDir: folder });
  expect(loaded.sources[0].sha256).toBe(createHash('sha256').update(readFileSync(steady)).digest('hex'));
});
