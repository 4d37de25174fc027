import { relative } from 'node:path';
import { RECORD_SCHEMA, type RunStore } from '@descent/runner/store';
import { rerunCommand } from '@descent/sweep/stored';
import { userCwd } from './paths.js';
import { expInvocation } from './expInvocation.js';

/**
 * What to tell the user about a sweep whose store folder holds runs this version does not read as current: an
 * older record format (run ids and seeds from before paired seeds) or an older engine (an MLP trained through the
 * hand-fused step before record schema 4, whose last bits this version does not reproduce). They are left out of
 * runs, lists and reports, never mixed with current ones; `exp run` trains those the sweep still defines again.
 * Null when there are none. `states`: the sweep's run states if the caller has just read them.
 */
export function outdatedRunsNote(store: RunStore, sweep: string, states = store.runStates(sweep)): string | null {
  const count = store.outdatedRunIds(sweep, states).length;
  if (count === 0) return null;
  // As the user would type it, from the folder they typed the command in.
  const folder = relative(userCwd(), store.sweepDir(sweep)) || store.sweepDir(sweep);
  const info = store.sweepInfoEntry(sweep);
  // The command from the sweep's file, quoted here (an older store's `command` field may not be).
  const rerun = info.state === 'valid' ? `\`${rerunCommand(info.info.file, expInvocation())}\`` : '`exp run` on its sweep file';
  return (
    `note: ${folder} holds ${count} run${count === 1 ? '' : 's'} of '${sweep}' recorded by an older version of Descent (record schema before ${RECORD_SCHEMA}), ` +
    `whose results this version would not reproduce; ${count === 1 ? 'it is' : 'they are'} left out of runs, lists and reports. ` +
    `${rerun} trains the sweep's runs again, replacing their records; to start clean, delete ${folder} first.`
  );
}
