import { relative } from 'node:path';
import { OLDEST_CURRENT_SCHEMA, type RunStore } from '@descent/runner/store';
import { rerunCommand } from '@descent/sweep/stored';
import { userCwd } from './paths.js';
import { expInvocation } from './expInvocation.js';

/**
 * What to tell the user about a sweep whose store folder holds runs recorded in an older format (their run
 * ids and seeds were derived before paired seeds): they are left out of runs, lists and reports, never mixed
 * with current ones. Null when there are none. `states`: the sweep's run states if the caller has just read them.
 */
export function outdatedRunsNote(store: RunStore, sweep: string, states = store.runStates(sweep)): string | null {
  const count = store.outdatedRunIds(sweep, states).length;
  if (count === 0) return null;
  // As the user would type it, from the folder they typed the command in.
  const folder = relative(userCwd(), store.sweepDir(sweep)) || store.sweepDir(sweep);
  const info = store.sweepInfoEntry(sweep);
  // The command from the sweep's file, quoted here (an older store's `command` field may not be).
  const rerun = info.state === 'valid' ? ` and run \`${rerunCommand(info.info.file, expInvocation())}\` again` : '';
  return (
    `note: ${folder} holds ${count} run${count === 1 ? '' : 's'} of '${sweep}' in an older record format (before record schema ${OLDEST_CURRENT_SCHEMA}, ` +
    `with run ids and seeds from before paired seeds); ${count === 1 ? 'it is' : 'they are'} left out of runs, lists and reports. ` +
    `To start clean, delete ${folder}${rerun}.`
  );
}
