import { localExecutor, RunStore } from '@descent/runner';
import { formatHelp, parseArgs, UsageError, type CommandSpec } from '../args.js';
import { formatClaimVerdicts, storedClaimVerdicts } from '../claims.js';
import { storeRoot } from '../paths.js';
import { loadSweepFile } from '../sweepFile.js';
import { roundsOf } from '@descent/sweep';
import { allowPluginOption, pluginTrust } from '../pluginTrust.js';
import { runSweep } from './run.js';
import { allowOutsideOption, guardWrites, sweepWritePaths } from '../workspaceGuard.js';

export const spec: CommandSpec = {
  name: 'check',
  summary: "check a sweep's claims: run what is missing, then print each claim's verdict",
  usage: 'pnpm exp check <sweep.yaml> [options]',
  options: {
    'allow-undecided': { type: 'boolean', description: 'exit 0 when no claim is refuted, even if some stay undecided' },
    workers: { type: 'number', placeholder: 'n', description: 'worker threads for runs not yet in the store (default: CPU cores)' },
    'allow-outside': allowOutsideOption,
    'allow-plugin': allowPluginOption,
  },
  details: [
    'Runs that are already finished are read from the store; missing ones run first (as `exp run` would, report included).',
    'Exit codes: 0 every claim held; 1 a claim is refuted (or a run failed, or the sweep file is invalid);',
    '3 a claim is still undecided (0 with --allow-undecided); 2 a usage error; 130 interrupted.',
  ],
};

export async function main(argv: string[]): Promise<number> {
  const { positionals, options } = parseArgs(argv, spec);
  if (options.help) {
    console.log(formatHelp(spec));
    return 0;
  }
  if (positionals.length !== 1) throw new UsageError(`check: expected one sweep file (got ${positionals.length})\n\n${formatHelp(spec)}`);
  const workers = options.workers as number | undefined;
  if (workers !== undefined && (!Number.isInteger(workers) || workers < 1)) throw new UsageError(`check: --workers takes a whole number ≥ 1 (got ${workers})`);
  const loaded = await loadSweepFile(positionals[0], pluginTrust('check', options));
  const { sweep } = loaded;
  if (sweep.claims.length === 0) {
    console.log(`${sweep.name}: the sweep declares no claims (add a claims: list to ${loaded.shown})`);
    return 0;
  }
  const store = new RunStore(storeRoot());
  let runCode = 0;
  // A sweep decided in rounds: whether a round is missing is for the rounds to decide (they skip finished runs).
  if (roundsOf(sweep) !== null || loaded.specs.some((s) => !store.has(sweep.name, s.runId))) {
    guardWrites(sweepWritePaths(sweep.name), options);
    const executor = localExecutor({ workers });
    try {
      runCode = await runSweep(loaded, {}, null, executor, { printClaims: false });
    } finally {
      await executor.close();
    }
    if (runCode === 130) return 130;
  }
  // The sweep's runs: those its rounds asked for (the sweep info lists them), or every run of a fixed count.
  const runIds = roundsOf(sweep) !== null ? (store.readSweepInfo(sweep.name)?.runIds ?? []) : loaded.specs.map((s) => s.runId);
  const verdicts = storedClaimVerdicts(store, sweep, runIds);
  for (const line of formatClaimVerdicts(sweep.name, verdicts)) console.log(line);
  if (runCode !== 0 || verdicts.some((v) => v.verdict === 'refuted')) return 1;
  // 3, not 2: a script must tell "not decided yet" from a mistyped command (exp's usage errors exit 2).
  if (verdicts.some((v) => v.verdict === 'undecided') && !options['allow-undecided']) return 3;
  return 0;
}
