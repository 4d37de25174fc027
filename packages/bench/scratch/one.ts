import { runBenchmark } from '../src/runBenchmark.js';
import { WORKLOADS } from '../src/workloads.js';
import { descent, descentAutograd } from '../src/contenders/descent.js';
import { handLoops } from '../src/contenders/handLoops.js';
import { tfjsCpu, tfjsWasm } from '../src/contenders/tfjs.js';
const ids = process.argv[2].split(',');
const withTf = process.argv[3] !== 'notf';
await runBenchmark({ workloads: WORKLOADS.filter((w) => ids.includes(w.id)), contenders: withTf ? [handLoops, descent, descentAutograd, tfjsCpu, tfjsWasm] : [handLoops, descent, descentAutograd], rounds: 5, blockMs: 400, log: console.log });
