import { dirname, resolve } from 'node:path';
import { encodeRecord, loadCatalog, runIdentity, RunStore, trainRun } from '@descent/runner';
import { formatHelp, parseArgs, UsageError, type CommandSpec } from '../args.js';
import { CliError } from '../cliError.js';
import { storeRoot, workspaceRoot } from '../paths.js';

export const spec: CommandSpec = {
  name: 'verify',
  summary: 're-run a sample of finished runs and compare their records bit for bit',
  usage: 'pnpm exp verify <sweep-name> [--sample n | --all]',
  options: {
    sample: { type: 'number', placeholder: 'n', description: 'how many runs to re-run, spread evenly over the sweep (default 5)' },
    all: { type: 'boolean', description: 're-run every stored run' },
  },
  details: ['Exit code 0 when every re-run record is byte-identical to the stored one, 1 otherwise.'],
};

export async function main(argv: string[]): Promise<number> {
  const { positionals, options } = parseArgs(argv, spec);
  if (options.help) {
    console.log(formatHelp(spec));
    return 0;
  }
  if (positionals.length !== 1) throw new UsageError(`verify: expected one sweep name\n\n${formatHelp(spec)}`);
  const sweep = positionals[0];
  const store = new RunStore(storeRoot());
  const info = store.readSweepInfo(sweep);
  const ids = store.runIds(sweep);
  if (!info || ids.length === 0) throw new CliError(`verify: no stored runs for sweep '${sweep}' (sweeps: ${store.sweeps().join(', ') || 'none'})`);
  const sample = options.all ? ids.length : ((options.sample as number | undefined) ?? 5);
  if (!Number.isInteger(sample) || sample < 1) throw new UsageError(`verify: --sample takes a whole number ≥ 1 (got ${sample})`);
  // Evenly spaced over the sorted ids: deterministic, and covers the sweep rather than its start.
  const chosen = ids.length <= sample ? ids : Array.from({ length: sample }, (_, i) => ids[Math.floor((i * ids.length) / sample)]);

  const sweepFile = resolve(workspaceRoot(), info.file);
  const catalog = await loadCatalog(info.plugins, dirname(sweepFile));
  let mismatches = 0;
  for (const runId of chosen) {
    const { record } = store.read(sweep, runId);
    const identity = runIdentity(record.config, record.replicate);
    if (identity.runId !== runId || identity.seed !== record.seed) {
      console.log(`✗ ${runId}: the stored config hashes to ${identity.runId} (seed ${identity.seed}): the record was edited or written by another version`);
      mismatches++;
      continue;
    }
    const again = trainRun(
      { config: record.config, replicate: record.replicate, runId, seed: record.seed },
      { sweep, baseDir: dirname(sweepFile), optimizer: catalog.optimizer, pluginOf: catalog.pluginOf, now: () => performance.now() },
    );
    const same = encodeRecord(again.record) === store.recordBytes(sweep, runId);
    console.log(`${same ? '✓' : '✗'} ${runId} (${record.status}) ${same ? 'identical' : 'DIFFERS from the stored record'}`);
    if (!same) mismatches++;
  }
  console.log(`${chosen.length - mismatches} of ${chosen.length} runs reproduced bit for bit`);
  return mismatches === 0 ? 0 : 1;
}
