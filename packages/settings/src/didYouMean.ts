import { closestNames } from './closest.js';


/** `; did you mean 'lr'?` for the closest candidates to a misspelt word (the rule of closest.ts), or '' when none is close. */
export function didYouMean(word: string, candidates: readonly string[]): string {
  const best = closestNames(word, candidates);
  if (best.length === 0) return '';
  return `; did you mean ${best.map((c) => `'${c}'`).join(' or ')}?`;
}

/** `one of a, b, c` for messages (the list a user can pick from). */
export function oneOf(names: readonly string[]): string {
  return names.length === 0 ? 'nothing (none are registered)' : `one of ${names.join(', ')}`;
}
