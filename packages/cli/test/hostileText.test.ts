import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tempFolder } from '@descent/runner/testing';
import { describe, expect, it } from 'vitest';
import { expIn, makeWorkspace, runExp } from './_exp.js';

// Issue 15, class 7: text from the user that reaches a shell (a command shown for copying) or a page (a report).

const SLOW = { timeout: 40_000 };

const sweep = (extra = '') => `name: q
seed: 1
${extra}
problem:
  landscape: { name: ravine, condition: 10 }
optimizer: { name: sgd, lr: 0.01 }
train: { batch_size: 1, steps: 20 }
metric: { name: loss, goal: minimize }
`;

/** The folder a hostile sweep file sits in: pasted unquoted, `$(touch pwned)` would run. */
const HOSTILE_FOLDER = "$(touch pwned) it's";

/**
 * Paste `command` into a real POSIX shell in an empty folder, with `pnpm` standing for a function that prints
 * the arguments it gets: what the user's shell would pass to pnpm, and whether anything else ran.
 */
function pasted(command: string): { args: string[]; created: string[] } {
  const folder = tempFolder('descent-paste-');
  const out = execFileSync('sh', ['-c', `pnpm() { printf '%s\\0' "$@"; }\n${command}`], { cwd: folder, encoding: 'utf8' });
  return { args: out.split('\0').slice(0, -1), created: readdirSync(folder) };
}

describe('commands shown for copying are quoted for the shell', SLOW, () => {
  it('sweep.json and the report give a command that a shell reads back as the sweep file, running nothing else', async () => {
    const root = makeWorkspace();
    const folder = join(root, 'experiments', HOSTILE_FOLDER);
    mkdirSync(folder);
    writeFileSync(join(folder, 'q.yaml'), sweep());
    const run = await runExp(root, ['run', join('experiments', HOSTILE_FOLDER, 'q.yaml'), '--workers', '1']);
    expect(run.code, run.stderr).toBe(0);

    const info = JSON.parse(readFileSync(join(root, 'experiments', 'runs', 'q', 'sweep.json'), 'utf8'));
    expect(info.command).toBe(`pnpm exp run '$(touch pwned) it'\\''s/q.yaml'`);
    expect(pasted(info.command)).toEqual({ args: ['exp', 'run', `${HOSTILE_FOLDER}/q.yaml`], created: [] });

    const page = readFileSync(join(root, 'reports', 'q', 'index.html'), 'utf8');
    expect(page).toContain(`<code>pnpm exp run &#39;$(touch pwned) it&#39;\\&#39;&#39;s/q.yaml&#39;</code>`);
    expect(existsSync(join(root, 'pwned'))).toBe(false);
  });

  it('a store written before quoting (an unquoted command in sweep.json) still gets a quoted command in its report', async () => {
    const root = makeWorkspace();
    const folder = join(root, 'experiments', HOSTILE_FOLDER);
    mkdirSync(folder);
    writeFileSync(join(folder, 'q.yaml'), sweep());
    expect((await expIn(root, ['run', join('experiments', HOSTILE_FOLDER, 'q.yaml'), '--workers', '1', '--no-report'])).code).toBe(0);
    const infoPath = join(root, 'experiments', 'runs', 'q', 'sweep.json');
    const info = JSON.parse(readFileSync(infoPath, 'utf8'));
    writeFileSync(infoPath, JSON.stringify({ ...info, command: `pnpm exp run ${HOSTILE_FOLDER}/q.yaml` }, null, 2) + '\n');

    expect((await expIn(root, ['report', 'q'])).code).toBe(0);
    const page = readFileSync(join(root, 'reports', 'q', 'index.html'), 'utf8');
    const shown = page.match(/<dt>re-create with<\/dt><dd><code>(.*?)<\/code>/)![1].replaceAll('&#39;', "'");
    expect(pasted(shown)).toEqual({ args: ['exp', 'run', `${HOSTILE_FOLDER}/q.yaml`], created: [] });
  });
});

describe('hidden characters in user text reach the report as visible codes', SLOW, () => {
  it('a description holding \\u202Eevil\\u200B: the page shows ‹U+202E› and ‹U+200B›, and holds no raw control character', async () => {
    const root = makeWorkspace();
    writeFileSync(join(root, 'experiments', 'sweeps', 'q.yaml'), sweep('description: "Check \\u202Eevil\\u200B here"'));
    const run = await runExp(root, ['run', 'sweeps/q.yaml', '--workers', '1']);
    expect(run.code, run.stderr).toBe(0);
    for (const page of [join(root, 'reports', 'q', 'index.html'), join(root, 'reports', 'index.html')]) {
      const text = readFileSync(page, 'utf8');
      expect(text, page).not.toMatch(/[\u061C\u200B-\u200F\u202A-\u202E\u2060\u2066-\u2069\uFEFF]/u);
    }
    const report = readFileSync(join(root, 'reports', 'q', 'index.html'), 'utf8');
    expect(report).toContain(
      '<p><bdi>Check <mark class="hidden-char" title="U+202E RIGHT-TO-LEFT OVERRIDE: a hidden character, shown as its code">‹U+202E›</mark>evil' +
        '<mark class="hidden-char" title="U+200B ZERO WIDTH SPACE: a hidden character, shown as its code">‹U+200B›</mark> here</bdi></p>',
    );
    // The store keeps what the user wrote: only the page shows it differently.
    expect(JSON.parse(readFileSync(join(root, 'experiments', 'runs', 'q', 'sweep.json'), 'utf8')).description).toBe('Check \u202Eevil\u200B here');
  });
});
