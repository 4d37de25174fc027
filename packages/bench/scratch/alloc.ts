import { wasmKernels, rng } from '@descent/tensor';
function rand(n: number, seed: string) { const r = rng(seed); return Float32Array.from({ length: n }, () => r.normal()); }
const n = 512; const a = rand(n * n, 'a'), b = rand(n * n, 'b'); const o = new Float32Array(n * n);
let t0 = performance.now(); for (let i = 0; i < 200; i++) { const x = new Float32Array(n * n); x[5] = i; } console.log('alloc 1MB', ((performance.now() - t0) / 200 * 1000).toFixed(0), 'µs');
t0 = performance.now(); for (let i = 0; i < 20; i++) wasmKernels.matmul(a, b, o, n, n, n, false, false); console.log('kernel reuse', ((performance.now() - t0) / 20).toFixed(2), 'ms');
t0 = performance.now(); for (let i = 0; i < 20; i++) wasmKernels.matmul(a, b, new Float32Array(n * n), n, n, n, false, false); console.log('kernel fresh out', ((performance.now() - t0) / 20).toFixed(2), 'ms');
t0 = performance.now(); for (let i = 0; i < 20; i++) wasmKernels.matmul(a, b, o, n, n, n, false, false); console.log('kernel reuse', ((performance.now() - t0) / 20).toFixed(2), 'ms');
