import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { measureCliStart } from './cliStart.js';

const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));

describe('measureCliStart', () => {
  it('times exp --help through pnpm and from the build, each a real process that printed the help', async () => {
    const lines: string[] = [];
    const start = await measureCliStart({ repoRoot, rounds: 1, log: (line) => lines.push(line) });
    expect(start.rounds).toBe(1);
    expect(start.built.rounds).toHaveLength(1);
    expect(start.built.median).toBeGreaterThan(0.01); // a Node process takes tens of milliseconds at least
    // pnpm is on PATH wherever the project's commands run (CI installs it first); it adds its own start.
    expect(start.pnpm).not.toBeNull();
    expect(start.pnpm!.median).toBeGreaterThan(0.01);
    expect(start.pnpmExtra!.median).toBeCloseTo(start.pnpm!.median - start.built.median, 10);
    expect(lines.at(-1)).toMatch(/^ {2}round 1: pnpm exp [\d.]+ s, node dist\/bin.js [\d.]+ s$/);
  }, 60_000);
});
