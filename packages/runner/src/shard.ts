/** One part of a deterministic split of a sweep's runs into `count` parts: `--shard index/count`. */
export interface Shard {
  index: number;
  count: number;
}

/**
 * Read `i/n` (0 ≤ i < n). The error names what was given and what would be accepted, e.g. for a Slurm
 * array `--shard $SLURM_ARRAY_TASK_ID/$SLURM_ARRAY_TASK_COUNT`.
 */
export function parseShard(text: string): Shard | { problem: string } {
  const match = /^\s*(\d+)\s*\/\s*(\d+)\s*$/.exec(text);
  const expected = 'i/n with whole numbers 0 ≤ i < n, e.g. 0/4 … 3/4 for four machines';
  if (!match) return { problem: `--shard: '${text}' is not of the form i/n (expected ${expected})` };
  const index = Number(match[1]);
  const count = Number(match[2]);
  if (!Number.isSafeInteger(count) || count < 1) return { problem: `--shard: the number of shards n must be at least 1 (got '${text}'; expected ${expected})` };
  if (!Number.isSafeInteger(index) || index >= count) return { problem: `--shard: the index i must be below n = ${count}, counting from 0 (got '${text}'; expected ${expected})` };
  return { index, count };
}

/**
 * shard(runId) = (runId read as a hexadecimal number) mod n. A run id is already a hash of the run's
 * config and replicate, so this spreads runs evenly, depends on nothing but the run itself (not its
 * position, nor the other runs: adding a run to the sweep moves no other run to another shard), and
 * every machine computes the same split.
 */
export function shardOf(runId: string, count: number): number {
  if (!/^[0-9a-f]+$/.test(runId)) throw new Error(`run id '${runId}' is not a hex hash`);
  return Number(BigInt(`0x${runId}`) % BigInt(count));
}

/** The runs of `items` that belong to `shard`, in their original order. */
export function selectShard<T extends { runId: string }>(items: readonly T[], shard: Shard): T[] {
  return items.filter((item) => shardOf(item.runId, shard.count) === shard.index);
}
