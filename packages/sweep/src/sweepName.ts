/**
 * The one rule for names Descent stores things under: a sweep's name (its folder in `experiments/runs/`
 * and in `reports/`) and the name of an `exp compare` page. Checked before anything is written, by the
 * sweep validator, the run store and every command that takes a name; the JSON Schema's pattern derives
 * from the same lists.
 */

/**
 * At most this many characters. A name becomes a folder name next to run ids (16 hex), temporary
 * suffixes (`.tmp-old-<pid>-<n>`) and report paths (`<name>.html.tmp-<pid>`); file systems cap one name
 * at 255 bytes (and the names are ASCII, so a character is a byte). 100 leaves room for all of them.
 */
export const MAX_NAME_LENGTH = 100;

/** Letters, digits, `.`, `_`, `-`, starting with a letter or digit: one folder that stays where it is put. */
const CHARSET = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;

/** What `reports/` holds besides sweep folders, compared without case (macOS and Windows file systems ignore it). */
const REPORT_ENTRIES: Record<string, string> = {
  'index.html': "reports/index.html is the page that lists every sweep's report",
  compare: "reports/compare/ holds the pages of 'exp compare'",
};

/** The store's and the reports' temporary files and set-aside folders carry this mark (`<name>.tmp-<pid>-<n>`). */
export const TEMPORARY_MARK = '.tmp-';

/** Windows device names: no file or folder may be called so, with any extension. Stores are copied between machines. */
const WINDOWS_DEVICES = 'con|prn|aux|nul|com[1-9]|lpt[1-9]';
const WINDOWS_DEVICE = new RegExp(`^(?:${WINDOWS_DEVICES})(?:\\..*)?$`, 'i');

/** What a name may be, for the `expected` part of messages. */
export const NAME_RULE = `at most ${MAX_NAME_LENGTH} letters, digits, . _ - starting with a letter or digit, without .. or ${TEMPORARY_MARK}, not ending in .; not ${Object.keys(REPORT_ENTRIES).join(' or ')}, nor a Windows device name (con, nul, com1, …)`;

/**
 * Why `name` cannot be stored, phrased to follow the name ("'x' is reserved: …"), or null when it can.
 * The first rule broken is given: the charset, the length, then the reserved names.
 */
export function nameProblem(name: string): string | null {
  if (!CHARSET.test(name) || name.includes('..')) return "is not a safe folder name (letters, digits, '.', '_', '-', starting with a letter or digit, no '..')";
  if (name.length > MAX_NAME_LENGTH)
    return `is ${name.length} characters long, more than the ${MAX_NAME_LENGTH} a name may have (it becomes a folder name next to run ids, temporary suffixes and report paths, and file systems cap a name at 255 bytes)`;
  const lower = name.toLowerCase();
  if (REPORT_ENTRIES[lower] !== undefined) return `is reserved: ${REPORT_ENTRIES[lower]}`;
  if (lower.includes(TEMPORARY_MARK)) return `is reserved: names holding '${TEMPORARY_MARK}' are the store's and the reports' temporary files`;
  if (WINDOWS_DEVICE.test(name)) return 'is a device name on Windows (con, prn, aux, nul, com1–com9, lpt1–lpt9, with any extension), where a store holding it could not be copied';
  if (name.endsWith('.')) return 'ends in a dot, which Windows drops from folder names';
  return null;
}

/** `'index.html' is reserved: …` for a message, or null; a long name is shortened (its length is in the problem). */
export function sweepNameProblem(name: string): string | null {
  const problem = nameProblem(name);
  return problem === null ? null : `${showName(name)} ${problem}`;
}

/** A name as it reads in a one-line message: JSON-quoted when it holds anything odd, a long one cut short. */
export function showName(name: string): string {
  return CHARSET.test(name) ? `'${shortName(name)}'` : JSON.stringify(shortName(name));
}

/** The first 40 characters and an ellipsis, for a name longer than 48 (the message gives its length). */
export function shortName(name: string): string {
  return name.length > 48 ? `${name.slice(0, 40)}…` : name;
}

/** The rule as one regular expression, for the JSON Schema (whose patterns have no flags, hence `[Ii]` for a caseless letter). */
export function namePattern(): string {
  const caseless = (source: string) => source.replace(/[a-z]/g, (c) => `[${c.toUpperCase()}${c}]`);
  const literal = (text: string) => caseless(text).replace(/\./g, '\\.');
  const reserved = Object.keys(REPORT_ENTRIES).map(literal).join('|');
  const devices = caseless(WINDOWS_DEVICES);
  return `^(?!.*\\.\\.)(?!.*${literal(TEMPORARY_MARK)})(?!.*\\.$)(?!(?:${reserved})$)(?!(?:${devices})(?:\\..*)?$)[A-Za-z0-9][A-Za-z0-9._-]{0,${MAX_NAME_LENGTH - 1}}$`;
}
