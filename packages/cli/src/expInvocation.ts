import { installedFromNpm } from '@descent/runner/store';
import { EXP_INVOCATION } from '@descent/sweep/stored';

/** How the user types `exp` here: `npx exp` when Descent is installed in a project's node_modules, else `pnpm exp` (this repository). */
export function expInvocation(): readonly string[] {
  return installedFromNpm() ? EXP_INVOCATION.installed : EXP_INVOCATION.workspace;
}
