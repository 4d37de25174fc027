/**
 * Where Descent's own code is, for git (a module of its own, without meta.ts's imports: `exp list` asks
 * installedFromNpm without loading the training stack). A trap: bundled, import.meta.url is the built chunk's, so
 * this stays a file of this package.
 */
export const gitCwd = (): string => new URL('.', import.meta.url).pathname;

/**
 * Descent installed from npm (in some project's node_modules) has no commit of its own: a git call there would
 * answer with the commit of the project around it. Its version says what it is.
 */
export const installedFromNpm = (): boolean => gitCwd().split(/[\\/]/).includes('node_modules');
