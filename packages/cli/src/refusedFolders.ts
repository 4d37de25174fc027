import { join, relative } from 'node:path';
import type { RunStore } from '@descent/runner/store';
import { userCwd } from './paths.js';

/**
 * One note per folder of the store whose name the name rule refuses (made by an older version, or by hand):
 * it is not read, and it is left as it is. Readers skip it instead of failing on it.
 */
export function refusedFolderNotes(store: RunStore): string[] {
  return store.refusedFolders().map(({ name, problem }) => {
    const folder = relative(userCwd(), join(store.root, name)) || join(store.root, name);
    return `note: ${folder} is not read as a sweep: ${problem}; it is left as it is (give its sweep file a name: key the rule accepts and run it again)`;
  });
}
