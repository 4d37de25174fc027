import { createHash } from 'node:crypto';
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { exited, makeWorkspace, pausePlugin, runExp, spawnExp, storedRuns, waitFor, writeSweep } from './_exp.js';

// A plugin file edited while its sweep runs. The coordinating process hashes it when it opens the sweeps (the
// hash is in every run's config); a worker thread imports it when it first trains a run of a sweep. Here the
// second sweep lives in another folder, so the one worker thread imports the plugin again for it, after
// the edit: it must not train those runs with code whose hash they would not record.

const sweep = (name: string, plugin: string) => `
name: ${name}
seed: 3
replicates: 3
plugins: [${plugin}]
problem:
  landscape: { name: ravine, condition: 10 }
optimizer: { name: pauses, lr: 0.05, pause_ms: 300 }
train: { batch_size: 1, steps: 100 }
metric: { name: loss, goal: minimize }
`;

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

describe('a plugin edited while the sweep runs', { timeout: 90_000 }, () => {
  it('stops the sweep with one line naming the plugin and both hashes; every stored run verifies with the code it records', async () => {
    const root = makeWorkspace();
    const plugin = join(root, 'experiments', 'plugins', 'pauses.ts');
    mkdirSync(join(root, 'experiments', 'plugins'));
    copyFileSync(pausePlugin, plugin);
    const original = readFileSync(plugin, 'utf8');
    writeSweep(root, 'first', sweep('first', '../plugins/pauses.ts'));
    mkdirSync(join(root, 'experiments', 'sweeps', 'later'));
    writeFileSync(join(root, 'experiments', 'sweeps', 'later', 'second.yaml'), sweep('second', '../../plugins/pauses.ts'));

    const args = ['run', 'sweeps/first.yaml', 'sweeps/later/second.yaml', '--workers', '1', '--no-report'];
    const child = spawnExp(root, args);
    // The first run is stored: the thread has imported the plugin for the first sweep. Now the code changes its numbers.
    await waitFor(() => storedRuns(root, 'first').length > 0);
    const edited = original.replace('x - hp.lr * grads[p][i]', 'x - 0.5 * hp.lr * grads[p][i]');
    expect(edited).not.toBe(original);
    writeFileSync(plugin, edited);
    const code = await exited(child);

    const { stderr } = child.output;
    expect(stderr).toBe(
      `plugin experiments/plugins/pauses.ts changed while the sweep was running (sha256 ${sha256(original).slice(0, 12)}… when the sweep started, ${sha256(edited).slice(0, 12)}… now); ` +
        `finished runs are kept; run 'exp ${args.join(' ')}' again to start from the new code\n`,
    );
    expect(code).toBe(1);
    // The first sweep ran on the code its thread had imported before the edit; the second recorded nothing.
    expect(storedRuns(root, 'first')).toHaveLength(3);
    expect(storedRuns(root, 'second')).toEqual([]);

    // With the code they record, every stored run reproduces bit for bit: none holds the edited code's numbers.
    writeFileSync(plugin, original);
    const verify = await runExp(root, ['verify', 'first', '--all']);
    expect(verify.stdout).toContain('3 of 3 runs reproduced bit for bit');
    expect(verify.code).toBe(0);

    // Started again, the sweeps run on the new code, under its hash.
    writeFileSync(plugin, edited);
    const again = await runExp(root, args);
    expect(again.stderr).toBe('');
    expect(again.code).toBe(0);
    expect(storedRuns(root, 'second')).toHaveLength(3);
    const record = JSON.parse(readFileSync(join(root, 'experiments', 'runs', 'second', storedRuns(root, 'second')[0], 'record.json'), 'utf8'));
    expect(record.config.plugins).toEqual([{ source: '../../plugins/pauses.ts', sha256: sha256(edited) }]);
  });
});
