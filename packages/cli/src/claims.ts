import { checkClaims, claimsReadSeries, type ClaimVerdict, type RunStore } from '@descent/runner';
import type { Claim } from '@descent/sweep';

/**
 * The claims checked on the stored runs of a sweep's current definition (`runIds`), in run id order. From the runs'
 * listings (their settings and summaries, the values their records hold), unless a claim reads a series: the
 * momentum sweep's claims read its 440 records back after every `exp run`, 0.3 s, where the listings were at hand.
 */
export function storedClaimVerdicts(store: RunStore, sweep: { name: string; seed: number; claims: readonly Claim[] }, runIds: readonly string[]): ClaimVerdict[] {
  if (sweep.claims.length === 0) return [];
  const current = new Set(runIds);
  const runs = claimsReadSeries(sweep.claims)
    ? store.readAll(sweep.name).flatMap(({ record }) => (current.has(record.runId) ? [record] : []))
    : store.runListings(sweep.name).flatMap(({ listing }) => (listing !== null && current.has(listing.runId) ? [listing] : []));
  return checkClaims(sweep.claims, runs, { seed: sweep.seed });
}

/** `claims of momentum: 2 held, 1 undecided`, then a line per claim with its verdict, effect and interval. */
export function formatClaimVerdicts(sweep: string, verdicts: readonly ClaimVerdict[]): string[] {
  const count = (outcome: ClaimVerdict['verdict']) => verdicts.filter((v) => v.verdict === outcome).length;
  const tally = (['held', 'refuted', 'undecided'] as const).filter((o) => count(o) > 0).map((o) => `${count(o)} ${o}`);
  return [`claims of ${sweep}: ${tally.join(', ')}`, ...verdicts.map(formatClaimVerdict)];
}

function formatClaimVerdict(v: ClaimVerdict): string {
  const head = `  ${v.verdict.padEnd(9)}  ${v.claim.claim} (${v.claim.metric}, expect ${v.claim.expect})`;
  const number = (x: number) => x.toPrecision(3);
  let evidence: string;
  if (v.effect === null || v.interval === null) evidence = 'no pairs of runs to compare';
  else if (v.exact) evidence = `effect ${number(v.effect)}, exact (deterministic runs); ${v.reason}`;
  else
    evidence =
      `effect ${number(v.effect)} (95 % CI ${number(v.interval.low)} to ${number(v.interval.high)}), ` +
      `p ${number(v.adjustedPValue!)} after Holm, ${v.pairs} pairs, δ ${number(v.delta)}; ${v.reason}`;
  const needed = v.replicatesNeeded !== null ? `; about ${v.replicatesNeeded} replicates per configuration would probably decide it` : '';
  const notes = v.notes.length > 0 ? `; ${v.notes.join('; ')}` : '';
  return `${head}\n             ${evidence}${needed}${notes}`;
}
