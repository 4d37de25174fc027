import type { ConfigurationResult } from './ranking.js';

/**
 * Whether the best configuration really won. Seed noise is the spread of a configuration's replicates
 * (min–max of the final metric); a lead counts only when the best's range and the runner-up's range do not
 * overlap. A difference inside the noise is reported as such, never as a win.
 */
export type Verdict =
  | { kind: 'no-eligible'; excluded: number }
  | { kind: 'only-one'; best: ConfigurationResult; excluded: number }
  | { kind: 'single-replicate'; best: ConfigurationResult; runnerUp: ConfigurationResult; lead: number; excluded: number }
  | { kind: 'within-noise'; best: ConfigurationResult; runnerUp: ConfigurationResult; lead: number; excluded: number }
  /** Runs without randomness (a landscape with exact gradients): replicates are identical, so any lead is exact. */
  | { kind: 'exact'; best: ConfigurationResult; runnerUp: ConfigurationResult; lead: number; excluded: number }
  | {
      kind: 'winner';
      best: ConfigurationResult;
      runnerUp: ConfigurationResult;
      /** |mean(best) − mean(runner-up)|. */
      lead: number;
      /** Distance between the two min–max ranges: how far the lead exceeds seed noise. */
      gap: number;
      excluded: number;
    };

/** Ranges [a₁, b₁] and [a₂, b₂] overlap when a₁ ≤ b₂ and a₂ ≤ b₁. */
export function rangesOverlap(a: { min: number; max: number }, b: { min: number; max: number }): boolean {
  return a.min <= b.max && b.min <= a.max;
}

/**
 * Judge the ranking (best first, as from rankConfigurations). `deterministic`: the runs involve no
 * randomness at all, so there is no seed noise to beat and the lead is exact (kind 'exact').
 */
export function decideWinner(ranked: readonly ConfigurationResult[], options: { deterministic?: boolean } = {}): Verdict {
  const eligible = ranked.filter((result) => result.eligible);
  const excluded = ranked.length - eligible.length;
  if (eligible.length === 0) return { kind: 'no-eligible', excluded };
  const [best, runnerUp] = eligible;
  if (runnerUp === undefined) return { kind: 'only-one', best, excluded };
  const lead = Math.abs(best.mean - runnerUp.mean);
  if (options.deterministic === true) return { kind: 'exact', best, runnerUp, lead, excluded };
  if (best.metricValues.length < 2 || runnerUp.metricValues.length < 2) {
    return { kind: 'single-replicate', best, runnerUp, lead, excluded };
  }
  if (rangesOverlap(best, runnerUp)) return { kind: 'within-noise', best, runnerUp, lead, excluded };
  const gap = Math.max(best.min - runnerUp.max, runnerUp.min - best.max);
  return { kind: 'winner', best, runnerUp, lead, gap, excluded };
}
