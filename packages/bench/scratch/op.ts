import { wasmKernels, rng, matmul, fromArray } from '@descent/tensor';
function rand(n: number, seed: string) { const r = rng(seed); return Float32Array.from({ length: n }, () => r.normal()); }
for (const n of [512, 1024]) {
  const a = rand(n * n, 'a'), b = rand(n * n, 'b'); const o = new Float32Array(n * n);
  const A = fromArray(a, [n, n]), B = fromArray(b, [n, n]);
  const fs: [string, () => void][] = [['kernel', () => wasmKernels.matmul(a, b, o, n, n, n, false, false)], ['op', () => { matmul(A, B); }]];
  const best = [Infinity, Infinity];
  for (let round = 0; round < 6; round++) fs.forEach(([, f], k) => { const t0 = performance.now(); const reps = n === 512 ? 20 : 3; for (let i = 0; i < reps; i++) f(); best[k] = Math.min(best[k], (performance.now() - t0) / reps); });
  console.log(n, fs.map(([name], k) => `${name} ${(2 * n ** 3 / best[k] / 1e6).toFixed(1)} GFLOP/s`).join('  '));
}
