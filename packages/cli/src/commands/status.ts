import { extname } from 'node:path';
import { RunStore } from '@descent/runner';
import { shellQuote } from '@descent/sweep';
import { parseQueueAddress, QueueError, queueStatus } from '@descent/runner/queue';
import { formatHelp, parseArgs, UsageError, type CommandSpec } from '../args.js';
import { CliError } from '../cliError.js';
import { storeRoot } from '../paths.js';
import { loadSweepFile, plural } from '../sweepFile.js';
import type { PluginTrust } from '@descent/optim';
import { allowPluginOption, pluginTrust } from '../pluginTrust.js';

export const spec: CommandSpec = {
  name: 'status',
  summary: "show how far a sweep on a Redis queue has got: waiting, active, finished, failed",
  usage: 'pnpm exp status <sweep.yaml | sweep-name> --queue redis://host:port',
  options: {
    queue: { type: 'string', placeholder: 'redis://host:port', description: 'the Redis server the sweep was queued on (required)' },
    'allow-plugin': allowPluginOption,
  },
  details: [
    'Finished runs wait in Redis until collected: `exp run <sweep.yaml> --queue …` (which also waits for the rest)',
    'or `exp report <sweep> --queue …` moves them into the run store.',
  ],
};

export async function main(argv: string[]): Promise<number> {
  const { positionals, options } = parseArgs(argv, spec);
  if (options.help) {
    console.log(formatHelp(spec));
    return 0;
  }
  if (positionals.length !== 1) throw new UsageError(`status: expected one sweep file or sweep name (got ${positionals.length ? positionals.join(' ') : 'none'})\n\n${formatHelp(spec)}`);
  if (typeof options.queue !== 'string') throw new UsageError(`status: --queue redis://host:port is required (the Redis server the sweep was queued on)`);

  const store = new RunStore(storeRoot());
  const { name, runIds } = await sweepRuns(positionals[0], store, pluginTrust('status', options));
  try {
    const address = parseQueueAddress(options.queue);
    const s = await queueStatus(address, store, name, runIds);
    const done = s.stored + s.completed + s.failed;
    console.log(`${name}: ${plural(s.total, 'run')} on ${address.shown}, ${done} done (${Math.round((100 * done) / Math.max(1, s.total))}%)`);
    console.log(`  waiting    ${s.waiting}`);
    console.log(`  active     ${s.active}`);
    console.log(`  completed  ${s.completed}${s.completed ? '   (finished on workers; `exp run … --queue` or `exp report … --queue` collects them)' : ''}`);
    console.log(`  failed     ${s.failed}${s.failed ? '   (recorded as failed when collected)' : ''}`);
    console.log(`  stored     ${s.stored}   (in the run store)`);
    if (s.notQueued) console.log(`  not queued ${s.notQueued}   (start them with \`exp run <sweep.yaml> --queue …\`)`);
    console.log(s.workers === null ? 'workers: the server does not say (CLIENT LIST is not allowed)' : `workers: ${s.workers} connected`);
    return 0;
  } catch (error) {
    if (error instanceof QueueError) throw new CliError(`status: ${error.message}`);
    throw error;
  }
}

/** The sweep's name and run ids: from the sweep file when given one, else from what `exp run` stored. */
async function sweepRuns(arg: string, store: RunStore, trust: PluginTrust): Promise<{ name: string; runIds: string[] }> {
  const ext = extname(arg);
  if (ext === '.yaml' || ext === '.yml') {
    const loaded = await loadSweepFile(arg, trust);
    return { name: loaded.sweep.name, runIds: loaded.specs.map((s) => s.runId) };
  }
  const info = store.sweeps().includes(arg) ? store.readSweepInfo(arg) : null;
  if (!info) {
    const known = store.sweeps();
    throw new CliError(`status: no stored sweep '${arg}' (sweeps: ${known.join(', ') || 'none'}); give the sweep file instead, e.g. ${shellQuote(`sweeps/${arg}.yaml`)}`);
  }
  return { name: info.name, runIds: info.runIds };
}
