import { parseQueueAddress, QueueError, startQueueWorker, type QueueWorkerEvent } from '@descent/runner/queue';
import { formatHelp, parseArgs, UsageError, type CommandSpec } from '../args.js';
import { CliError } from '../cliError.js';
import { workspaceRoot } from '../paths.js';
import { allowPluginOption, pluginTrust } from '../pluginTrust.js';

export const spec: CommandSpec = {
  name: 'worker',
  summary: 'take runs from a Redis queue and train them, on this or any other machine',
  usage: 'pnpm exp worker --queue redis://host:port [options]',
  options: {
    queue: { type: 'string', placeholder: 'redis://host:port', description: 'the Redis server the coordinating `exp run --queue` uses (required)' },
    concurrency: { type: 'number', placeholder: 'n', description: 'runs trained at once, one thread each (default: CPU cores)' },
    'stall-timeout': {
      type: 'number',
      placeholder: 'seconds',
      description: 'how soon a run of a worker that died (killed, machine gone) goes to another worker (default 30)',
    },
    'allow-plugin': allowPluginOption,
  },
  details: [
    'Run it from the same checkout, at the same commit, as the coordinator: jobs name the sweep folder and',
    'plugin files by their path in the workspace, and a plugin whose content differs (sha256) is refused.',
    'Results go back through Redis; the coordinating `exp run --queue` (or `exp report --queue`) stores them.',
    'Ctrl-C stops taking runs and lets those in flight finish; a second Ctrl-C stops at once.',
    'example: pnpm exp worker --queue redis://coordinator:6379 --concurrency 8',
  ],
};

export async function main(argv: string[]): Promise<number> {
  const { positionals, options } = parseArgs(argv, spec);
  if (options.help) {
    console.log(formatHelp(spec));
    return 0;
  }
  if (positionals.length) throw new UsageError(`worker: takes no arguments (got ${positionals.join(' ')}); the sweep comes from the queue\n\n${formatHelp(spec)}`);
  if (typeof options.queue !== 'string') throw new UsageError(`worker: --queue redis://host:port is required (the Redis server of the coordinating 'exp run --queue')`);
  const concurrency = options.concurrency as number | undefined;
  if (concurrency !== undefined && (!Number.isInteger(concurrency) || concurrency < 1)) throw new UsageError(`worker: --concurrency takes a whole number ≥ 1 (got ${concurrency})`);
  const stallTimeout = options['stall-timeout'] as number | undefined;
  if (stallTimeout !== undefined && !(stallTimeout >= 0.1)) throw new UsageError(`worker: --stall-timeout takes a number of seconds ≥ 0.1 (got ${stallTimeout})`);

  try {
    const address = parseQueueAddress(options.queue);
    const root = workspaceRoot();
    const worker = await startQueueWorker(address, {
      root,
      allowPlugins: [...pluginTrust('worker', options).allowed],
      concurrency,
      stallTimeoutMs: stallTimeout === undefined ? undefined : stallTimeout * 1000,
      onEvent: (event) => report(event, address.shown, root),
    });

    let stopping = false;
    const onSignal = () => {
      if (stopping) {
        process.stderr.write('worker: stopped; its unfinished runs go to another worker after the stall timeout\n');
        process.exit(130);
      }
      stopping = true;
      process.stderr.write('worker: stopping after the runs in flight (Ctrl-C again to stop now)\n');
      void worker.close();
    };
    process.on('SIGINT', onSignal);
    process.on('SIGTERM', onSignal);
    try {
      await worker.done;
    } finally {
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
    }
    console.log('worker: stopped');
    return 0;
  } catch (error) {
    if (error instanceof QueueError) throw new CliError(`worker: ${error.message}`);
    throw error;
  }
}

/** One line per event: what a person watching a worker's terminal (or its log) wants to know. */
function report(event: QueueWorkerEvent, queue: string, root: string): void {
  const at = new Date().toISOString().slice(11, 19);
  switch (event.type) {
    case 'ready':
      console.log(`worker: taking runs from ${queue}, ${event.concurrency} at a time; workspace ${root}; Ctrl-C stops`);
      break;
    case 'started':
      console.log(`${at} took ${event.jobId}${event.attempt > 1 ? ` (attempt ${event.attempt})` : ''}`);
      break;
    case 'finished':
      console.log(`${at} ${event.status} ${event.jobId}${event.wallTimeMs === null ? '' : ` in ${(event.wallTimeMs / 1000).toFixed(1)} s`}`);
      break;
    case 'refused':
      console.error(`${at} refused ${event.jobId}: ${event.message}`);
      break;
    case 'failed':
      console.error(`${at} failed ${event.jobId}: ${event.message}`);
      break;
    case 'stalled':
      console.log(`${at} ${event.jobId}: its worker stopped answering; the run is back in the queue`);
      break;
    case 'warning':
      console.error(`${at} warning: ${event.message}`);
      break;
  }
}
