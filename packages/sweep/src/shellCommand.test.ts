import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { EXP_INVOCATION, invocationOf, rerunCommand, shellCommand, shellQuote } from './shellCommand.js';

/** What a real POSIX shell makes of `text`: the arguments it passes to printf, one per line in a list. */
function shellWords(text: string): string[] {
  const out = execFileSync('sh', ['-c', `printf '%s\\0' ${text}`], { encoding: 'utf8' });
  return out.split('\0').slice(0, -1);
}

const HOSTILE = [
  '$(touch pwned)',
  '`touch pwned`',
  "it's",
  "''",
  "'; touch pwned; '",
  '"$HOME"',
  '\\',
  'a\\nb',
  'two words',
  'tab\there',
  'new\nline',
  '*',
  '~',
  '!event',
  'a;b&c|d>e<f',
  '-n',
  '%d',
  '#comment',
  '{a,b}',
  '[ab]',
  'sweeps/$(id)/x.yaml',
  'ünïcödé ✓ \u202Eevil',
  ' ',
  '\u0001\u007f',
];

describe('shellQuote', () => {
  it.each(HOSTILE)('a real sh reads %j back unchanged', (word) => {
    expect(shellWords(shellQuote(word))).toEqual([word]);
  });

  it('leaves plain words bare and quotes the empty word', () => {
    expect(shellQuote('sweeps/momentum.yaml')).toBe('sweeps/momentum.yaml');
    expect(shellQuote('redis://host:6379')).toBe('redis://host:6379');
    expect(shellQuote('a=b@c%d+e-f_g')).toBe('a=b@c%d+e-f_g');
    expect(shellQuote('')).toBe("''");
    expect(shellWords(`x ${shellQuote('')} y`)).toEqual(['x', '', 'y']);
    expect(shellQuote("it's")).toBe(`'it'\\''s'`);
  });

  it('keeps every word of a command apart', () => {
    expect(shellWords(shellCommand(...HOSTILE))).toEqual(HOSTILE);
  });
});

describe('rerunCommand', () => {
  it('gives pnpm exp run and the sweep file as one word, relative to experiments/ when inside it', () => {
    expect(rerunCommand('experiments/sweeps/momentum.yaml')).toBe('pnpm exp run sweeps/momentum.yaml');
    const hostile = 'experiments/$(touch pwned)/x.yaml';
    const command = rerunCommand(hostile);
    expect(command.startsWith('pnpm exp run ')).toBe(true);
    expect(shellWords(command.slice('pnpm exp run '.length))).toEqual(['$(touch pwned)/x.yaml']);
    expect(rerunCommand('-x.yaml')).toBe('pnpm exp run ./-x.yaml');
  });

  it('writes npx exp for an installed Descent, and reads back which way a stored command was written', () => {
    const installed = rerunCommand('sweep.yaml', EXP_INVOCATION.installed);
    expect(installed).toBe('npx exp run sweep.yaml');
    expect(invocationOf(installed)).toBe(EXP_INVOCATION.installed);
    expect(invocationOf('pnpm exp run sweeps/momentum.yaml')).toBe(EXP_INVOCATION.workspace);
    // Anything else (an older store's unquoted command, a hand edit) is shown as the workspace's, built again from the file.
    expect(invocationOf('rm -rf ~; npx exp run x')).toBe(EXP_INVOCATION.workspace);
  });
});
