import { compileMlpStep, mlp } from '@descent/nn';
import { momentum } from '@descent/optim';
import { rng, jsKernels, useKernels } from '@descent/tensor';
import { gatherRows } from '@descent/data';
if (process.argv[2] === 'js') useKernels(jsKernels);
const model = mlp([3, 4, 1], { activation: 'sigmoid', output: 'sigmoid', rng: rng(1) });
const step = compileMlpStep(model, 'squared_error');
const x = new Float32Array(3 * 1024).map((_, i) => Math.sin(i)); const y = new Float32Array(1024).map((_, i) => 0.5 + 0.4 * Math.cos(i));
const bx = new Float32Array(3), by = new Float32Array(1), idx = new Int32Array(1);
const params = step.parameters.map(p => p.data as Float32Array);
const hp = { lr: 0.1, momentum: 0.9, dampening: 0, nesterov: false, weight_decay: 0 };
let state = momentum.init(params, hp);
function time(name: string, f: (i: number) => void) {
  for (let i = 0; i < 20000; i++) f(i);
  const t0 = performance.now(); let i = 0;
  while (performance.now() - t0 < 500) { for (let r = 0; r < 1000; r++, i++) f(i); }
  console.log(name.padEnd(30), ((performance.now() - t0) / i * 1000).toFixed(3), 'µs/step');
}
time('lossAndGradient', (i) => { step.lossAndGradient(x.subarray(0,3), y.subarray(0,1), 1); });
time('lossAndGradient fixed', (i) => { step.lossAndGradient(bx, by, 1); });
time('gather + step', (i) => { idx[0] = i & 1023; gatherRows(x, 3, idx, 1, bx); gatherRows(y, 1, idx, 1, by); step.lossAndGradient(bx, by, 1); });
let s = 0;
time('momentum.update', (i) => { state = momentum.update({ params, grads: step.grads as Float32Array[], state, hp, step: s++ }).state; });
time('all', (i) => { idx[0] = i & 1023; gatherRows(x, 3, idx, 1, bx); gatherRows(y, 1, idx, 1, by); step.lossAndGradient(bx, by, 1); state = momentum.update({ params, grads: step.grads as Float32Array[], state, hp, step: s++ }).state; });
const k = jsKernels.matmul; const o = new Float32Array(4);
time('1 js matmul 1x3x4', () => k(bx, params[0], o, 1, 3, 4, false, false));
