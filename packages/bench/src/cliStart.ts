import { join } from 'node:path';
import { summarizeRates, type Rate } from './measure.js';
import { runProcess } from './runProcess.js';

/** Issue 6: `pnpm exp --help` answers in at most this many seconds. */
export const HELP_SECONDS_NEEDED = 1.5;

/** How long `exp --help` takes from a shell, in seconds per round (median and range). */
export interface CliStartResult {
  rounds: number;
  /** `pnpm exp --help` typed in the repository: pnpm's start, turbo's check that the build is fresh, the CLI. Null when pnpm is not on PATH. */
  pnpm: Rate | null;
  /** `node packages/cli/dist/bin.js --help`: the CLI's build alone (what `pnpm exp` runs once the build is fresh). */
  built: Rate;
  /** Seconds `pnpm exp` adds to the build alone (pnpm's start and turbo's check), paired per round. Null without pnpm. */
  pnpmExtra: Rate | null;
}

export interface CliStartOptions {
  repoRoot: string;
  rounds?: number;
  log?: (line: string) => void;
}

/**
 * Time `exp --help` from a shell, interleaved over rounds: as typed through pnpm, and the CLI's build run by
 * node directly. A first `pnpm exp --help` before the rounds builds what is stale, so the rounds time the
 * start a user sees on every command but the first after an edit. Each command must print the help and
 * exit 0: a fast failure is not a start.
 */
export async function measureCliStart(options: CliStartOptions): Promise<CliStartResult> {
  const { repoRoot } = options;
  const rounds = options.rounds ?? 5;
  const log = options.log ?? (() => {});
  const bin = join(repoRoot, 'packages', 'cli', 'dist', 'bin.js');
  const viaBuild = () => timeHelp(process.execPath, [bin, '--help'], repoRoot, process.env);
  const viaPnpm = () => timeHelp('pnpm', ['exp', '--help'], repoRoot, process.env);

  const hasPnpm = await viaPnpm().then(
    () => true,
    (error: NodeJS.ErrnoException) => {
      if (error.code !== 'ENOENT') throw error;
      log('cli start: pnpm is not on PATH; `pnpm exp --help` left out');
      return false;
    },
  );
  const pnpm: number[] = [];
  const built: number[] = [];
  for (let round = 0; round < rounds; round++) {
    // Alternate the order, so that a busy moment of a shared machine lands on each in turn.
    const order = round % 2 === 0 ? (['built', 'pnpm'] as const) : (['pnpm', 'built'] as const);
    for (const which of order) {
      if (which === 'built') built.push(await viaBuild());
      else if (hasPnpm) pnpm.push(await viaPnpm());
    }
    log(`  round ${round + 1}: ${hasPnpm ? `pnpm exp ${pnpm.at(-1)!.toFixed(2)} s, ` : ''}node dist/bin.js ${built.at(-1)!.toFixed(2)} s`);
  }
  return {
    rounds,
    pnpm: hasPnpm ? summarizeRates(pnpm) : null,
    built: summarizeRates(built),
    pnpmExtra: hasPnpm ? summarizeRates(pnpm.map((p, i) => p - built[i])) : null,
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
