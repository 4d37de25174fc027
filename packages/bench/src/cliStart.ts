import { join } from 'node:path';
import { summarizeRates, type Rate } from './measure.js';
import { runProcess } from './runProcess.js';

/** Issue 6: `pnpm exp --help` answers in at most this many seconds. */
export const HELP_SECONDS_NEEDED = 1.5;

/** How long `exp --help` takes from a shell, in seconds per round (median and range). */
export interface CliStartResult {
  rounds: number;
  /** `pnpm exp --help` typed in the repository: pnpm's own start, then the launcher. Null when pnpm is not on PATH. */
  pnpm: Rate | null;
  /** `node packages/cli/exp.mjs --help`: the CLI from its cached bundle (what `pnpm exp` runs). */
  bundle: Rate;
  /** The same with DESCENT_EXP_SOURCES=1: the CLI's sources through tsx's loader hooks. */
  sources: Rate;
  /** sources ÷ bundle, paired per round. */
  bundleSpeedup: Rate;
}

export interface CliStartOptions {
  repoRoot: string;
  rounds?: number;
  log?: (line: string) => void;
}

/**
 * Time `exp --help` from a shell, interleaved over rounds: as typed through pnpm, from the launcher's bundle,
 * and from the sources through tsx. A first launch before the rounds builds the bundle if it is stale, so the
 * rounds time the start a user sees on every command but the first after an edit. Each command must print
 * the help and exit 0: a fast failure is not a start.
 */
export async function measureCliStart(options: CliStartOptions): Promise<CliStartResult> {
  const { repoRoot } = options;
  const rounds = options.rounds ?? 5;
  const log = options.log ?? (() => {});
  const launcher = join(repoRoot, 'packages', 'cli', 'exp.mjs');
  const node = (env: NodeJS.ProcessEnv) => () => timeHelp(process.execPath, ['--conditions=development', launcher, '--help'], repoRoot, env);
  const viaBundle = node({ ...process.env, DESCENT_EXP_SOURCES: '' });
  const viaSources = node({ ...process.env, DESCENT_EXP_SOURCES: '1' });
  const viaPnpm = () => timeHelp('pnpm', ['exp', '--help'], repoRoot, { ...process.env, DESCENT_EXP_SOURCES: '' });

  await viaBundle();
  const hasPnpm = await viaPnpm().then(
    () => true,
    (error: NodeJS.ErrnoException) => {
      if (error.code !== 'ENOENT') throw error;
      log('cli start: pnpm is not on PATH; `pnpm exp --help` left out');
      return false;
    },
  );
  const pnpm: number[] = [];
  const bundle: number[] = [];
  const sources: number[] = [];
  for (let round = 0; round < rounds; round++) {
    // Alternate the order, so that a busy moment of a shared machine lands on each in turn.
    const order = round % 2 === 0 ? (['bundle', 'sources', 'pnpm'] as const) : (['pnpm', 'sources', 'bundle'] as const);
    for (const which of order) {
      if (which === 'bundle') bundle.push(await viaBundle());
      else if (which === 'sources') sources.push(await viaSources());
      else if (hasPnpm) pnpm.push(await viaPnpm());
    }
    log(`  round ${round + 1}: ${hasPnpm ? `pnpm exp ${pnpm.at(-1)!.toFixed(2)} s, ` : ''}bundle ${bundle.at(-1)!.toFixed(2)} s, sources ${sources.at(-1)!.toFixed(2)} s`);
  }
  return {
    rounds,
    pnpm: hasPnpm ? summarizeRates(pnpm) : null,
    bundle: summarizeRates(bundle),
    sources: summarizeRates(sources),
    bundleSpeedup: summarizeRates(sources.map((s, i) => s / bundle[i])),
  };
}

/** Seconds from spawn to exit of a command that must print exp's help and exit 0. */
async function timeHelp(command: string, args: string[], cwd: string, env: NodeJS.ProcessEnv): Promise<number> {
  const started = performance.now();
  const { code, output } = await runProcess(command, args, cwd, env);
  const seconds = (performance.now() - started) / 1000;
  if (code !== 0 || !output.includes('usage: pnpm exp')) throw new Error(`cli start: '${command} ${args.join(' ')}' exited ${code} without the help:\n${output}`);
  return seconds;
}
