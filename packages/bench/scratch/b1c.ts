// scratch
import { compileMlpStep, mlp } from '@descent/nn';
import { rng } from '@descent/tensor';
import { handLoops } from '../src/contenders/handLoops.js';
import { trainingData, initialParameters, WORKLOADS } from '../src/workloads.js';
const w = WORKLOADS[0] as any; const data = trainingData(w); const initial = initialParameters(w);
const hand = await handLoops.mlp!({ workload: w, data, initial });
const model = mlp([3, 4, 1], { activation: 'sigmoid', output: 'sigmoid', rng: rng(1) });
const step = compileMlpStep(model, 'squared_error');
const bx = new Float32Array([0.1, -0.5, 0.7]), by = new Float32Array([0.3]); const idx = new Int32Array(1);
const fs: [string, (i: number) => void][] = [['hand', (i) => { idx[0] = i & 1023; hand.step(idx, 1); }], ['fused', () => { step.lossAndGradient(bx, by, 1); }]];
const best = [Infinity, Infinity];
for (let round = 0; round < 30; round++) fs.forEach(([, f], k) => { const t0 = performance.now(); for (let i = 0; i < 100000; i++) f(i); best[k] = Math.min(best[k], (performance.now() - t0) / 100000 * 1000); });
console.log(fs.map(([n], k) => `${n} ${best[k].toFixed(3)}µs`).join('  '));
