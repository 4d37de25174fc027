import { describe, expect, it } from 'vitest';
import { expIn, makeWorkspace, runExp, written, writeSweep } from './_exp.js';

// A real child process and the first in-process command load the whole CLI: allow for a busy machine.
const SLOW = { timeout: 40_000 };

const TOO_DEEP = 'nesting deeper than 64 levels of lists and mappings starts here; a sweep needs only a few levels';

/** `name:` then `x:` holding `levels` mappings, each indented one more space: the root mapping is level 1. */
const indented = (levels: number) => 'name: deep\nx:\n' + Array.from({ length: levels }, (_, i) => `${' '.repeat(i + 1)}a:\n`).join('');

describe('exp run on a sweep file nested too deeply', SLOW, () => {
  it('20,000 [ in a real child process: exit 1, one located line and the count, no stack trace, nothing written', async () => {
    const root = makeWorkspace();
    writeSweep(root, 'deep', 'name: deep\nx: ' + '['.repeat(20_000) + '\n');
    const { code, stdout, stderr } = await runExp(root, ['run', 'sweeps/deep.yaml']);
    expect(code).toBe(1);
    expect(stdout).toBe('');
    // The 64th '[' (column 4 + 63) opens level 65.
    expect(stderr).toBe(`experiments/sweeps/deep.yaml:2:67: ${TOO_DEEP}\n1 issue in the sweep file; nothing was run.\n`);
    expect(written(root)).toEqual([]);
  });

  it('20,000 {a: and 200 levels of indentation name the line where level 65 starts', async () => {
    const root = makeWorkspace();
    writeSweep(root, 'flow', 'name: flow\nx: ' + '{a: '.repeat(20_000) + '\n');
    const flow = await expIn(root, ['run', 'sweeps/flow.yaml']);
    expect(flow.code).toBe(1);
    expect(flow.stderr).toBe(`experiments/sweeps/flow.yaml:2:${4 + 63 * 4}: ${TOO_DEEP}\n1 issue in the sweep file; nothing was run.\n`);

    writeSweep(root, 'block', indented(200));
    const block = await expIn(root, ['run', 'sweeps/block.yaml']);
    expect(block.code).toBe(1);
    expect(block.stderr).toBe(`experiments/sweeps/block.yaml:66:65: ${TOO_DEEP}\n1 issue in the sweep file; nothing was run.\n`);
    expect(written(root)).toEqual([]);
  });

  it('a file nested exactly 64 levels deep is read, and validation reports what else is wrong with it', async () => {
    const root = makeWorkspace();
    writeSweep(root, 'limit', indented(63));
    const { code, stderr } = await expIn(root, ['run', 'sweeps/limit.yaml']);
    expect(code).toBe(1);
    expect(stderr).not.toContain('nesting deeper');
    expect(stderr).toContain("experiments/sweeps/limit.yaml:2:1: x: unknown key 'x'");
    expect(stderr).not.toMatch(/\n\s+at /);
  });
});
