import { sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { EXP_INVOCATION } from '@descent/sweep';

/** How the user types `exp` here: `npx exp` when Descent is installed in a project's node_modules, else `pnpm exp` (this repository). */
export function expInvocation(): readonly string[] {
  return fileURLToPath(import.meta.url).split(sep).includes('node_modules') ? EXP_INVOCATION.installed : EXP_INVOCATION.workspace;
}
