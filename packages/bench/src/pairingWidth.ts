import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { localExecutor, openSweep, RunStore, type OpenedSweep, type RunRecord } from '@descent/runner';
import { compare } from '@descent/stats';
import { canonicalJson, type Pairing, type RunSpec, type StreamName } from '@descent/sweep';

export interface PairingWidthOptions {
  /** The sweep file to measure on (experiments/sweeps/momentum.yaml). */
  sweepFile: string;
  replicates: number;
  workers: number;
  /** Also run the partial pairings that show which stream's noise dominates (six more sweeps; default true). */
  streams?: boolean;
  log?: (line: string) => void;
}

/** One comparison of two configurations, made with paired seeds and with independent ones. */
export interface WidthComparison {
  label: string;
  /** Width of the BCa interval of the effect with paired seeds (paired differences) and with independent seeds (difference of means). */
  pairedWidth: number;
  independentWidth: number;
  /** independentWidth / pairedWidth: how many times narrower the paired interval is. */
  ratio: number;
}

/** A group of comparisons and the median of their ratios. */
export interface WidthGroup {
  name: string;
  comparisons: WidthComparison[];
  /** Comparisons left out because a run of either side diverged (no finite metric). */
  leftOut: string[];
  medianRatio: number;
}

/** Which streams, shared alone, narrow the intervals how much (median ratio over the momentum comparisons). */
export interface StreamShare {
  shared: StreamName[];
  medianRatio: number;
}

export interface PairingWidthResult {
  replicates: number;
  /** Momentum ρ > 0 against momentum 0 at each learning rate and batch size. */
  momentum: WidthGroup;
  /** The best configuration (lowest mean metric with paired seeds) against each neighbour on the grid. */
  best: WidthGroup;
  /** The momentum comparisons made on the metric after each of a few epochs (median ratio): whether pairing's benefit fades as runs part ways. */
  epochs: { epoch: number; medianRatio: number }[];
  /** Streams shared one set at a time, the others independent: which stream's noise dominates (none and all only, without `streams`). */
  streams: StreamShare[];
  runs: number;
  elapsedMs: number;
}

/** A configuration's runs: the final metric per replicate, and the metric at each epoch's evaluation per replicate. */
type Group = { config: RunRecord['config']; values: number[]; byEpoch: number[][] };

/** Epochs at which the momentum comparisons are also made, to see how the pairing's benefit changes as training goes on. */
const EPOCHS = [1, 2, 5, 10, 20];

/** Partial pairings measured besides `paired` (all streams shared) and `independent` (none). */
const PARTIAL: StreamName[][] = [['data'], ['init'], ['shuffle'], ['data', 'init'], ['data', 'shuffle'], ['init', 'shuffle']];

/**
 * How much paired seeds narrow the confidence interval of a comparison. The sweep is run at equal replicates
 * with `pairing: paired` and with `pairing: independent` (copies of the file in a temporary folder with a store
 * of its own), and, to see which stream's noise dominates, with the independent runs given only some of the
 * paired stream seeds. Each comparison goes through @descent/stats `compare` (paired differences when
 * replicates share any stream, the difference of means when they share none; same bootstrap seed and
 * resamples). The temporary folder is removed afterwards.
 */
export async function measurePairingWidth(options: PairingWidthOptions): Promise<PairingWidthResult> {
  const log = options.log ?? (() => {});
  const folder = mkdtempSync(join(tmpdir(), 'descent-pairing-'));
  const started = performance.now();
  const executor = localExecutor({ workers: options.workers });
  const store = new RunStore(join(folder, 'runs'));
  let runs = 0;
  try {
    const text = readFileSync(options.sweepFile, 'utf8');
    const open = async (pairing: Pairing): Promise<OpenedSweep> => {
      const file = join(folder, `momentum-${pairing}.yaml`);
      writeFileSync(file, withSettings(text, { name: `momentum-${pairing}`, replicates: options.replicates, pairing }));
      const opened = await openSweep(file);
      if (!('sweep' in opened)) throw new Error(`pairingWidth: ${file} did not open: ${JSON.stringify(opened)}`);
      return opened;
    };
    const run = async (opened: OpenedSweep, name: string, specs: RunSpec[]): Promise<Map<string, Group>> => {
      log(`${name}: ${specs.length} runs on ${options.workers} worker thread(s)`);
      await executor.execute(specs, { sweep: name, baseDir: dirname(opened.file), plugins: opened.sweep.plugins, catalog: opened.catalog, store });
      runs += specs.length;
      return byConfiguration(store.readAll(name).map((stored) => stored.record));
    };
    const pairedSweep = await open('paired');
    const independentSweep = await open('independent');
    const paired = await run(pairedSweep, 'paired', pairedSweep.specs);
    const independent = await run(independentSweep, 'independent', independentSweep.specs);

    const momentum = widthGroup('momentum ρ vs 0', momentumPairs(paired), paired, independent, options.replicates);
    const best = widthGroup('best vs neighbours', neighbourPairs(paired), paired, independent, options.replicates);
    const atEpoch = (groups: Map<string, Group>, epoch: number) => new Map([...groups].map(([key, g]) => [key, { ...g, values: g.byEpoch.map((series) => series[epoch] ?? NaN) }]));
    const epochs = EPOCHS.map((epoch) => ({ epoch, medianRatio: widthGroup('', momentumPairs(paired), atEpoch(paired, epoch), atEpoch(independent, epoch), options.replicates).medianRatio }));

    // Independent runs given some of the paired runs' stream seeds (same configuration and replicate).
    const pairedSeeds = new Map(pairedSweep.specs.map((s) => [`${configurationKey(s.config)}#${s.replicate}`, s.seeds]));
    // Sharing nothing, analysed as if paired: what the paired analysis alone does to unmatched runs.
    const streams: StreamShare[] = [{ shared: [], medianRatio: widthGroup('', momentumPairs(independent), independent, independent, options.replicates).medianRatio }];
    for (const shared of options.streams === false ? [] : PARTIAL) {
      const specs = independentSweep.specs.map((spec) => {
        const from = pairedSeeds.get(`${configurationKey(spec.config)}#${spec.replicate}`)!;
        return { ...spec, seeds: { ...spec.seeds, ...Object.fromEntries(shared.map((name) => [name, from[name]])) } };
      });
      const partial = await run(independentSweep, `shared-${shared.join('-')}`, specs);
      streams.push({ shared, medianRatio: widthGroup('', momentumPairs(partial), partial, independent, options.replicates).medianRatio });
    }
    streams.push({ shared: ['data', 'init', 'shuffle'], medianRatio: momentum.medianRatio });
    return { replicates: options.replicates, momentum, best, epochs, streams, runs, elapsedMs: performance.now() - started };
  } finally {
    await executor.close();
    rmSync(folder, { recursive: true, force: true });
  }
}

/** Compare each pair (A, B) with shared seeds (`sharing`, paired differences) and with independent seeds (difference of means). */
function widthGroup(name: string, pairs: [string, string, string][], sharing: Map<string, Group>, independent: Map<string, Group>, replicates: number): WidthGroup {
  const comparisons: WidthComparison[] = [];
  const leftOut: string[] = [];
  const width = (c: ReturnType<typeof compare>) => c.interval.high - c.interval.low;
  for (const [label, a, b] of pairs) {
    const sides = [sharing.get(a)?.values, sharing.get(b)?.values, independent.get(a)?.values, independent.get(b)?.values];
    if (sides.some((values) => values === undefined || values.length !== replicates || values.some((v) => !Number.isFinite(v)))) {
      leftOut.push(label);
      continue;
    }
    const [pa, pb, ia, ib] = sides as number[][];
    const goal = sharing.get(a)!.config.metric.goal;
    const pairedWidth = width(compare(pa, pb, { paired: true, goal }));
    const independentWidth = width(compare(ia, ib, { paired: false, goal }));
    comparisons.push({ label, pairedWidth, independentWidth, ratio: independentWidth / pairedWidth });
  }
  return { name, comparisons, leftOut, medianRatio: median(comparisons.map((c) => c.ratio)) };
}

/** [label, A, B]: each momentum ρ > 0 against momentum 0 at the same learning rate and batch size, in grid order. */
function momentumPairs(groups: Map<string, Group>): [string, string, string][] {
  return sortedGroups(groups)
    .filter(([, g]) => g.config.optimizer.momentum !== 0)
    .map(([key, g]) => {
      const { optimizer, train } = g.config;
      const baseline = configurationKey({ ...g.config, optimizer: { ...optimizer, momentum: 0 } });
      return [`lr ${optimizer.lr}, batch ${train.batch_size}: momentum ${optimizer.momentum} vs 0`, key, baseline];
    });
}

/** [label, A, B]: the best configuration against each configuration one grid step away on one axis. */
function neighbourPairs(groups: Map<string, Group>): [string, string, string][] {
  const all = sortedGroups(groups);
  const meanOf = (g: Group) => g.values.reduce((s, v) => s + v, 0) / g.values.length;
  const sign = all[0][1].config.metric.goal === 'minimize' ? 1 : -1;
  const finite = all.filter(([, g]) => g.values.every(Number.isFinite));
  const [bestKey, best] = finite.reduce((a, b) => (sign * meanOf(b[1]) < sign * meanOf(a[1]) ? b : a));
  const axes = [(c: RunRecord['config']) => c.optimizer.lr as number, (c: RunRecord['config']) => c.optimizer.momentum as number, (c: RunRecord['config']) => c.train.batch_size];
  const levels = axes.map((axis) => [...new Set(all.map(([, g]) => axis(g.config)))].sort((x, y) => x - y));
  const index = (c: RunRecord['config']) => axes.map((axis, i) => levels[i].indexOf(axis(c)));
  const at = index(best.config);
  const describe = (c: RunRecord['config']) => `lr ${c.optimizer.lr}, momentum ${c.optimizer.momentum}, batch ${c.train.batch_size}`;
  return all
    .filter(([, g]) => {
      const here = index(g.config);
      return here.reduce((n, v, i) => n + Math.abs(v - at[i]), 0) === 1;
    })
    .map(([key, g]) => [`best (${describe(best.config)}) vs ${describe(g.config)}`, bestKey, key]);
}

function sortedGroups(groups: Map<string, Group>): [string, Group][] {
  const order = (g: Group) => [g.config.optimizer.lr as number, g.config.train.batch_size, g.config.optimizer.momentum as number];
  return [...groups].sort(([, a], [, b]) => {
    const [x, y] = [order(a), order(b)];
    return x[0] - y[0] || x[1] - y[1] || x[2] - y[2];
  });
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const n = sorted.length;
  return n === 0 ? NaN : n % 2 ? sorted[(n - 1) / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
}

/** The sweep text with its name, replicates and pairing replaced (or added). */
function withSettings(text: string, settings: { name: string; replicates: number; pairing: Pairing }): string {
  const lines = text.split('\n').filter((line) => !/^(name|replicates|pairing):/.test(line));
  return [`name: ${settings.name}`, `replicates: ${settings.replicates}`, `pairing: ${settings.pairing}`, ...lines].join('\n');
}

/** A configuration's identity without its pairing (so the sweeps' configurations line up). */
function configurationKey(config: RunRecord['config']): string {
  const { pairing: _pairing, ...rest } = config;
  return canonicalJson(rest);
}

/** Where a dataset metric sits in an epoch's evaluation. */
const EPOCH_FIELDS = { train_loss: 'trainLoss', test_loss: 'testLoss', train_accuracy: 'trainAccuracy', test_accuracy: 'testAccuracy' } as const;

/** The final metric of each configuration's runs, in replicate order (NaN for a run that did not finish). */
function byConfiguration(records: RunRecord[]): Map<string, Group> {
  const groups = new Map<string, Group>();
  for (const record of [...records].sort((a, b) => a.replicate - b.replicate)) {
    const key = configurationKey(record.config);
    if (!groups.has(key)) groups.set(key, { config: record.config, values: [], byEpoch: [] });
    const group = groups.get(key)!;
    group.values.push(record.status === 'finished' ? record.summary.finalMetric : NaN);
    const field = EPOCH_FIELDS[record.config.metric.name as keyof typeof EPOCH_FIELDS];
    const series: number[] = [];
    for (const point of record.epochs) series[point.epoch] = field === undefined ? NaN : (point[field] ?? NaN);
    group.byEpoch.push(series);
  }
  return groups;
}
