import { mlp, squaredError, softmaxCrossEntropy, lectureDataset } from '@descent/nn';
import { rng, fromArray, matmul, randn } from '@descent/tensor';
const model = mlp([3, 4, 1], { activation: 'sigmoid', output: 'sigmoid', rng: rng(1) });
const ds = lectureDataset(1024, rng(2));
const ps = model.parameters();
function stepLecture(i: number, b: number) {
  const x = fromArray(ds.inputs.data.subarray(i * 3, (i + b) * 3) as Float32Array, [b, 3]);
  const y = fromArray(ds.targets.data.subarray(i, i + b) as Float32Array, [b, 1]);
  for (const p of ps) p.zeroGrad();
  const l = squaredError(model.forward(x), y); l.backward();
  for (const p of ps) { const g = p.grad!.data; for (let j = 0; j < g.length; j++) p.data[j] -= 0.1 * g[j]; }
  return l.item();
}
for (const b of [1, 32, 1024]) {
  let t0 = performance.now(), steps = 0;
  while (performance.now() - t0 < 1000) { stepLecture((steps * b) % (1024 - b + 1), b); steps++; }
  console.log('lecture b', b, ((steps * b) / ((performance.now() - t0) / 1000)).toFixed(0), 'samples/s');
}
for (const n of [128, 512]) {
  const a = randn([n, n], rng(3)), bb = randn([n, n], rng(4));
  let t0 = performance.now(), reps = 0;
  while (performance.now() - t0 < 1000) { matmul(a, bb); reps++; }
  console.log('matmul', n, (2 * n ** 3 / ((performance.now() - t0) / reps) / 1e6).toFixed(2), 'GFLOP/s');
  t0 = performance.now(), reps = 0;
  while (performance.now() - t0 < 1000) { matmul(a, bb, {transposeA: true}); reps++; }
  console.log('matmul TN', n, (2 * n ** 3 / ((performance.now() - t0) / reps) / 1e6).toFixed(2), 'GFLOP/s');
  t0 = performance.now(), reps = 0;
  while (performance.now() - t0 < 1000) { matmul(a, bb, {transposeB: true}); reps++; }
  console.log('matmul NT', n, (2 * n ** 3 / ((performance.now() - t0) / reps) / 1e6).toFixed(2), 'GFLOP/s');
}
