import { jsKernels, wasmKernels, activeKernels, rng } from '@descent/tensor';
console.log(activeKernels().name);
function rand(n: number, seed: string) { const r = rng(seed); return Float32Array.from({ length: n }, () => r.normal()); }
for (const [m, k, n, ta, tb] of [[64, 64, 64, false, false], [37, 51, 29, true, false], [33, 70, 13, false, true], [40, 41, 42, true, true], [512,512,512,false,false]] as const) {
  const a = rand(m * k, 'a'), b = rand(k * n, 'b');
  const o1 = new Float32Array(m * n), o2 = new Float32Array(m * n);
  jsKernels.matmul(a, b, o1, m, k, n, ta, tb); wasmKernels.matmul(a, b, o2, m, k, n, ta, tb);
  let worst = 0, scale = 0; for (let i = 0; i < o1.length; i++) { worst = Math.max(worst, Math.abs(o1[i] - o2[i])); scale = Math.max(scale, Math.abs(o1[i])); }
  console.log(m, k, n, ta, tb, worst / scale);
}
for (const [m,k,n,ta,tb] of [[512,512,512,false,false],[512,512,512,true,false],[512,512,512,false,true],[1024,1024,1024,false,false],[128,128,128,false,false],[32,784,128,false,false],[784,32,128,true,false],[256,784,128,false,false],[784,256,128,true,false]] as const) {
  const a = rand(m * k, 'a'), b = rand(k * n, 'b'); const o = new Float32Array(m * n);
  for (const kern of [jsKernels, wasmKernels]) {
    kern.matmul(a, b, o, m, k, n, ta, tb);
    let t0 = performance.now(), r = 0; while (performance.now() - t0 < 300) { kern.matmul(a, b, o, m, k, n, ta, tb); r++; }
    console.log(kern.name.padEnd(10), m, k, n, ta ? 'T' : 'N', tb ? 'T' : 'N', (2 * m * k * n / ((performance.now() - t0) / r) / 1e6).toFixed(2), 'GFLOP/s');
  }
}
