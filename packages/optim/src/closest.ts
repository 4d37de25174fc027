/**
 * The candidate nearest to a misspelt `name` by edit distance (case-insensitive), or null when none
 * is close enough to be a plausible typo: at most a third of the name's length (and at least 1 edit).
 * Registries and validators use it to answer "unknown 'momentun': did you mean 'momentum'?".
 */
export function closest(name: string, candidates: Iterable<string>): string | null {
  const allowed = Math.max(1, Math.floor(name.length / 3));
  let best: string | null = null;
  let bestDistance = Infinity;
  for (const candidate of candidates) {
    const distance = editDistance(name.toLowerCase(), candidate.toLowerCase());
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  return bestDistance <= allowed ? best : null;
}

/** Levenshtein distance: fewest insertions, deletions and substitutions turning `a` into `b`. */
export function editDistance(a: string, b: string): number {
  // One row of the dynamic-programming table at a time: previous[j] = distance(a[0..i), b[0..j)).
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const substitution = previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1);
      current[j] = Math.min(previous[j] + 1, current[j - 1] + 1, substitution);
    }
    previous = current;
  }
  return previous[b.length];
}
