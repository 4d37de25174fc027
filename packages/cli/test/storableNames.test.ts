import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { expIn, makeWorkspace, runExp, writeSweep, written } from './_exp.js';

// Issue 15, class 3: names that pass a charset check but cannot be stored (too long, or a name reports/ or the
// store already uses) are refused by the one name rule before anything is written.

const SLOW = { timeout: 40_000 };

const body = `seed: 1
problem:
  landscape: { name: ravine, condition: 10 }
optimizer: { name: sgd, lr: 0.01 }
train: { batch_size: 1, steps: 20 }
metric: { name: loss, goal: minimize }
`;

describe('names the store cannot hold', SLOW, () => {
  it('refuses a 300-character name at its name: key, one line, and writes nothing', async () => {
    const root = makeWorkspace();
    writeSweep(root, 'long', `name: ${'n'.repeat(300)}\n${body}`);
    // A real child process: the error is one line, no stack trace.
    const { code, stderr } = await runExp(root, ['run', 'sweeps/long.yaml']);
    expect(code).toBe(1);
    const lines = stderr.trim().split('\n');
    expect(lines[0]).toMatch(/^experiments\/sweeps\/long\.yaml:1:7: name: the sweep name is 300 characters long, more than the 100 a name may have .*255 bytes/);
    expect(lines[0]).toContain(`got "${'n'.repeat(40)}…"`);
    expect(lines).toHaveLength(2); // the issue and "1 issue in the sweep file; nothing was run."
    expect(stderr).not.toMatch(/ENAMETOOLONG|\n\s+at /);
    expect(written(root)).toEqual([]);
  });

  it('refuses a sweep named index.html, and a file index.html.yaml without name:, saying the name comes from the file', async () => {
    const root = makeWorkspace();
    writeSweep(root, 'keyed', `name: index.html\n${body}`);
    const keyed = await expIn(root, ['run', 'sweeps/keyed.yaml']);
    expect(keyed.code).toBe(1);
    expect(keyed.stderr).toMatch(/^experiments\/sweeps\/keyed\.yaml:1:7: name: the sweep name is reserved: reports\/index\.html is the page that lists every sweep's report \(got "index\.html"/);

    writeSweep(root, 'index.html', body);
    const fromFile = await expIn(root, ['run', 'sweeps/index.html.yaml']);
    expect(fromFile.code).toBe(1);
    expect(fromFile.stderr).toMatch(
      /^experiments\/sweeps\/index\.html\.yaml:1:1: name: the file name gives the sweep name 'index\.html', which is reserved: .*; add a name: key with a name of your own/,
    );
    expect(written(root)).toEqual([]);

    // With a name: key of its own the same file runs, and a later run and report of another sweep are not poisoned.
    writeSweep(root, 'index.html', `name: front\n${body}`);
    expect((await expIn(root, ['run', 'sweeps/index.html.yaml', '--workers', '1'])).code).toBe(0);
    writeSweep(root, 'other', body);
    expect((await expIn(root, ['run', 'sweeps/other.yaml', '--workers', '1'])).code).toBe(0);
    expect((await expIn(root, ['report'])).code).toBe(0);
    expect(readFileSync(join(root, 'reports', 'index.html'), 'utf8')).toContain('front/index.html');
  });

  it.each([
    ['compare', /is reserved: reports\/compare\/ holds the pages of 'exp compare'/],
    ['Sweep.tmp-1-2', /is reserved: names holding '\.tmp-'/],
    ['aux', /is a device name on Windows/],
    ['../up', /is not a safe folder name/],
  ])('refuses the sweep name %j before anything is written', async (name, why) => {
    const root = makeWorkspace();
    writeSweep(root, 's', `name: ${name}\n${body}`);
    const { code, stderr } = await expIn(root, ['run', 'sweeps/s.yaml']);
    expect(code).toBe(1);
    expect(stderr).toMatch(why);
    expect(written(root)).toEqual([]);
  });

  it('refuses a reserved name as a command argument: report, list, verify', async () => {
    const root = makeWorkspace();
    for (const args of [['report', 'index.html'], ['list', 'compare'], ['verify', 'x'.repeat(150)]]) {
      const { code, stderr } = await expIn(root, args);
      expect(code, args.join(' ')).toBe(2);
      expect(stderr.trim().split('\n'), args.join(' ')).toHaveLength(1);
      expect(stderr).toMatch(/sweep name '.*' (is reserved|is 150 characters long)/);
    }
  });

  it('exp compare --name goes through the same rule', async () => {
    const root = makeWorkspace();
    writeSweep(root, 'a', body);
    writeSweep(root, 'b', body.replace('lr: 0.01', 'lr: 0.02'));
    for (const file of ['a', 'b']) expect((await expIn(root, ['run', `sweeps/${file}.yaml`, '--workers', '1', '--no-report'])).code).toBe(0);
    const before = written(root);
    for (const [name, why] of [
      ['index.html', /^compare: --name 'index\.html' is reserved/],
      ['x'.repeat(101), /^compare: --name 'x{40}…' is 101 characters long/],
      ['con', /^compare: --name 'con' is a device name on Windows/],
      ['a/b', /^compare: --name "a\/b" is not a safe folder name/],
    ] as const) {
      const { code, stderr } = await expIn(root, ['compare', 'a', 'b', '--name', name]);
      expect(code, name).toBe(2);
      expect(stderr, name).toMatch(why);
    }
    expect(written(root)).toEqual(before);
    const ok = await expIn(root, ['compare', 'a', 'b', '--name', 'a-and-b']);
    expect(ok.code).toBe(0);
    expect(existsSync(join(root, 'reports', 'compare', 'a-and-b.html'))).toBe(true);
  });

  it('skips a store folder whose name the rule refuses, with a note, in list and report', async () => {
    const root = makeWorkspace();
    writeSweep(root, 'good', body);
    expect((await expIn(root, ['run', 'sweeps/good.yaml', '--workers', '1', '--no-report'])).code).toBe(0);
    // As an older version would have left it: a sweep folder named index.html, with a sweep.json.
    const refused = join(root, 'experiments', 'runs', 'index.html');
    mkdirSync(refused);
    writeFileSync(join(refused, 'sweep.json'), readFileSync(join(root, 'experiments', 'runs', 'good', 'sweep.json'), 'utf8').replace('"good"', '"index.html"'));

    const list = await expIn(root, ['list']);
    expect(list.code).toBe(0);
    expect(list.stdout).toMatch(/^good +1 /m);
    expect(list.stdout).not.toContain('index.html');
    expect(list.stderr).toContain(
      "note: experiments/runs/index.html is not read as a sweep: 'index.html' is reserved: reports/index.html is the page that lists every sweep's report; it is left as it is",
    );

    const report = await expIn(root, ['report']);
    expect(report.code).toBe(0);
    expect(report.stderr).toContain('note: experiments/runs/index.html is not read as a sweep');
    expect(readFileSync(join(root, 'reports', 'index.html'), 'utf8')).toContain('good/index.html');
    expect(existsSync(join(refused, 'sweep.json'))).toBe(true); // nothing lost
  });

  it('a workspace poisoned by an older version (reports/index.html a folder) still runs and reports, with a note', async () => {
    const root = makeWorkspace();
    mkdirSync(join(root, 'reports', 'index.html'), { recursive: true });
    writeFileSync(join(root, 'reports', 'index.html', 'index.html'), '<p>the old sweep report</p>');
    writeSweep(root, 'good', body);
    const run = await runExp(root, ['run', 'sweeps/good.yaml', '--workers', '1']);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr.trim()).toBe(
      'note: reports/index.html is a folder (the report of a sweep named index.html, from before such names were refused), so the index of reports is not written; move that folder away and run `pnpm exp report`',
    );
    expect(existsSync(join(root, 'reports', 'good', 'index.html'))).toBe(true);
    expect(readFileSync(join(root, 'reports', 'index.html', 'index.html'), 'utf8')).toBe('<p>the old sweep report</p>');
  });
});
