import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

/*
 * BullMQ and ioredis take about a second to import: only programs that use a queue should pay for them.
 * A child process imports an entry with a loader hook that logs every module it loads, then, as a check
 * that the log would show it, imports bullmq itself.
 */

const runnerFolder = fileURLToPath(new URL('..', import.meta.url));
const folder = mkdtempSync(join(tmpdir(), 'descent-entries-'));
afterAll(() => rmSync(folder, { recursive: true, force: true }));

const hooks = `
import { appendFileSync } from 'node:fs';
let log;
export function initialize(data) { log = data.log; }
export async function load(url, context, nextLoad) {
  appendFileSync(log, url + '\\n');
  return nextLoad(url, context);
}
`;
const register = `
import { register } from 'node:module';
register(${JSON.stringify(new URL('hooks.mjs', `file://${folder}/`).href)}, { data: { log: process.env.DESCENT_MODULE_LOG } });
`;
writeFileSync(join(folder, 'hooks.mjs'), hooks);
writeFileSync(join(folder, 'register.mjs'), register);

const MARK = '--- entry imported';

/** The modules loaded by importing `entry`, then (after MARK) by importing bullmq. */
function modulesLoadedBy(entry: string): { entry: string[]; after: string[] } {
  const log = join(folder, `${entry.replace(/\W/g, '_')}.log`);
  writeFileSync(log, '');
  const script = `await import(${JSON.stringify(entry)}); (await import('node:fs')).appendFileSync(process.env.DESCENT_MODULE_LOG, ${JSON.stringify(MARK + '\n')}); await import('bullmq');`;
  execFileSync(process.execPath, ['--conditions=development', '--import', 'tsx', '--import', join(folder, 'register.mjs'), '--input-type=module', '-e', script], {
    cwd: runnerFolder,
    env: { ...process.env, DESCENT_MODULE_LOG: log },
    stdio: 'pipe',
  });
  const lines = readFileSync(log, 'utf8').split('\n').filter(Boolean);
  const mark = lines.indexOf(MARK);
  return { entry: lines.slice(0, mark), after: lines.slice(mark + 1) };
}

const queueLibrary = /\/node_modules\/(\.pnpm\/[^/]+\/node_modules\/)?(bullmq|ioredis)\//;

describe('the entries of @descent/runner', { timeout: 60_000 }, () => {
  it('the main entry loads neither BullMQ, ioredis nor the queue code', () => {
    const { entry, after } = modulesLoadedBy('@descent/runner');
    expect(entry.some((url) => url.endsWith('/runner/src/localExecutor.ts'))).toBe(true);
    expect(after.some((url) => queueLibrary.test(url))).toBe(true); // the log does show BullMQ when it loads
    expect(entry.filter((url) => queueLibrary.test(url) || url.includes('/runner/src/queue/'))).toEqual([]);
  });

  it('@descent/runner/store loads the run store without the training stack, the sweep language or node:crypto', () => {
    // What `exp show` and `exp list` import: at 100,000 runs the main entry's imports were most of `exp show`.
    const heavy = /\/packages\/(tensor|nn|optim|data)\/|\/node_modules\/(\.pnpm\/[^/]+\/node_modules\/)?(piscina|yaml|csv-parse|seedrandom)\/|\/sweep\/src\/(parse|validateSweep|expandSweep|identity)\.ts$|^node:crypto$/;
    const { entry } = modulesLoadedBy('@descent/runner/store');
    expect(entry.some((url) => url.endsWith('/runner/src/store.ts'))).toBe(true);
    expect(entry.filter((url) => heavy.test(url))).toEqual([]);
    // The pattern does match what the main entry loads.
    expect(modulesLoadedBy('@descent/runner').entry.filter((url) => heavy.test(url)).length).toBeGreaterThan(5);
  });

  it('@descent/runner/queue holds the queue executor', () => {
    const { entry } = modulesLoadedBy('@descent/runner/queue');
    expect(entry.some((url) => url.endsWith('/runner/src/queue/queueExecutor.ts'))).toBe(true);
  });
});
