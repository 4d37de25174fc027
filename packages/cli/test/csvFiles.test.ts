import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { expIn, makeWorkspace, recordBytes, written, writeSweep } from './_exp.js';

// The first command of a file loads the whole training stack and a worker pool: allow for a busy machine.
const SLOW = { timeout: 40_000 };

/** A sweep that trains on experiments/data/<file> with the given label column. */
const csvSweep = (name: string, file: string, label: string) => `name: ${name}
seed: 1
problem:
  dataset: { name: csv, path: ../data/${file}, label: ${JSON.stringify(label)}, test_fraction: 0.25 }
  model: { hidden: [4] }
optimizer: { name: sgd, lr: 0.1 }
train: { batch_size: 8, epochs: 2 }
metric: { name: test_accuracy, goal: maximize }
`;

function writeData(root: string, file: string, text: string): void {
  mkdirSync(join(root, 'experiments', 'data'), { recursive: true });
  writeFileSync(join(root, 'experiments', 'data', file), text);
}

describe('exp run on a CSV file', SLOW, () => {
  it('trains on a file whose label cells and header hold quoted commas and doubled quotes', async () => {
    const root = makeWorkspace();
    // 40 rows: x1 < 0.5 is "left, low", else "right, ""high""" (the text right, "high").
    const rows = Array.from({ length: 40 }, (_, i) => {
      const x1 = ((i * 37) % 40) / 40;
      return `${x1},${(i % 7) / 7},${x1 < 0.5 ? '"left, low"' : '"right, ""high"""'}`;
    });
    writeData(root, 'quoted.csv', ['x1,x2,"name, full"', ...rows, ''].join('\r\n'));
    writeSweep(root, 'quoted', csvSweep('quoted', 'quoted.csv', 'name, full'));
    const { code, stdout, stderr } = await expIn(root, ['run', 'sweeps/quoted.yaml', '--workers', '1', '--no-report']);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    expect(stdout).toContain('quoted: 1 finished, 0 diverged, 0 failed');
    const [record] = [...recordBytes(root, 'quoted').values()].map((bytes) => JSON.parse(bytes));
    expect(record.status).toBe('finished');
    // Two classes (so cross-entropy over 2 outputs), all 40 rows read: 30 train examples per epoch.
    expect(record.config.problem.loss).toBe('cross_entropy');
    expect(record.epochs.examples[1]).toBe(30); // record.json holds each series as columns
  });

  it('refuses a label column with one class, naming the file, the column and the value, and writes nothing', async () => {
    const root = makeWorkspace();
    writeData(root, 'setosa.csv', 'sepal,petal,species\n' + Array.from({ length: 20 }, (_, i) => `${i / 10},${i % 3},setosa\n`).join(''));
    writeSweep(root, 'setosa', csvSweep('setosa', 'setosa.csv', 'species'));
    const { code, stdout, stderr } = await expIn(root, ['run', 'sweeps/setosa.yaml', '--workers', '1']);
    expect(code).toBe(1);
    expect(stdout).toBe('');
    const file = join(root, 'experiments', 'data', 'setosa.csv');
    expect(stderr).toBe(
      `experiments/sweeps/setosa.yaml:4:12: problem.dataset: dataset 'csv': ${file}: label column 'species' has one class ('setosa') in all 20 rows; a classifier needs at least two\n` +
        '1 issue in the sweep file; nothing was run.\n',
    );
    expect(written(root)).toEqual(['experiments/data/setosa.csv']);
  });

  it('names the line of a ragged row after a cell that spans lines, and of an unclosed quote', async () => {
    const root = makeWorkspace();
    // The cell "two\nlines" spans lines 3-4; line 5 has 2 cells.
    writeData(root, 'ragged.csv', 'a,b,y\n1,2,0\n3,"two\nlines",1\n5,1\n');
    writeSweep(root, 'ragged', csvSweep('ragged', 'ragged.csv', 'y'));
    const ragged = await expIn(root, ['run', 'sweeps/ragged.yaml', '--workers', '1']);
    expect(ragged.code).toBe(1);
    expect(ragged.stderr.split('\n')[0]).toBe(
      `experiments/sweeps/ragged.yaml:4:12: problem.dataset: dataset 'csv': ${join(root, 'experiments', 'data', 'ragged.csv')}:5: row has 2 cells, the header has 3`,
    );

    writeData(root, 'unclosed.csv', 'a,y\n1,0\n2,"open\n3,1\n');
    writeSweep(root, 'unclosed', csvSweep('unclosed', 'unclosed.csv', 'y'));
    const unclosed = await expIn(root, ['run', 'sweeps/unclosed.yaml', '--workers', '1']);
    expect(unclosed.code).toBe(1);
    expect(unclosed.stderr).toContain(`${join(root, 'experiments', 'data', 'unclosed.csv')}:3: a quote opens a cell here and is never closed`);
    expect(unclosed.stderr).not.toMatch(/\n\s+at /);
    expect(readFileSync(join(root, 'experiments', 'data', 'unclosed.csv'), 'utf8')).toBe('a,y\n1,0\n2,"open\n3,1\n');
  });
});
