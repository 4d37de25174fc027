import { describe, expect, it } from 'vitest';
import { holm } from '@descent/stats';
import type { Claim, ResolvedConfig } from '@descent/sweep';
import { checkClaims } from './checkClaims.js';
import { RECORD_SCHEMA, type RunRecord, type RunStatus, type RunSummary } from './types.js';

/** A record with just what checkClaims reads: the config's varied keys, the replicate, the status and the summary. */
function record(
  settings: { lr: number; momentum: number; batch?: number; landscape?: boolean },
  replicate: number,
  summary: Partial<RunSummary>,
  status: RunStatus = 'finished',
): RunRecord {
  const problem = settings.landscape
    ? { kind: 'landscape', landscape: { name: 'saddle', noise: 0 } }
    : { kind: 'dataset', dataset: { name: 'moons' } };
  const config = { seed: 1, problem, optimizer: { name: 'momentum', lr: settings.lr, momentum: settings.momentum }, train: { batch_size: settings.batch ?? 8 } } as unknown as ResolvedConfig;
  const full: RunSummary = {
    steps: 100, examples: 800, finalLoss: 0, bestLoss: 0, finalMetric: 0, bestMetric: 0, finalTrainAccuracy: null, finalTestAccuracy: null,
    stepsToTarget: null, examplesToTarget: null, lossNoise: 0, ...summary,
  };
  return {
    schema: RECORD_SCHEMA, runId: `${settings.lr}-${settings.momentum}-${settings.batch ?? 8}-${replicate}`, sweep: 's', replicate, seed: String(replicate), seeds: { data: 'd', init: 'i', shuffle: 's', noise: null }, config, status,
    error: status === 'failed' ? { message: 'boom', plugin: null } : null, divergence: null, steps: [], epochs: [], trajectory: [], summary: full,
  };
}

const momentumClaim = (overrides: Partial<Claim> = {}): Claim => ({
  claim: 'momentum 0.9 ends lower than momentum 0',
  metric: 'final_metric',
  a: { 'optimizer.momentum': 0.9 },
  b: { 'optimizer.momentum': 0 },
  where: {},
  expect: 'a < b',
  compared: ['optimizer.momentum'],
  ...overrides,
});

/** Momentum 0.9 and 0 at two learning rates, `replicates` each; `finalMetric(momentum, lr, k)` gives each run's metric. */
function grid(replicates: number, finalMetric: (momentum: number, lr: number, k: number) => number, extra: (momentum: number, lr: number, k: number) => Partial<RunSummary> = () => ({})): RunRecord[] {
  const records: RunRecord[] = [];
  for (const lr of [0.01, 0.1])
    for (const momentum of [0, 0.9])
      for (let k = 0; k < replicates; k++) records.push(record({ lr, momentum }, k, { finalMetric: finalMetric(momentum, lr, k), ...extra(momentum, lr, k) }));
  return records;
}

// A spread per replicate shared by both sides (paired runs): it cancels in the differences.
const shared = (k: number) => [0.31, 0.27, 0.35, 0.29, 0.33, 0.26, 0.3, 0.28][k];

describe('checkClaims', () => {
  it('holds a claim whose direction the paired differences decide', () => {
    // Momentum 0.9 is lower by 0.05 and a little in every pair: 2 learning rates × 4 replicates = 8 pairs, all positive and distinct.
    const records = grid(4, (m, lr, k) => shared(k) + (m === 0 ? 0.05 + 0.003 * k + (lr === 0.1 ? 0.001 : 0) : 0));
    const [v] = checkClaims([momentumClaim()], records, { seed: 1 });
    expect(v.verdict).toBe('held');
    expect(v.pairs).toBe(8);
    // Mean of 0.05 + 0.003k over k = 0..3 is 0.0545, plus 0.001 for half the pairs: 0.055; positive is the claim's direction (a lower).
    expect(v.effect).toBeCloseTo(0.055, 12);
    expect(v.interval!.low).toBeGreaterThan(0);
    // 8 positive differences, all distinct ranks: exact Wilcoxon p = 2/2⁸.
    expect(v.pValue).toBeCloseTo(2 / 256, 12);
    expect(v.adjustedPValue).toBe(v.pValue);
    expect(v.exact).toBe(false);
  });

  it('gives the same bits every time and seeds the bootstrap with the sweep seed', () => {
    const records = grid(4, (m, lr, k) => shared(k) + (m === 0 ? 0.05 + 0.01 * Math.sin(k * 7 + lr) : 0));
    const once = checkClaims([momentumClaim()], records, { seed: 1 });
    expect(checkClaims([momentumClaim()], [...records].reverse(), { seed: 1 })).toEqual(once);
    expect(checkClaims([momentumClaim()], records, { seed: 2 })[0].interval).not.toEqual(once[0].interval);
  });

  it('refutes a claim whose opposite is decided', () => {
    const records = grid(4, (m, lr, k) => shared(k) + (m === 0.9 ? 0.05 + 0.003 * k : 0));
    const [v] = checkClaims([momentumClaim()], records, { seed: 1 });
    expect(v.verdict).toBe('refuted');
    expect(v.reason).toMatch(/opposite/);
    expect(v.effect).toBeLessThan(0);
  });

  it('refutes a claim when a and b are equivalent within ±δ', () => {
    // Differences of ±1e-6 against a spread across replicates of 0.09: δ = 5 % of the IQR is far wider than the interval.
    const records = grid(4, (m, lr, k) => shared(k) + (m === 0 ? 1e-6 * (k % 2 === 0 ? 1 : -1) * (1 + k) : 0));
    const [v] = checkClaims([momentumClaim()], records, { seed: 1 });
    expect(v.verdict).toBe('refuted');
    expect(v.reason).toMatch(/equivalent/);
    expect(v.interval!.low).toBeGreaterThanOrEqual(-v.delta);
    expect(v.interval!.high).toBeLessThanOrEqual(v.delta);
  });

  it('leaves a claim undecided when too few pairs can reach α, and says how many replicates would decide it', () => {
    // 2 learning rates × 2 replicates = 4 pairs: the smallest Wilcoxon p is 2/2⁴ = 0.125.
    const records = grid(2, (m, lr, k) => shared(k) + (m === 0 ? 0.05 + 0.01 * k + (lr === 0.1 ? 0.001 : 0) : 0));
    const [v] = checkClaims([momentumClaim()], records, { seed: 1 });
    expect(v.verdict).toBe('undecided');
    expect(v.pValue).toBeCloseTo(0.125, 12);
    // 6 pairs reach 2/2⁶ < 0.05; two configuration pairs add two pairs per replicate: 3 replicates.
    expect(v.replicatesNeeded).toBe(3);
  });

  it('pairs each configuration of a with the one of b that agrees on every other varied key', () => {
    // If lr 0.01 were paired with lr 0.1 the differences would be ±0.5; paired correctly they are all 0.05.
    const records = grid(4, (m, lr, k) => shared(k) + lr * 5 + (m === 0 ? 0.05 : 0));
    const [v] = checkClaims([momentumClaim()], records, { seed: 1 });
    expect(v.effect).toBeCloseTo(0.05, 12);
    expect(v.interval!.low).toBeCloseTo(0.05, 12);
  });

  it('restricts both sides with where', () => {
    const records = grid(4, (m, lr, k) => shared(k) + (m === 0 && lr === 0.1 ? 0.05 : 0));
    const [v] = checkClaims([momentumClaim({ where: { 'optimizer.lr': 0.1 } })], records, { seed: 1 });
    expect(v.pairs).toBe(4);
    expect(v.effect).toBeCloseTo(0.05, 12);
  });

  it("corrects the claims' p-values together (Holm)", () => {
    const records = grid(4, (m, lr, k) => shared(k) + (m === 0 ? 0.05 + 0.003 * k : 0), (m, lr, k) => ({ lossNoise: shared(k) + (m === 0.9 ? 0.02 + 0.001 * k : 0) }));
    const oscillation = momentumClaim({ metric: 'oscillation', expect: 'a > b' });
    const alone = checkClaims([oscillation], records, { seed: 1 })[0];
    const together = checkClaims([momentumClaim(), oscillation], records, { seed: 1 });
    expect(together.map((v) => v.adjustedPValue)).toEqual(holm([together[0].pValue!, together[1].pValue!]));
    expect(together[1].adjustedPValue).toBeCloseTo(2 * alone.pValue!, 12);
    expect(together.map((v) => v.verdict)).toEqual(['held', 'held']);
  });

  it('decides deterministic runs by the exact effect', () => {
    // A noise-free landscape: one replicate is the whole truth, and a single pair decides.
    const records = [record({ lr: 0.01, momentum: 0, landscape: true }, 0, { finalLoss: -0.02 }), record({ lr: 0.01, momentum: 0.9, landscape: true }, 0, { finalLoss: -0.5 })];
    const [lower, higher] = checkClaims([momentumClaim({ metric: 'final_loss' }), momentumClaim({ metric: 'final_loss', expect: 'a > b' })], records, { seed: 1 });
    expect(lower).toMatchObject({ verdict: 'held', exact: true, effect: 0.48, interval: { low: 0.48, high: 0.48 }, pValue: null, pairs: 1 });
    expect(higher).toMatchObject({ verdict: 'refuted', exact: true, effect: -0.48 });
  });

  it("measures a landscape's path: Σ ‖θ_t − θ_{t−1}‖ along its trajectory", () => {
    const withPath = (r: RunRecord, points: [number, number][]): RunRecord => ({ ...r, trajectory: points.map(([x, y], step) => ({ step, x, y, loss: 0 })) });
    // Plain GD zig-zags: (0,1) → (0,−1) → (0,1) is 2 + 2 = 4; heavy ball goes (0,1) → (0,0) → (3,4): 1 + 5 = 6.
    const records = [
      withPath(record({ lr: 0.01, momentum: 0, landscape: true }, 0, {}), [[0, 1], [0, -1], [0, 1]]),
      withPath(record({ lr: 0.01, momentum: 0.9, landscape: true }, 0, {}), [[0, 1], [0, 0], [3, 4]]),
    ];
    const [v] = checkClaims([momentumClaim({ metric: 'path_length', expect: 'a > b' })], records, { seed: 1 });
    expect(v).toMatchObject({ verdict: 'held', exact: true, effect: 2 });
  });

  it('does not treat one pair of random runs as exact', () => {
    const records = [record({ lr: 0.01, momentum: 0 }, 0, { finalMetric: 0.3 }), record({ lr: 0.01, momentum: 0.9 }, 0, { finalMetric: 0.2 })];
    const [v] = checkClaims([momentumClaim()], records, { seed: 1 });
    expect(v).toMatchObject({ verdict: 'undecided', exact: false, pairs: 1 });
  });

  it('counts a run that never reaches the target as its budget + 1', () => {
    // Momentum reaches the target at 400 examples; plain SGD never does within its 800: 801.
    const records = grid(4, () => 0, (m, lr, k) => ({ examplesToTarget: m === 0.9 ? 400 + 8 * k : null }));
    const [v] = checkClaims([momentumClaim({ metric: 'examples_to_target' })], records, { seed: 1 });
    expect(v.verdict).toBe('held');
    expect(v.effect).toBeCloseTo(801 - 412, 12);
  });

  it('leaves out failed runs and pairs whose metric is not a number, and says so', () => {
    const records = grid(4, (m, lr, k) => shared(k) + (m === 0 ? 0.05 + 0.003 * k : 0));
    records[0] = { ...records[0], status: 'failed' };
    records[1] = { ...records[1], status: 'diverged', summary: { ...records[1].summary, finalMetric: Number.NaN } };
    const [v] = checkClaims([momentumClaim()], records, { seed: 1 });
    expect(v.pairs).toBe(6);
    expect(v.notes).toEqual(['1 failed run left out', '1 pair left out: final_metric is not a number (a run diverged)']);
  });

  it('leaves out pruned runs: their metric is from a smaller budget', () => {
    // Momentum 0 is worse in every pair, but its pruned runs (stopped early, at a much lower loss than a full run would
    // have) would turn the first learning rate's pairs around if they were counted.
    const records = grid(4, (m, lr, k) => shared(k) + (m === 0 ? 0.05 : 0));
    for (const i of [0, 1, 2, 3]) records[i] = { ...records[i], status: 'pruned', summary: { ...records[i].summary, finalMetric: -5 } };
    const [v] = checkClaims([momentumClaim()], records, { seed: 1 });
    expect(v.pairs).toBe(4);
    expect(v.notes).toEqual(['4 pruned runs left out (stopped early by early termination, at a smaller budget)']);
    expect(v.effect).toBeCloseTo(0.05, 12); // b − a of the full runs alone; the pruned ones would pull it to about −2.6
  });

  it('scores divergence as 1 and a finished run as 0', () => {
    const records = grid(4, () => 0).map((r) => (r.config.optimizer.lr === 0.1 ? { ...r, status: 'diverged' as const } : r));
    const claim = momentumClaim({ a: { 'optimizer.lr': 0.1 }, b: { 'optimizer.lr': 0.01 }, compared: ['optimizer.lr'], metric: 'diverged', expect: 'a > b' });
    const [v] = checkClaims([claim], records, { seed: 1 });
    expect(v).toMatchObject({ verdict: 'held', pairs: 8, effect: 1 });
  });

  it('is undecided with no pairs to compare', () => {
    const [v] = checkClaims([momentumClaim({ where: { 'optimizer.lr': 0.5 } })], grid(2, () => 0), { seed: 1 });
    expect(v).toMatchObject({ verdict: 'undecided', pairs: 0, effect: null, reason: 'no pairs of runs to compare' });
  });
});
