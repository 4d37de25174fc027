import { existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { RunStore, SET_ASIDE_FOLDER, SWEEP_SUBSTORES, sweepSubStore } from '@descent/runner';
import { sweepNameProblem } from '@descent/sweep';
import { formatHelp, parseArgs, UsageError, type CommandSpec } from '../args.js';
import { CliError } from '../cliError.js';
import { shownPath } from '../damagedRuns.js';
import { storeRoot } from '../paths.js';
import { plural } from '../sweepFile.js';
import { allowOutsideOption, guardWrites, sweepWritePaths } from '../workspaceGuard.js';

export const spec: CommandSpec = {
  name: 'doctor',
  summary: 'list every damaged or half-written entry of the run store, and what --repair would do with it',
  usage: 'pnpm exp doctor [sweep-name] [--repair]',
  options: {
    repair: { type: 'boolean', description: 'do it: move damaged entries into the sweep\'s .damaged/ folder, remove what dead processes left' },
    'allow-outside': allowOutsideOption,
  },
  details: [
    'Damaged: a record.json, meta.json or sweep.json that is empty, truncated, not JSON or of the wrong shape, and',
    'a run folder without its record. Half-written: temporary folders and run locks of processes that are gone.',
    'Nothing is deleted but those temporaries: damaged entries are moved aside, and `exp run` trains them again.',
    'Exit codes: 0 the store is healthy (or --repair repaired everything); 1 it found something (to repair).',
  ],
};

/** One thing found: what it is, what --repair does, and the repair itself (null: nothing doctor can do). */
interface Finding {
  what: string;
  plan: string;
  repair: (() => string) | null;
}

export async function main(argv: string[]): Promise<number> {
  const { positionals, options } = parseArgs(argv, spec);
  if (options.help) {
    console.log(formatHelp(spec));
    return 0;
  }
  if (positionals.length > 1) throw new UsageError(`doctor: expected at most one sweep name (got ${positionals.join(' ')})\n\n${formatHelp(spec)}`);
  const store = new RunStore(storeRoot());
  const known = store.sweeps();
  const sweeps = positionals.length === 0 ? known : positionals;
  for (const name of sweeps) {
    const unsafe = sweepNameProblem(name);
    if (unsafe) throw new UsageError(`doctor: sweep name ${unsafe}`);
    if (!known.includes(name)) throw new CliError(`doctor: no sweep '${name}' in ${shownPath(store.root)} (sweeps: ${known.join(', ') || 'none'})`);
  }

  const findings: Finding[] = [];
  let runs = 0;
  for (const sweep of sweeps) {
    const found = examine(store, sweep);
    findings.push(...found.findings);
    runs += found.runs;
    // Early termination's rung runs and exp audit's full runs: stores of the same format inside the sweep's folder.
    for (const which of Object.keys(SWEEP_SUBSTORES) as (keyof typeof SWEEP_SUBSTORES)[]) {
      const sub = sweepSubStore(store, sweep, which);
      if (!existsSync(sub.sweepDir(sweep))) continue;
      const inside = examine(sub, sweep, { sweepInfo: false });
      findings.push(...inside.findings);
      runs += inside.runs;
    }
  }
  const repair = Boolean(options.repair);
  // Repairing moves and removes entries of the store: only inside the workspace, as every write.
  if (repair) guardWrites(sweeps.flatMap((sweep) => sweepWritePaths(sweep, { report: false })), options);
  let unrepaired = 0;
  for (const finding of findings) {
    if (!repair) console.log(`${finding.what}; ${finding.plan}`);
    else if (finding.repair === null) {
      console.log(`${finding.what}; ${finding.plan}`);
      unrepaired++;
    } else console.log(`${finding.what}; ${finding.repair()}`);
  }
  const checked = `${plural(sweeps.length, 'sweep')}, ${plural(runs, 'run folder')}`;
  if (findings.length === 0) {
    console.log(`the store is healthy (${checked} checked)`);
    return 0;
  }
  if (!repair) {
    console.log(`${plural(findings.length, 'problem')} in the store (${checked} checked); 'exp doctor --repair' does what is said above, then 'exp run' trains the damaged runs again`);
    return 1;
  }
  console.log(`repaired ${findings.length - unrepaired} of ${plural(findings.length, 'problem')}; 'exp run <sweep file>' trains the damaged runs again`);
  return unrepaired === 0 ? 0 : 1;
}

/** What is wrong in one sweep's folder, and what is kept there (set aside earlier, in use by a live process). */
function examine(store: RunStore, sweep: string, { sweepInfo = true } = {}): { findings: Finding[]; runs: number } {
  const dir = store.sweepDir(sweep);
  const findings: Finding[] = [];
  const moveAside = (name: string) => () => {
    const aside = store.setAside(sweep, name);
    return aside === null ? 'gone already (another process moved it)' : `moved to ${shownPath(aside)}`;
  };

  // A sub-store (`sweepInfo: false`) has no sweep.json of its own.
  const info = sweepInfo ? store.sweepInfoEntry(sweep) : null;
  if (info?.state === 'damaged') {
    findings.push({
      what: `${shownPath(info.damage.path)}: damaged (${info.damage.reason})`,
      plan: `--repair moves it into ${shownPath(join(dir, SET_ASIDE_FOLDER))}/; 'exp run <its sweep file>' writes it again`,
      repair: moveAside('sweep.json'),
    });
  } else if (info?.state === 'missing') {
    findings.push({ what: `${shownPath(dir)}: no sweep.json`, plan: "'exp run <its sweep file>' writes it (nothing for --repair to do)", repair: null });
  }

  const entries = store.entries(sweep);
  for (const entry of entries) {
    if (entry.state !== 'damaged') continue;
    findings.push({
      what: `${shownPath(entry.damage.path)}: damaged (${entry.damage.reason})`,
      plan: `--repair moves ${shownPath(store.runDir(sweep, entry.runId))} into ${shownPath(join(dir, SET_ASIDE_FOLDER))}/; 'exp run' trains it again`,
      repair: moveAside(entry.runId),
    });
  }

  for (const leftover of store.leftovers(sweep)) {
    const path = join(dir, leftover.name);
    const kind = leftover.kind === 'lock' ? 'run lock' : 'temporary';
    if (leftover.alive) {
      console.log(`${shownPath(path)}: ${kind} of running process ${leftover.pid}; left alone`);
      continue;
    }
    findings.push({
      what: `${shownPath(path)}: ${kind} left by ${leftover.pid === null ? 'no process (it names none)' : `process ${leftover.pid}, which is gone`}`,
      plan: '--repair removes it',
      repair: () => {
        rmSync(path, { recursive: true, force: true });
        return 'removed';
      },
    });
  }

  for (const name of store.setAsideEntries(sweep)) {
    console.log(`${shownPath(join(dir, SET_ASIDE_FOLDER, name))}: set aside earlier; kept (delete it once you no longer need it)`);
  }
  return { findings, runs: entries.length };
}
