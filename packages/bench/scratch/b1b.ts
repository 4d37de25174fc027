import { compileMlpStep, mlp } from '@descent/nn';
import { rng, jsKernels, useKernels } from '@descent/tensor';
import { handLoops } from '../src/contenders/handLoops.js';
import { trainingData, initialParameters, WORKLOADS } from '../src/workloads.js';
if (process.argv[2] === 'js') useKernels(jsKernels);
const w = WORKLOADS[0] as any; const data = trainingData(w); const initial = initialParameters(w);
const hand = await handLoops.mlp!({ workload: w, data, initial });
const model = mlp([3, 4, 1], { activation: 'sigmoid', output: 'sigmoid', rng: rng(1) });
const step = compileMlpStep(model, 'squared_error');
const bx = new Float32Array([0.1, -0.5, 0.7]), by = new Float32Array([0.3]); const idx = new Int32Array(1);
function time(name: string, f: (i: number) => void) {
  for (let i = 0; i < 50000; i++) f(i);
  let best = Infinity;
  for (let rep = 0; rep < 5; rep++) { const t0 = performance.now(); for (let i = 0; i < 200000; i++) f(i); best = Math.min(best, (performance.now() - t0) / 200000 * 1000); }
  console.log(name.padEnd(30), best.toFixed(3), 'µs/step (best of 5)');
}
time('hand step', (i) => { idx[0] = i & 1023; hand.step(idx, 1); });
time('lossAndGradient', () => { step.lossAndGradient(bx, by, 1); });
import { momentum, guardedUpdate } from '@descent/optim';
const params = step.parameters.map(p => p.data as Float32Array);
const hp = { lr: 0.1, momentum: 0.9, dampening: 0, nesterov: false, weight_decay: 0 };
let state = momentum.init(params, hp); let s = 0;
time('momentum.update', () => { state = momentum.update({ params, grads: step.grads as Float32Array[], state, hp, step: s++ }).state; });
const guarded = guardedUpdate(momentum as any, null);
time('guardedUpdate(momentum)', () => { state = guarded({ params, grads: step.grads as Float32Array[], state, hp, step: s++ }).state; });
const v = state.velocity as Float32Array[];
time('inline momentum loop', () => { for (let p = 0; p < params.length; p++) { const th = params[p], g = step.grads[p], vv = v[p]; for (let i = 0; i < th.length; i++) { vv[i] = 0.9 * vv[i] + g[i]; th[i] -= 0.1 * vv[i]; } } });
