/**
 * Levenshtein distance: the fewest single-character insertions, deletions and substitutions that
 * turn `a` into `b`. d(i, j) = min(d(i-1, j) + 1, d(i, j-1) + 1, d(i-1, j-1) + [a_i ≠ b_j]).
 */
export function editDistance(a: string, b: string): number {
  // One row of the dynamic-programming table at a time.
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
 * The candidates a typo of `input` most likely meant, best first: case-insensitive edit distance at most
 * max(2, ⌈length/3⌉), or a candidate that starts with the input. At most `limit` names.
 */
export function closest(input: string, candidates: readonly string[], limit = 3): string[] {
  const typed = input.toLowerCase();
  const allowed = Math.max(2, Math.ceil(typed.length / 3));
  return candidates
    .map((name) => {
      const lower = name.toLowerCase();
      const distance = typed.length > 0 && lower.startsWith(typed) ? 0.5 : editDistance(typed, lower);
      return { name, distance };
    })
    .filter(({ distance }) => distance <= allowed)
    .sort((p, q) => p.distance - q.distance || p.name.localeCompare(q.name))
    .slice(0, limit)
    .map(({ name }) => name);
}
