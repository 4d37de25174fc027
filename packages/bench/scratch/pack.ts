import { jsKernels, wasmKernels, rng } from '@descent/tensor';
function rand(n: number, seed: string) { const r = rng(seed); return Float32Array.from({ length: n }, () => r.normal()); }
for (const [m,k,n,ta,tb] of [[512,512,512,false,false],[512,512,512,false,true],[1024,1024,1024,false,false],[128,128,128,false,false],[32,784,128,false,false],[784,32,128,true,false],[256,784,128,false,false],[784,256,128,true,false],[32, 128, 10, false, false],[32,10,128,false,true]] as const) {
  const a = rand(m * k, 'a'), b = rand(k * n, 'b'); const o = new Float32Array(m * n), o2 = new Float32Array(m*n);
  let line = `${m}x${k}x${n} ${ta ? 'T' : 'N'}${tb ? 'T' : 'N'}`.padEnd(20);
  for (const pack of [false]) {
    (globalThis as any).PACK = pack;
    wasmKernels.matmul(a, b, pack ? o2 : o, m, k, n, ta, tb);
    let t0 = performance.now(), r = 0; while (performance.now() - t0 < 300) { wasmKernels.matmul(a, b, o, m, k, n, ta, tb); r++; }
    line += `${pack ? 'packed' : 'rows'} ${(2 * m * k * n / ((performance.now() - t0) / r) / 1e6).toFixed(2)}  `;
  }
  console.log(line, o.every((v, i) => v === o2[i]) ? 'same bits' : 'DIFFERENT');
}
