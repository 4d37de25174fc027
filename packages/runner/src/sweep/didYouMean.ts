/** Levenshtein distance: the fewest single-character insertions, deletions and substitutions from a to b. */
export function editDistance(a: string, b: string): number {
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

/**
 * `; did you mean 'lr'?` for the closest candidates to a misspelt word, or '' when none is close.
 * Close means at most max(1, ⌊length/3⌋) edits, or equal ignoring case.
 */
export function didYouMean(word: string, candidates: readonly string[]): string {
  const limit = Math.max(1, Math.floor(word.length / 3));
  let best: string[] = [];
  let bestDistance = Infinity;
  for (const candidate of candidates) {
    const distance = candidate.toLowerCase() === word.toLowerCase() ? 0 : editDistance(word, candidate);
    if (distance > limit) continue;
    if (distance < bestDistance) {
      best = [candidate];
      bestDistance = distance;
    } else if (distance === bestDistance) best.push(candidate);
  }
  if (best.length === 0) return '';
  return `; did you mean ${best.slice(0, 3).map((c) => `'${c}'`).join(' or ')}?`;
}

/** `one of a, b, c` for messages (the list a user can pick from). */
export function oneOf(names: readonly string[]): string {
  return names.length === 0 ? 'nothing (none are registered)' : `one of ${names.join(', ')}`;
}
