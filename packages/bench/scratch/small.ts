import { jsKernels, rng } from '@descent/tensor';
import { wasmMatmul, WASM_MIN_WORK } from '../../tensor/src/kernels/wasm/wasmMatmul.ts';
function rand(n: number, seed: string) { const r = rng(seed); return Float32Array.from({ length: n }, () => r.normal()); }
console.log('threshold', WASM_MIN_WORK);
for (const [m,k,n,ta,tb] of [[1024,3,4,false,false],[1024,4,1,false,false],[3,1024,4,true,false],[4,1024,1,true,false],[1024,1,4,false,true],[32,3,4,false,false],[16,16,16,false,false],[32,32,32,false,false],[64,64,64,false,false],[32,128,10,false,false],[128,32,10,true,false],[32,10,128,false,true], [256,128,10,false,false],[128,256,10,true,false],[256,10,128,false,true]] as const) {
  const a = rand(m * k, 'a'), b = rand(k * n, 'b'); const o = new Float32Array(m * n);
  let line = `${m}x${k}x${n} ${ta ? 'T' : 'N'}${tb ? 'T' : 'N'} work ${m*k*n}`.padEnd(30);
  for (const [name, f] of [['js', jsKernels.matmul], ['wasm', (a: any, b: any, o: any, m: any, k: any, n: any, ta: any, tb: any) => { (globalThis as any).FORCE = true; wasmMatmul(a, b, o, m, k, n, ta, tb); }]] as const) {
    f(a, b, o, m, k, n, ta, tb);
    let t0 = performance.now(), r = 0; while (performance.now() - t0 < 200) { f(a, b, o, m, k, n, ta, tb); r++; }
    line += `${name} ${((performance.now() - t0) / r * 1000).toFixed(2)}µs  `;
  }
  console.log(line);
}
