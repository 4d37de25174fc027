/**
 * "Did you mean?" for every registry and validator in Descent (optimizers, datasets, landscapes, sweep
 * keys, CLI commands and options): one distance, one rule for what counts as a plausible typo.
 * It lives in the lowest package because every other one needs it.
 */

/**
 * Edit distance with adjacent transpositions (optimal string alignment): the fewest insertions,
 * deletions, substitutions and swaps of two neighbouring characters that turn `a` into `b`, so the
 * common typo 'moosn' is one edit from 'moons', not two.
 *   d(i, j) = min(d(i−1, j) + 1, d(i, j−1) + 1, d(i−1, j−1) + [aᵢ ≠ bⱼ], d(i−2, j−2) + 1 if aᵢ = bⱼ₋₁ and aᵢ₋₁ = bⱼ)
 */
export function editDistance(a: string, b: string): number {
  // Three rows of the dynamic-programming table: two back for the transposition.
  let beforePrevious: number[] = [];
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      let d = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d = Math.min(d, beforePrevious[j - 2] + 1);
      current[j] = d;
    }
    beforePrevious = previous;
    previous = current;
  }
  return previous[b.length];
}

/**
 * The candidates a typo of `input` most likely meant, best first (ties in the candidates' order), at most
 * `limit`. Plausible means: equal ignoring case, a candidate that starts with the input (3 or more
 * characters: 'spiral' → 'spirals'), or at most max(1, ⌊length/3⌋) edits, compared ignoring case.
 */
export function closestNames(input: string, candidates: Iterable<string>, limit = 3): string[] {
  const typed = input.toLowerCase();
  const allowed = Math.max(1, Math.floor(typed.length / 3));
  const scored: { name: string; distance: number; order: number }[] = [];
  let order = 0;
  for (const name of candidates) {
    const lower = name.toLowerCase();
    const distance = lower === typed ? 0 : typed.length >= 3 && lower.startsWith(typed) ? 0.5 : editDistance(typed, lower);
    if (distance <= allowed) scored.push({ name, distance, order: order++ });
  }
  return scored
    .sort((p, q) => p.distance - q.distance || p.order - q.order)
    .slice(0, limit)
    .map(({ name }) => name);
}

/** The single most likely meant candidate, or null when none is a plausible typo (see `closestNames`). */
export function closest(input: string, candidates: Iterable<string>): string | null {
  return closestNames(input, candidates, 1)[0] ?? null;
}
