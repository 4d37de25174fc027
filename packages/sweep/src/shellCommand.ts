/**
 * Commands shown to the user for copying (in the CLI's messages, in `sweep.json`, in reports) are quoted
 * for a POSIX shell here, in one place: a path like `$(touch x)/s.yaml` pasted unquoted would run.
 */

/** Words made only of these characters need no quotes in any POSIX shell. */
const BARE = /^[A-Za-z0-9_./:=@%+-]+$/;

/** One word as a POSIX shell reads it back unchanged: bare when safe, else in single quotes (`'` written as `'\''`). */
export function shellQuote(word: string): string {
  return BARE.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`;
}

/** Words joined into one command line, each quoted (`shellCommand('pnpm', 'exp', 'run', file)`). */
export function shellCommand(...words: string[]): string {
  return words.map(shellQuote).join(' ');
}

/**
 * How `exp` is typed: `pnpm exp` in the Descent repository (its root script), `npx exp` in a project that
 * installed Descent from npm (where `pnpm exp` needs a script of the user's own).
 */
export const EXP_INVOCATION = { workspace: ['pnpm', 'exp'], installed: ['npx', 'exp'] } as const;

/** Which of the two ways a stored command was written with (anything else reads as the workspace's). */
export function invocationOf(command: string): readonly string[] {
  return command.startsWith(`${EXP_INVOCATION.installed.join(' ')} `) ? EXP_INVOCATION.installed : EXP_INVOCATION.workspace;
}

/**
 * The command that re-creates a sweep from its file as `SweepInfo.file` records it (relative to the
 * workspace root, or absolute when outside it): `pnpm exp run sweeps/momentum.yaml`, typed at the root.
 */
export function rerunCommand(file: string, invocation: readonly string[] = EXP_INVOCATION.workspace): string {
  const path = file.replace(/^experiments\//, '');
  // A path starting with '-' would read as an option.
  return shellCommand(...invocation, 'run', path.startsWith('-') ? `./${path}` : path);
}
