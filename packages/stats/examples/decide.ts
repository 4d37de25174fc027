import { compare, decide, defaultDelta } from '@descent/stats';

// Final loss of 8 replicates of two configurations; replicate k of both shares its seeds (paired runs).
const momentum = [0.212, 0.198, 0.231, 0.205, 0.219, 0.201, 0.226, 0.209];
const plainSgd = [0.241, 0.229, 0.262, 0.238, 0.247, 0.236, 0.251, 0.243];

const comparison = compare(momentum, plainSgd, { paired: true, goal: 'minimize', seed: 'momentum' });
const delta = defaultDelta([...momentum, ...plainSgd]); // 5 % of the spread of every run
const [decision] = decide([comparison], { delta });

const { low, high } = comparison.interval;
console.log(`${decision.verdict}: lower loss by ${comparison.effect.toFixed(4)} (95 % CI ${low.toFixed(4)} to ${high.toFixed(4)})`);
if (decision.replicatesNeeded) console.log(`about ${decision.replicatesNeeded.additional} more replicates would decide`);
