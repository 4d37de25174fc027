import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { makeWorkspace, recordBytes, runExp, writeSweep, written } from './_exp.js';

// Each command here is the real `exp` in a child process: allow for a busy two-core machine.
const SLOW = { timeout: 60_000 };

/** A few moons, the model given, 3 epochs. */
const modelsSweep = (model: string) => `name: models
seed: 4
problem:
  dataset: { name: moons, size: 60, noise: 0.2, test_fraction: 0.25 }
  model: ${model}
  loss: bce
optimizer: { name: sgd, lr: 0.3 }
train: { batch_size: 9, epochs: 3 }
metric: { name: train_loss, goal: minimize }
`;

/** A deep narrow net: the plain MLP and the residual one with layer norms, one replicate each. */
const twoModels = `${modelsSweep('{ hidden: [6, 6, 6], activation: sigmoid }')}parameters:
  problem.model:
    values:
      - { hidden: [6, 6, 6], activation: sigmoid }
      - { kind: residual_mlp, hidden: [6, 6, 6], activation: sigmoid, layer_norm: true }
`;

interface StoredRecord {
  status: string;
  config: { problem: { model: Record<string, unknown> } };
  /** Columns: one array per field, one entry per evaluation. */
  epochs: { trainLoss: number[] };
}

describe('problem.model.kind through exp run', SLOW, () => {
  it('names an unknown kind with its file, line, key, value and the kinds accepted; exit 1, nothing written', async () => {
    const root = makeWorkspace();
    writeSweep(root, 'models', modelsSweep('{ kind: resnet, hidden: [6, 6, 6] }'));
    const { code, stderr } = await runExp(root, ['run', 'sweeps/models.yaml']);
    expect(code).toBe(1);
    // "  model: { kind: " is 17 characters, so the value starts at column 18.
    expect(stderr).toBe(
      `experiments/sweeps/models.yaml:5:18: problem.model.kind: unknown choice (got "resnet"; expected one of 'mlp', 'residual_mlp')\n1 issue in the sweep file; nothing was run.\n`,
    );
    expect(written(root)).toEqual([]);
  });

  it('trains a residual MLP with layer norms beside the plain MLP, and the same run twice gives the same bytes', async () => {
    const root = makeWorkspace();
    writeSweep(root, 'models', twoModels);
    const first = await runExp(root, ['run', 'sweeps/models.yaml', '--workers', '2', '--no-report']);
    expect({ code: first.code, stderr: first.stderr }).toEqual({ code: 0, stderr: '' });
    const bytes = recordBytes(root, 'models');
    const records = [...bytes.values()].map((text) => JSON.parse(text) as StoredRecord);
    expect(records.map((r) => r.status)).toEqual(['finished', 'finished']);
    // The plain MLP's configuration has no kind at all: its run id is the one it had before models had kinds.
    expect(records.map((r) => r.config.problem.model.kind ?? 'absent').sort()).toEqual(['absent', 'residual_mlp']);
    const residual = records.find((r) => r.config.problem.model.kind === 'residual_mlp')!;
    expect(residual.config.problem.model.layer_norm).toBe(true);
    // It trained: the evaluations are finite, and 3 epochs moved the training loss.
    const losses = residual.epochs.trainLoss;
    expect(losses).toHaveLength(4);
    expect(losses.every(Number.isFinite)).toBe(true);
    expect(losses.at(-1)).not.toBe(losses[0]);

    const again = makeWorkspace();
    writeSweep(again, 'models', readFileSync(join(root, 'experiments', 'sweeps', 'models.yaml'), 'utf8'));
    expect((await runExp(again, ['run', 'sweeps/models.yaml', '--workers', '1', '--no-report'])).code).toBe(0);
    expect(recordBytes(again, 'models')).toEqual(bytes);
  });
});
