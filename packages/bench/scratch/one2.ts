import { runBenchmark } from '../src/runBenchmark.js';
import { WORKLOADS } from '../src/workloads.js';
import { descent, descentAutograd } from '../src/contenders/descent.js';
import { handLoops } from '../src/contenders/handLoops.js';
const r = await runBenchmark({ workloads: WORKLOADS.filter((w) => w.id === 'lecture-b1'), contenders: [handLoops, descent, descentAutograd], rounds: 5, blockMs: 300 });
for (const c of r.workloads[0].results) console.log(c.contender.padEnd(18), c.rate.rounds.map((x) => (x / 1e3).toFixed(0) + 'k').join(' '));
