import { closest } from '@descent/settings';

/**
 * A small argument parser: positionals plus `--flag`, `--key value` and `--key=value`, checked against
 * each command's declared options so a typo gets "did you mean". No dependency: `exp --help` must
 * answer fast.
 */
export interface OptionSpec {
  type: 'boolean' | 'string' | 'number';
  description: string;
  /** Shown as `--workers <n>`. */
  placeholder?: string;
  /** A string option given any number of times: its value is the list of them. */
  repeatable?: boolean;
}

export interface CommandSpec {
  name: string;
  summary: string;
  usage: string;
  options: Record<string, OptionSpec>;
  /** Extra lines for --help (examples, notes). */
  details?: string[];
}

export interface ParsedArgs {
  positionals: string[];
  options: Record<string, string | number | boolean | string[]>;
}

export class UsageError extends Error {}

export function parseArgs(argv: readonly string[], spec: CommandSpec): ParsedArgs {
  const positionals: string[] = [];
  const options: ParsedArgs['options'] = {};
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--') continue; // `pnpm exp -- run x` passes a literal `--`
    if (!arg.startsWith('--') || arg === '-') {
      if (arg.startsWith('-') && arg !== '-' && arg !== '-h') throw new UsageError(`${spec.name}: unknown option '${arg}' (options are written --name)`);
      if (arg === '-h') options.help = true;
      else positionals.push(arg);
      continue;
    }
    const eq = arg.indexOf('=');
    const key = arg.slice(2, eq < 0 ? undefined : eq);
    if (key === 'help') {
      options.help = true;
      continue;
    }
    const option = spec.options[key];
    if (!option) {
      const known = Object.keys(spec.options);
      const guess = closestName(key, known);
      throw new UsageError(`${spec.name}: unknown option '--${key}'${guess ? `: did you mean '--${guess}'?` : ''} (see 'exp ${spec.name} --help')`);
    }
    if (option.type === 'boolean') {
      if (eq >= 0) throw new UsageError(`${spec.name}: --${key} is a switch and takes no value (got '${arg}')`);
      options[key] = true;
      continue;
    }
    const value = eq >= 0 ? arg.slice(eq + 1) : argv[++i];
    if (value === undefined || (eq < 0 && value.startsWith('--'))) throw new UsageError(`${spec.name}: --${key} needs a value (${option.placeholder ?? option.type})`);
    if (option.type === 'number') {
      const n = Number(value);
      if (value.trim() === '' || !Number.isFinite(n)) throw new UsageError(`${spec.name}: --${key} takes a number (got '${value}')`);
      options[key] = n;
    } else if (option.repeatable) options[key] = [...((options[key] as string[] | undefined) ?? []), value];
    else options[key] = value;
  }
  return { positionals, options };
}

export function formatHelp(spec: CommandSpec): string {
  const rows = Object.entries(spec.options).map(([key, o]) => [`--${key}${o.type === 'boolean' ? '' : ` <${o.placeholder ?? o.type}>`}`, o.description]);
  rows.push(['--help', 'show this help']);
  const width = Math.max(...rows.map((r) => r[0].length));
  return [
    `exp ${spec.name}: ${spec.summary}`,
    '',
    `usage: ${spec.usage}`,
    '',
    'options:',
    ...rows.map(([k, d]) => `  ${k.padEnd(width)}  ${d}`),
    ...(spec.details?.length ? ['', ...spec.details] : []),
  ].join('\n');
}

/** The closest candidate, if close enough to be a likely typo (tensor's rule, shared by all of Descent). */
export const closestName = closest;
