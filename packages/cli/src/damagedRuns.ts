import { relative } from 'node:path';
import type { Damage, RunStore } from '@descent/runner/store';
import { userCwd } from './paths.js';

/**
 * What the commands say about damaged entries of the store (a truncated, emptied or hand-edited record.json,
 * meta.json or sweep.json; the store's classification is runner/src/storeEntries.ts): one line each, naming
 * the file as the user would type it, and what fixes it. Readers skip damaged runs and go on; `exp run` moves
 * them aside and trains them again; `exp doctor` lists everything.
 *
 * Only types are imported from @descent/runner: exp.ts prints a DamagedEntryError with `damageLine` without
 * loading the training stack.
 */

/** A store path as the user would type it, from the folder they typed the command in. */
export function shownPath(path: string): string {
  return relative(userCwd(), path) || path;
}

/** `experiments/runs/momentum/3f2a…/record.json: damaged (truncated JSON (…)); 'exp run' trains it again, 'exp doctor' lists all`. */
export function damageLine(damage: Damage): string {
  const fix = damage.runId === null ? "'exp run <its sweep file>' writes it again" : "'exp run' trains it again";
  return `${shownPath(damage.path)}: damaged (${damage.reason}); ${fix}, 'exp doctor' lists all`;
}

/** Print a line (on stderr) for each damaged entry of `sweep` (of `states`, if just read); returns how many there are. */
export function warnDamaged(store: RunStore, sweep: string, states = store.runStates(sweep)): number {
  const damaged = store.damaged(sweep, states);
  for (const damage of damaged) console.error(damageLine(damage));
  return damaged.length;
}

/**
 * Before `exp run` writes the sweep's info and trains `runIds`: a damaged sweep.json, and every damaged run among
 * `runIds`, is moved into the sweep's `.damaged/` folder (never deleted), one line each, so the run trains it
 * again. Damaged runs the sweep file no longer has are only named (`exp doctor --repair` moves them). `states`: the
 * sweep's run states if the caller has just read them (RunStore.runStates); `warn` prints the lines (on stderr).
 */
export function setAsideDamaged(store: RunStore, sweep: string, runIds: readonly string[], states = store.runStates(sweep), warn: (line: string) => void = console.error): void {
  const toRun = new Set(runIds);
  for (const damage of store.damaged(sweep, states)) {
    const name = damage.runId ?? 'sweep.json';
    if (damage.runId !== null && !toRun.has(damage.runId)) {
      warn(`${shownPath(damage.path)}: damaged (${damage.reason}); not a run of the sweep file now, so not trained again: 'exp doctor --repair' moves it aside`);
      continue;
    }
    const aside = store.setAside(sweep, name);
    if (aside === null) continue; // another process moved or replaced it meanwhile
    const again = damage.runId === null ? 'writing it again' : 'training it again';
    warn(`repaired: ${shownPath(damage.path)} was damaged (${damage.reason}); kept in ${shownPath(aside)}, ${again}`);
  }
}
