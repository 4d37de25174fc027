import { closestName, UsageError } from './args.js';
import type { Damage } from '@descent/runner';
import { describeThrown } from '@descent/settings';
import { CliError } from './cliError.js';
import { damageLine } from './damagedRuns.js';

/**
 * `exp` as a function: argv in, exit code out, errors meant for the user printed without a stack trace.
 * bin.ts calls it for the real command line; tests call it in-process. Command modules are imported
 * lazily so `exp --help` answers without loading the training stack. A new command is one entry below.
 */
const commands: Record<string, { summary: string; load: () => Promise<{ main(argv: string[]): Promise<number> }> }> = {
  run: { summary: 'run a sweep (skips finished runs) and render its report', load: () => import('./commands/run.js') },
  check: { summary: "check a sweep's claims (runs what is missing); exit 1 if one is refuted, 3 if one is undecided", load: () => import('./commands/check.js') },
  report: { summary: 'render the HTML report of a sweep from its stored runs', load: () => import('./commands/report.js') },
  compare: { summary: 'render one report comparing several sweeps', load: () => import('./commands/compare.js') },
  list: { summary: 'list sweeps in the run store with their status counts', load: () => import('./commands/list.js') },
  show: { summary: 'show one run: config, status, summary', load: () => import('./commands/show.js') },
  export: { summary: "write a sweep's runs as CSV or JSON Lines, for pandas, R or a spreadsheet", load: () => import('./commands/export.js') },
  verify: { summary: 're-run a sample of finished runs and compare them bit for bit', load: () => import('./commands/verify.js') },
  audit: { summary: 'train a seeded sample of pruned configurations to the full budget: would any have beaten the winner?', load: () => import('./commands/audit.js') },
  schema: { summary: 'print the JSON Schema of sweep files (for editors)', load: () => import('./commands/schema.js') },
  optimizers: { summary: 'list optimizers, or `optimizers check <file-or-name>` for the conformance kit', load: () => import('./commands/optimizers.js') },
  worker: { summary: 'take runs from a Redis queue and train them (any number, on any machines)', load: () => import('./commands/worker.js') },
  doctor: { summary: 'list damaged or half-written entries of the run store (exit 1 if any); --repair moves them aside', load: () => import('./commands/doctor.js') },
  status: { summary: 'show the progress of a sweep queued with `run --queue`', load: () => import('./commands/status.js') },
};

function help(): string {
  const width = Math.max(...Object.keys(commands).map((c) => c.length));
  return [
    'exp: run, record and compare neural-network training sweeps',
    '',
    'usage: pnpm exp <command> [options]     (each command has --help)',
    '',
    'commands:',
    ...Object.entries(commands).map(([name, c]) => `  ${name.padEnd(width)}  ${c.summary}`),
    '',
    'example: pnpm exp run sweeps/momentum.yaml',
    'Paths resolve against the folder you typed the command in, then experiments/.',
  ].join('\n');
}

async function dispatch(argv: string[]): Promise<number> {
  const args = argv[0] === '--' ? argv.slice(1) : argv;
  const [name, ...rest] = args;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    console.log(help());
    return name === undefined ? 2 : 0;
  }
  const command = commands[name];
  if (!command) {
    const guess = closestName(name, Object.keys(commands));
    console.error(`exp: unknown command '${name}'${guess ? `: did you mean '${guess}'?` : ''}\n\n${help()}`);
    return 2;
  }
  return (await command.load()).main(rest);
}

/** Run `exp` with `argv` (without the node and script paths); resolves to the exit code, never rejects. */
export async function exp(argv: string[]): Promise<number> {
  try {
    return await dispatch(argv);
  } catch (error) {
    if (error instanceof UsageError) {
      console.error(error.message);
      return 2;
    }
    if (error instanceof CliError) {
      console.error(error.message);
      return error.exitCode;
    }
    // A full disk or a plugin edited under a sweep: one line (loaded only now, it needs the runner).
    const halted = (await import('./haltMessage.js')).haltMessage(error, argv[0] === '--' ? argv.slice(1) : argv);
    if (halted !== null) {
      console.error(halted);
      return 1;
    }
    // A damaged file of the run store met by a command that needs it (commands that can go on without it do).
    if (error instanceof Error && error.name === 'DamagedEntryError' && 'damage' in error) {
      console.error(damageLine(error.damage as Damage));
      return 1;
    }
    console.error(describeThrown(error, { stack: true }));
    return 1;
  }
}
