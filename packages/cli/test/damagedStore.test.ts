import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { expIn, makeWorkspace, recordBytes, runExp, runsDir, writeSweep, type ExpResult } from './_exp.js';

/**
 * Fault injection for the run store: every file the store writes (record.json, meta.json, sweep.json), damaged
 * in each way below, then the commands that read the store, through the real CLI. None may crash (no stack
 * trace, no engine error text), each names the damaged file, `exp run` repairs (the damaged entry kept in
 * .damaged/, every record byte-identical to an undamaged store's), and nothing else is touched.
 * The cases are files × damages: a new damage adds a case for every file.
 */

const SLOW = { timeout: 60_000 };
const SWEEP = 'tiny';

/** Three short runs on the ravine (lr 0.05 > 2/κ diverges, so a record holds NaN too): the store in well under a second. */
const sweepYaml = `name: ${SWEEP}
seed: 5
problem:
  landscape: { name: ravine, condition: 50 }
optimizer: { name: sgd, lr: 0.01 }
train: { batch_size: 1, steps: 20 }
metric: { name: loss, goal: minimize, target: 0.5 }
parameters:
  optimizer.lr: { values: [0.01, 0.02, 0.05] }
`;

/** A second sweep, undamaged, for `exp compare`. */
const OTHER = 'other';
const otherYaml = sweepYaml.replace(`name: ${SWEEP}`, `name: ${OTHER}`).replace('[0.01, 0.02, 0.05]', '[0.03]');

const FILES = ['record.json', 'meta.json', 'sweep.json'] as const;
type StoreFile = (typeof FILES)[number];

/** Each damage: the file's new bytes from its old ones (null: the file is deleted). */
const DAMAGES: Record<string, (bytes: Buffer, file: StoreFile) => Buffer | null> = {
  empty: () => Buffer.alloc(0),
  truncated: (bytes) => bytes.subarray(0, Math.floor(bytes.length / 2)),
  // NUL, invalid UTF-8, an ANSI colour escape: none of it may reach the terminal raw.
  garbage: () => Buffer.from([0x00, 0xff, 0xfe, 0x7b, 0x0a, 0x1b, 0x5b, 0x33, 0x31, 0x6d, 0x78]),
  null: () => Buffer.from('null\n'),
  'wrong type': (bytes, file) => {
    const value = JSON.parse(bytes.toString('utf8'));
    if (file === 'record.json') value.summary.finalMetric = String(value.summary.finalMetric);
    else if (file === 'meta.json') value.wallTimeMs = String(value.wallTimeMs);
    else value.seed = String(value.seed);
    return Buffer.from(JSON.stringify(value));
  },
  missing: () => null,
};

/** What each damage is called in the one-line message. */
const REASONS: Record<string, RegExp> = {
  empty: /\(empty\)/,
  truncated: /\(truncated JSON \(/,
  garbage: /\(not JSON \(/,
  null: /\(null\)/,
  'wrong type': /is a string \("[^"]*"\), expected a number/,
  missing: /\(missing\)/,
};

const COMMANDS = ['list', 'list tiny', 'show', 'report', 'compare', 'verify', 'doctor', 'run'] as const;
type Command = (typeof COMMANDS)[number];
/** The exit code each command must give, and whether it must name the damaged file. */
type Expectation = Record<Command, { code: number; names: boolean }>;

function expectation(file: StoreFile, damage: string): Expectation {
  const all = (code: number, names: boolean) => Object.fromEntries(COMMANDS.map((c) => [c, { code, names }])) as Expectation;
  // A run without meta.json is a run (a run whose worker thread died is stored without one): nothing to repair.
  if (file === 'meta.json' && damage === 'missing') return all(0, false);
  // A sweep folder without sweep.json has no report and nothing to verify against; doctor says so, `exp run` writes it.
  if (file === 'sweep.json' && damage === 'missing')
    return { ...all(0, false), report: { code: 1, names: false }, compare: { code: 1, names: false }, verify: { code: 1, names: false }, doctor: { code: 1, names: true } };
  if (file === 'sweep.json')
    return { ...all(0, true), show: { code: 0, names: false }, report: { code: 1, names: true }, compare: { code: 1, names: true }, verify: { code: 1, names: true }, doctor: { code: 1, names: true } };
  // A damaged run: readers (report, compare too) skip and name it; show and verify, asked about it, exit 1; doctor found something.
  return { ...all(0, true), show: { code: 1, names: true }, verify: { code: 1, names: true }, doctor: { code: 1, names: true } };
}

/** No stack trace, no engine error, no raw control character (a leak of the file's bytes): what a crash would show. */
function expectNoCrash(result: ExpResult, what: string): void {
  const output = result.stdout + result.stderr;
  expect(output, what).not.toMatch(/^\s+at .+:\d+:\d+\)?$/m);
  expect(output, what).not.toMatch(/SyntaxError|TypeError|RangeError|ReferenceError|Cannot read properties/);
  // eslint-disable-next-line no-control-regex
  expect(output.replace(/\r\x1b\[2K/g, ''), what).not.toMatch(/[\x00\x1b]/);
}

let pristine: string;
let runIds: string[];
let pristineRecords: Map<string, string>;
let pristineSweepInfo: string;

beforeAll(async () => {
  pristine = makeWorkspace();
  writeSweep(pristine, SWEEP, sweepYaml);
  writeSweep(pristine, OTHER, otherYaml);
  const made = await expIn(pristine, ['run', `sweeps/${SWEEP}.yaml`, `sweeps/${OTHER}.yaml`, '--workers', '1', '--no-report']);
  expect(made.code, made.stderr).toBe(0);
  pristineRecords = recordBytes(pristine, SWEEP);
  runIds = [...pristineRecords.keys()];
  expect(runIds).toHaveLength(3);
  pristineSweepInfo = readFileSync(join(runsDir(pristine, SWEEP), 'sweep.json'), 'utf8');
}, 60_000);

/** A copy of the undamaged store in a workspace of its own. */
function copyOfStore(): string {
  const root = makeWorkspace();
  writeSweep(root, SWEEP, sweepYaml);
  writeSweep(root, OTHER, otherYaml);
  cpSync(join(pristine, 'experiments', 'runs'), join(root, 'experiments', 'runs'), { recursive: true });
  return root;
}

const argsOf = (command: Command, runId: string): string[] =>
  command === 'show' ? ['show', runId] : command === 'compare' ? ['compare', SWEEP, OTHER] : command === 'verify' ? ['verify', SWEEP, '--all'] : command === 'run' ? ['run', `sweeps/${SWEEP}.yaml`, '--workers', '1'] : command.split(' ');

describe('a damaged store', SLOW, () => {
  const cases = FILES.flatMap((file) => Object.keys(DAMAGES).map((damage) => ({ file, damage })));

  it.each(cases)('$file $damage: no command crashes, each names the file, exp run repairs, nothing is lost', async ({ file, damage }) => {
    const root = copyOfStore();
    const damagedRun = runIds[0];
    const folder = runsDir(root, SWEEP);
    const path = file === 'sweep.json' ? join(folder, file) : join(folder, damagedRun, file);
    const shown = file === 'sweep.json' ? `experiments/runs/${SWEEP}/sweep.json` : `experiments/runs/${SWEEP}/${damagedRun}/${file}`;
    const original = readFileSync(path);
    const damaged = DAMAGES[damage](original, file);
    if (damaged === null) rmSync(path);
    else writeFileSync(path, damaged);
    // The other runs' record files, as they are on disk: they must not be rewritten.
    const others = runIds.filter((id) => file === 'sweep.json' || id !== damagedRun);
    const inodes = new Map(others.map((id) => [id, statSync(join(folder, id, 'record.json')).ino]));
    const expected = expectation(file, damage);

    for (const command of COMMANDS) {
      // `show` as a real child process: what a user's terminal gets, without the in-process harness.
      const result = command === 'show' ? await runExp(root, argsOf(command, damagedRun)) : await expIn(root, argsOf(command, damagedRun));
      const what = `${file} ${damage}: exp ${command}\n${result.stdout}\n${result.stderr}`;
      expectNoCrash(result, what);
      expect(result.code, what).toBe(expected[command].code);
      const output = result.stdout + result.stderr;
      if (expected[command].names) {
        const named = file === 'sweep.json' && damage === 'missing' ? `experiments/runs/${SWEEP}: no sweep.json` : shown;
        expect(output, what).toContain(named);
        if (!(file === 'sweep.json' && damage === 'missing')) expect(output, what).toMatch(REASONS[damage]);
        if (command === 'run') expect(result.stderr, what).toContain(`repaired: ${shown} was damaged`);
      } else {
        expect(output, what).not.toContain(': damaged (');
      }
    }

    // exp run repaired: the store is the undamaged one, byte for byte, and the damaged entry is kept aside.
    expect(recordBytes(root, SWEEP)).toEqual(pristineRecords);
    expect(readFileSync(join(folder, 'sweep.json'), 'utf8')).toBe(pristineSweepInfo);
    for (const [id, ino] of inodes) expect(statSync(join(folder, id, 'record.json')).ino, `${id} untouched`).toBe(ino);
    const aside = join(folder, '.damaged');
    if (expected.run.names) {
      const kept = file === 'sweep.json' ? join(aside, 'sweep-1', file) : join(aside, `${damagedRun}-1`, file);
      if (damaged === null) {
        // The run folder without its record was moved whole: its meta is kept.
        expect(readdirSync(join(aside, `${damagedRun}-1`))).toEqual(['meta.json']);
      } else {
        expect(readFileSync(kept).equals(damaged)).toBe(true);
      }
      // A damaged meta.json: the record the run wrote with it is kept beside it.
      if (file === 'meta.json') expect(readFileSync(join(aside, `${damagedRun}-1`, 'record.json'), 'utf8')).toBe(pristineRecords.get(damagedRun));
    } else {
      expect(existsSync(aside)).toBe(false);
    }
    const doctor = await expIn(root, ['doctor']);
    expect(doctor.code, doctor.stdout).toBe(0);
    expect(doctor.stdout).toContain('the store is healthy');
  });
});

/** The pid of a process that has exited. */
function deadPid(): number {
  return spawnSync(process.execPath, ['-e', '']).pid!;
}

describe('exp doctor', SLOW, () => {
  it('lists damaged runs and what dead processes left, repairs them with --repair (deleting no record), and exp run completes the store', async () => {
    const root = copyOfStore();
    const folder = runsDir(root, SWEEP);
    const [damagedRun, otherRun] = runIds;
    writeFileSync(join(folder, damagedRun, 'record.json'), '{"schema": 2, "runId"');
    const dead = deadPid();
    const temp = join(folder, `${otherRun}.tmp-${dead}-0`);
    mkdirSync(temp);
    writeFileSync(join(folder, `${otherRun}.lock`), String(dead));
    const liveTemp = join(folder, `${otherRun}.tmp-${process.pid}-9`);
    mkdirSync(liveTemp);

    const listed = await expIn(root, ['doctor', SWEEP]);
    expect(listed.code).toBe(1);
    expect(listed.stdout).toContain(`experiments/runs/${SWEEP}/${damagedRun}/record.json: damaged (truncated JSON`);
    expect(listed.stdout).toContain(`experiments/runs/${SWEEP}/${otherRun}.tmp-${dead}-0: temporary left by process ${dead}, which is gone; --repair removes it`);
    expect(listed.stdout).toContain(`experiments/runs/${SWEEP}/${otherRun}.lock: run lock left by process ${dead}, which is gone; --repair removes it`);
    expect(listed.stdout).toContain(`${otherRun}.tmp-${process.pid}-9: temporary of running process ${process.pid}; left alone`);
    expect(listed.stdout).toContain('3 problems in the store');
    // Listing changes nothing.
    expect(existsSync(temp)).toBe(true);
    expect(existsSync(join(folder, '.damaged'))).toBe(false);

    const repaired = await expIn(root, ['doctor', '--repair']);
    expect(repaired.code, repaired.stdout).toBe(0);
    expect(repaired.stdout).toContain(`moved to experiments/runs/${SWEEP}/.damaged/${damagedRun}-1`);
    expect(repaired.stdout).toContain('repaired 3 of 3 problems');
    expect(existsSync(temp)).toBe(false);
    expect(existsSync(join(folder, `${otherRun}.lock`))).toBe(false);
    expect(existsSync(liveTemp)).toBe(true);
    expect(readFileSync(join(folder, '.damaged', `${damagedRun}-1`, 'record.json'), 'utf8')).toBe('{"schema": 2, "runId"');
    rmSync(liveTemp, { recursive: true });

    const again = await expIn(root, ['doctor']);
    expect(again.code).toBe(0);
    expect(again.stdout).toContain(`experiments/runs/${SWEEP}/.damaged/${damagedRun}-1: set aside earlier; kept`);
    // The repaired run is simply not run yet: exp run trains it, to the undamaged store's bytes.
    const run = await expIn(root, ['run', `sweeps/${SWEEP}.yaml`, '--workers', '1', '--no-report']);
    expect(run.stdout).toContain('1 to do');
    expect(recordBytes(root, SWEEP)).toEqual(pristineRecords);
  });

  it('answers an unknown sweep with the sweeps there are, exit 1', async () => {
    const root = copyOfStore();
    const { code, stderr } = await expIn(root, ['doctor', 'nope']);
    expect(code).toBe(1);
    expect(stderr).toContain(`doctor: no sweep 'nope' in experiments/runs (sweeps: ${OTHER}, ${SWEEP})`);
  });
});
