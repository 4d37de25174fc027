import type { Configuration } from './configurations.js';
import type { ConfigurationResult } from './ranking.js';

/**
 * What a page draws one by one when a sweep has more runs than a page can show (issue 20: a 100,000-run sweep's
 * report in at most 5 MB and 15 s). Up to PAGE_RUN_LIMIT runs, every run is drawn: reports of such sweeps are
 * what they always were. Beyond it, the views that draw a mark or a row per run (the table of runs, the explore
 * view, the scatter charts, the landscapes' paths) draw a sample of whole configurations: the best
 * PAGE_BEST_CONFIGURATIONS of the ranking, then the others in the order of a hash of their key seeded by the
 * sweep, until PAGE_RUN_LIMIT runs. A hash, not a random generator: the same runs give the same page, and a
 * configuration keeps its place when more runs are added. Views that summarise (the verdict, the importance of
 * settings, the search's best so far, the header's counts) still read every run, from its listed facts: such a
 * report reads whole records (series) only for the runs it draws and the configurations whose curves it charts
 * (runsWithSeries.ts, listedRun.ts).
 */

/** Runs a page draws one by one; a sweep with more is drawn through a sample of its configurations. */
export const PAGE_RUN_LIMIT = 2_000;

/** The best configurations a sample always holds, so the winner and its rivals are on the page. */
export const PAGE_BEST_CONFIGURATIONS = 100;

export interface PageSample {
  /** The configurations drawn one by one, in the report's value order. */
  configurations: Configuration[];
  /** Their runs. */
  runs: number;
  /** Every run and configuration of the report. */
  totalRuns: number;
  totalConfigurations: number;
}

/** 32-bit FNV-1a of a text, then mixed (murmur3's finaliser) so that keys differing in one digit spread. */
export function textHash(text: string): number {
  return finishHash(hashOn(FNV_OFFSET, text));
}

const FNV_OFFSET = 2166136261;

/** FNV-1a's state after `text`, from the state `hash`: the hash of a concatenation goes on from its first part's. */
function hashOn(hash: number, text: string): number {
  for (let i = 0; i < text.length; i++) hash = Math.imul(hash ^ text.charCodeAt(i), 16777619);
  return hash;
}

function finishHash(hash: number): number {
  hash = Math.imul(hash ^ (hash >>> 16), 2246822507);
  hash = Math.imul(hash ^ (hash >>> 13), 3266489909);
  return (hash ^ (hash >>> 16)) >>> 0;
}

/**
 * Items in the order of `textHash(seed + key)`: a sample that needs no random generator, the same for the same
 * keys, and where an item keeps its place when others are added. Keys must be distinct (ties of the hash, one in
 * four billion, fall back to the key, so the order never depends on the input's order).
 */
export function inHashOrder<T>(items: readonly T[], keyOf: (item: T) => string, seed: string): T[] {
  // textHash(`${seed}\u0000${key}`), without making 100,000 joined strings: the seed's part is hashed once.
  const seeded = hashOn(FNV_OFFSET, `${seed}\u0000`);
  return items
    .map((item) => {
      const key = keyOf(item);
      return { item, key, hash: finishHash(hashOn(seeded, key)) };
    })
    .sort((a, b) => a.hash - b.hash || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0))
    .map(({ item }) => item);
}

/**
 * The configurations a page draws: null when every run fits (`totalRuns ≤ limit`), else the best `best` of
 * `ranked` and then the rest by `textHash(seed + key)`, as long as their runs fit in `limit` (a configuration with
 * more replicates than the room left is passed over, so the sample never holds more than `limit` runs unless the
 * best alone do).
 */
export function pageSample(
  configurations: readonly Configuration[],
  ranked: readonly ConfigurationResult[],
  seed: string,
  limit = PAGE_RUN_LIMIT,
  best = PAGE_BEST_CONFIGURATIONS,
): PageSample | null {
  const totalRuns = configurations.reduce((total, configuration) => total + configuration.runs.length, 0);
  if (totalRuns <= limit) return null;
  const chosen = new Set<Configuration>();
  let runs = 0;
  for (const result of ranked.slice(0, best)) {
    chosen.add(result.configuration);
    runs += result.configuration.runs.length;
  }
  const rest = inHashOrder(configurations.filter((configuration) => !chosen.has(configuration)), (configuration) => configuration.key, seed);
  for (const configuration of rest) {
    if (runs >= limit) break;
    if (runs + configuration.runs.length > limit) continue;
    chosen.add(configuration);
    runs += configuration.runs.length;
  }
  return {
    configurations: configurations.filter((configuration) => chosen.has(configuration)),
    runs,
    totalRuns,
    totalConfigurations: configurations.length,
  };
}
