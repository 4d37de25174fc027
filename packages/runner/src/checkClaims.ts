import { compare, defaultDelta, holm, replicatesNeeded, verdict as decideVerdict, DEFAULT_ALPHA, type Comparison, type Interval } from '@descent/stats';
import { canonicalJson, selects, valueAtKey, varyingKeys, type Claim, type ClaimMetric } from '@descent/sweep';
import type { DecidedRun, RunRecord } from './types.js';

/** held: the data decide the claim's direction; refuted: they decide the opposite, or no difference that matters; undecided: not yet either. */
export type ClaimOutcome = 'held' | 'refuted' | 'undecided';

/** One claim, checked against a sweep's runs. */
export interface ClaimVerdict {
  claim: Claim;
  verdict: ClaimOutcome;
  /** Why, in a few words: 'a < b decided', 'the opposite is decided', 'equivalent within ±δ', 'the interval reaches 0', ... */
  reason: string;
  /** Paired runs the verdict rests on (configuration pairs × replicates). */
  pairs: number;
  /** Mean paired difference a − b, oriented so that positive is the claim's direction; null without pairs. */
  effect: number | null;
  /** 95 % bootstrap (BCa) interval of the effect, seeded by the sweep seed and the claim's index; null without pairs. */
  interval: Interval | null;
  /** Two-sided Wilcoxon signed-rank p-value of the differences, and after Holm's correction over the sweep's claims; null when exact. */
  pValue: number | null;
  adjustedPValue: number | null;
  /** The equivalence margin: 5 % of the metric's interquartile range over the paired runs of both sides (stats' defaultDelta). */
  delta: number;
  /** Deterministic runs (a noise-free landscape) whose differences are all equal: the effect is exact, no statistics needed. */
  exact: boolean;
  /** For an undecided claim: replicates per configuration that would probably decide it (null if none would, or decided). */
  replicatesNeeded: number | null;
  /** Runs left out and why (failed runs; runs pruned by early termination; diverged runs whose metric is not a number). */
  notes: string[];
}

export interface CheckClaimsOptions {
  /** The sweep seed: with the claim's index it seeds the bootstrap, so a verdict has the same bits every time. */
  seed: number;
  /** Family-wise error rate over the sweep's claims (default 0.05). */
  alpha?: number;
}

/**
 * A run's value of a claim metric. A run that never reaches the target counts as its budget + 1 (the step
 * or example after its last), so ties between two runs that both miss it are ties; a run that diverged
 * before reaching it has no value (NaN). See the runner README for every metric.
 */
export const claimMetricValue: { readonly [M in ClaimMetric]: (record: ClaimedRun) => number } = {
  final_metric: (r) => r.summary.finalMetric,
  best_metric: (r) => r.summary.bestMetric,
  final_loss: (r) => r.summary.finalLoss,
  best_loss: (r) => r.summary.bestLoss,
  steps_to_target: (r) => r.summary.stepsToTarget ?? (r.status === 'finished' ? r.summary.steps + 1 : NaN),
  examples_to_target: (r) => r.summary.examplesToTarget ?? (r.status === 'finished' ? r.summary.examples + 1 : NaN),
  oscillation: (r) => r.summary.lossNoise,
  final_test_accuracy: (r) => r.summary.finalTestAccuracy ?? NaN,
  final_validation_accuracy: (r) => r.summary.finalValidationAccuracy ?? NaN,
  diverged: (r) => (r.status === 'diverged' ? 1 : 0),
  path_length: pathLength,
};

/**
 * Σ ‖θ_t − θ_{t−1}‖ over a landscape run's recorded trajectory: a zig-zag across a ravine makes it long. Every
 * step counts when the trajectory keeps every point (`max_points` ≥ steps + 1); a sampled one is shorter.
 */
function pathLength(record: ClaimedRun): number {
  const path = record.trajectory;
  if (path === undefined) throw new Error('path_length reads a run\'s trajectory: check such a claim on whole records, not listings (claimsReadSeries)');
  if (path.length === 0) return NaN;
  let length = 0;
  for (let i = 1; i < path.length; i++) length += Math.hypot(path[i].x - path[i - 1].x, path[i].y - path[i - 1].y);
  return length;
}

/**
 * What a claim reads of a run: its settings, replicate, status and summary, which its listing holds too
 * (`RunStore.runListings`), and its trajectory for the claim metrics that read it (claimsReadSeries).
 */
export type ClaimedRun = DecidedRun & Partial<Pick<RunRecord, 'trajectory'>>;

/** The claim metrics read from a run's series rather than its summary: a claim on one needs whole records. */
const SERIES_CLAIM_METRICS: ReadonlySet<ClaimMetric> = new Set(['path_length']);

/** Whether checking these claims needs the runs' whole records (a claim on a series), not their listings. */
export function claimsReadSeries(claims: readonly Claim[]): boolean {
  return claims.some((claim) => SERIES_CLAIM_METRICS.has(claim.metric));
}

/**
 * Check every claim of a sweep against its runs (those of the sweep's current definition). Pure: records
 * in, one verdict per claim out, the same bits every time.
 *
 * Pairing: each configuration selected by `where` and `a` is paired with the one selected by `where` and
 * `b` that agrees on every varied key outside the compared parameters (`claim.compared`); replicate k with
 * replicate k. The differences of all pairs are pooled. Failed runs are left out; so are pairs whose value
 * is not a number (a diverged run's final loss). Holm's correction runs over the claims that need statistics.
 */
export function checkClaims(claims: readonly Claim[], records: readonly ClaimedRun[], options: CheckClaimsOptions): ClaimVerdict[] {
  const alpha = options.alpha ?? DEFAULT_ALPHA;
  const failed = records.filter((r) => r.status === 'failed').length;
  const pruned = records.filter((r) => r.status === 'pruned').length;
  // A pruned run's metric is its rung's, at a smaller budget: comparing it with full runs would be unfair to it.
  const usable = records.filter((r) => r.status !== 'failed' && r.status !== 'pruned');
  const varied = varyingKeys(usable).filter((key) => key !== 'plugins');
  const gathered = claims.map((claim, index) => gather(claim, index, usable, varied, options.seed, failed, pruned));
  const tested = gathered.filter((g) => g.comparison !== null);
  const adjusted = holm(tested.map((g) => g.comparison!.pValue));
  return gathered.map((g) => {
    const adjustedPValue = g.comparison === null ? null : adjusted[tested.indexOf(g)];
    return verdictOf(g, adjustedPValue, alpha, tested.length);
  });
}

interface Gathered {
  claim: Claim;
  /** Null when exact, or with fewer than two pairs. */
  comparison: Comparison | null;
  exact: boolean;
  /** Oriented: positive is the claim's direction. */
  effect: number | null;
  pairs: number;
  delta: number;
  configPairs: number;
  notes: string[];
}

function gather(claim: Claim, index: number, records: readonly ClaimedRun[], varied: readonly string[], seed: number, failed: number, pruned: number): Gathered {
  const value = claimMetricValue[claim.metric];
  const notes = failed > 0 ? [`${failed} failed run${failed === 1 ? '' : 's'} left out`] : [];
  if (pruned > 0) notes.push(`${pruned} pruned run${pruned === 1 ? '' : 's'} left out (stopped early by early termination, at a smaller budget)`);

  const matching = varied.filter((key) => !claim.compared.some((path) => key === path || key.startsWith(`${path}.`)));
  const coordinates = (r: ClaimedRun) => canonicalJson(matching.map((key) => valueAtKey(r.config, key) ?? null));
  const inScope = records.filter((r) => selects(claim.where, r.config));
  const sideA = inScope.filter((r) => selects(claim.a, r.config));
  const sideB = inScope.filter((r) => selects(claim.b, r.config));

  // b's runs by (coordinates, replicate); a configuration of a with several partners in b is ambiguous and left out.
  const bConfigs = new Map<string, Set<string>>();
  const bRuns = new Map<string, ClaimedRun>();
  for (const r of sideB) {
    const at = coordinates(r);
    if (!bConfigs.has(at)) bConfigs.set(at, new Set());
    bConfigs.get(at)!.add(canonicalJson(r.config));
    bRuns.set(`${at}|${r.replicate}`, r);
  }
  const pairs: { key: string; a: ClaimedRun; b: ClaimedRun }[] = [];
  const pairedConfigs = new Set<string>();
  let ambiguous = 0;
  let notANumber = 0;
  for (const a of sideA) {
    const at = coordinates(a);
    const partners = bConfigs.get(at);
    if (partners === undefined) continue;
    if (partners.size > 1) {
      ambiguous++;
      continue;
    }
    const b = bRuns.get(`${at}|${a.replicate}`);
    if (b === undefined) continue;
    if (!Number.isFinite(value(a)) || !Number.isFinite(value(b))) {
      notANumber++;
      continue;
    }
    const aConfig = canonicalJson(a.config);
    pairedConfigs.add(aConfig);
    pairs.push({ key: `${aConfig}|${String(a.replicate).padStart(9, '0')}`, a, b });
  }
  if (ambiguous > 0) notes.push(`${ambiguous} run${ambiguous === 1 ? '' : 's'} of a left out: several configurations of b match; name more keys in a and b`);
  if (notANumber > 0) notes.push(`${notANumber} pair${notANumber === 1 ? '' : 's'} left out: ${claim.metric} is not a number (a run diverged)`);
  if (pairs.length === 0) return { claim, comparison: null, exact: false, effect: null, pairs: 0, delta: 0, configPairs: 0, notes };

  // A canonical order (configuration, then replicate), so the bootstrap's draws never depend on how the store lists runs.
  pairs.sort((x, y) => (x.key < y.key ? -1 : x.key > y.key ? 1 : 0));
  const aValues = pairs.map((p) => value(p.a));
  const bValues = pairs.map((p) => value(p.b));
  // δ from the runs compared, not the whole sweep: a landscape sweep mixes functions whose values differ by orders of magnitude.
  const delta = defaultDelta([...aValues, ...bValues]);
  const sign = claim.expect === 'a < b' ? -1 : 1;
  const differences = aValues.map((x, k) => x - bValues[k]);
  const exact = pairs.every((p) => isDeterministic(p.a) && isDeterministic(p.b)) && differences.every((d) => d === differences[0]);
  const configPairs = pairedConfigs.size;
  // `0 +` keeps an effect of exactly 0 from reading −0.
  if (exact) return { claim, comparison: null, exact, effect: 0 + sign * differences[0], pairs: pairs.length, delta, configPairs, notes };
  if (pairs.length < 2) {
    notes.push('one pair of runs cannot decide: add replicates');
    return { claim, comparison: null, exact, effect: 0 + sign * differences[0], pairs: pairs.length, delta, configPairs, notes };
  }
  const goal = sign < 0 ? 'minimize' : 'maximize';
  const comparison = compare(aValues, bValues, { paired: true, goal, seed: `${seed}:claim:${index}` });
  return { claim, comparison, exact, effect: comparison.effect, pairs: pairs.length, delta, configPairs, notes };
}

function verdictOf(g: Gathered, adjustedPValue: number | null, alpha: number, family: number): ClaimVerdict {
  const { claim, comparison, exact, effect, pairs, delta, notes } = g;
  const base = { claim, pairs, effect, delta, exact, notes, replicatesNeeded: null, pValue: null, adjustedPValue: null };
  if (effect === null) return { ...base, verdict: 'undecided', reason: 'no pairs of runs to compare', interval: null };
  if (exact) {
    // No randomness and every pair differs by the same amount: the effect is known exactly, its interval is a point.
    const interval = { low: effect, high: effect };
    return { ...base, ...outcome(decideVerdict({ interval, adjustedPValue: 0 }, { alpha, delta }), claim), interval };
  }
  if (comparison === null) return { ...base, verdict: 'undecided', reason: 'a single pair', interval: null };
  const decided = decideVerdict({ interval: comparison.interval, adjustedPValue: adjustedPValue! }, { alpha, delta });
  const result: ClaimVerdict = { ...base, ...outcome(decided, claim), interval: comparison.interval, pValue: comparison.pValue, adjustedPValue };
  if (decided === 'undecided') {
    const needed = replicatesNeeded(comparison, { alpha, delta, comparisons: family });
    // The estimate counts pairs; each replicate adds one pair per paired configuration.
    if (needed !== undefined) result.replicatesNeeded = Math.ceil(needed.replicates / Math.max(1, g.configPairs));
    result.reason = comparison.interval.low <= 0 && comparison.interval.high >= 0 ? 'the interval reaches 0' : `adjusted p ${adjustedPValue!.toPrecision(2)} > ${alpha}`;
  }
  return result;
}

function outcome(decided: 'better' | 'worse' | 'equivalent' | 'undecided', claim: Claim): { verdict: ClaimOutcome; reason: string } {
  switch (decided) {
    case 'better':
      return { verdict: 'held', reason: `${claim.expect} decided` };
    case 'worse':
      return { verdict: 'refuted', reason: `the opposite (${claim.expect === 'a < b' ? 'a > b' : 'a < b'}) is decided` };
    case 'equivalent':
      return { verdict: 'refuted', reason: 'a and b are equivalent within ±δ' };
    case 'undecided':
      return { verdict: 'undecided', reason: 'not decided yet' };
  }
}

/** A run without randomness: a landscape with noise-free gradients (every replicate is the same run). */
function isDeterministic(record: ClaimedRun): boolean {
  const problem = record.config.problem;
  return problem.kind === 'landscape' && problem.landscape.noise === 0;
}
