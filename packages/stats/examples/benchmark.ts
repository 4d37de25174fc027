import { benchmarkSummary, performanceProfile, timeToTarget, type Verdict } from '@descent/stats';

// Steps to target of each replicate (null: that replicate never reached the target), by optimizer and workload.
const replicates: Record<string, Record<string, (number | null)[]>> = {
  momentum: { ravine: [150, 140, 160], rosenbrock: [200, 210, 190], saddle: [50, 50, 50] },
  adam: { ravine: [100, 90, 110], rosenbrock: [300, 310, null], saddle: [50, 55, 45] },
  signum: { ravine: [260, 250, null], rosenbrock: [null, 700, null], saddle: [45, 40, 50] },
};
const profile = performanceProfile(
  Object.entries(replicates).map(([optimizer, byWorkload]) => ({
    optimizer,
    times: Object.fromEntries(Object.entries(byWorkload).map(([workload, times]) => [workload, timeToTarget(times).time])),
  })),
);
for (const { optimizer, score } of profile.optimizers) console.log(`${optimizer}: ${score.toFixed(3)}`);

// signum against the best built-in on each workload (verdicts from compareWithLeader on the replicates).
const against: Record<string, [Verdict, string]> = { ravine: ['worse', 'adam'], rosenbrock: ['worse', 'momentum'], saddle: ['undecided', 'adam'] };
const signum = profile.optimizers.find((o) => o.optimizer === 'signum')!;
const outcomes = Object.entries(against).map(([workload, [verdict, bestBuiltIn]]) => ({
  workload,
  ratio: signum.ratios[workload] ?? null, // absent: no optimizer reached this workload
  verdict,
  bestBuiltIn,
}));
console.log(benchmarkSummary('signum', outcomes));
