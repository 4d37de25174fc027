import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
const require = createRequire(import.meta.url);
const dist = join(dirname(require.resolve('@tensorflow/tfjs-backend-wasm/package.json')), 'dist') + '/';
console.log(dist);
setWasmPaths(dist);
tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', false);
for (const backend of ['cpu', 'wasm']) {
  await tf.setBackend(backend);
  await tf.ready();
  console.log(tf.getBackend(), await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT'), await tf.env().getAsync('WASM_HAS_MULTITHREAD_SUPPORT'));
  for (const n of [128, 512]) {
    const a = tf.randomNormal([n, n]); const b = tf.randomNormal([n, n]);
    tf.matMul(a, b).dataSync();
    const t0 = performance.now(); let reps = 0;
    while (performance.now() - t0 < 1000) { const c = tf.matMul(a, b); c.dataSync(); c.dispose(); reps++; }
    const t = (performance.now() - t0) / reps;
    console.log(backend, n, (2 * n ** 3 / t / 1e6).toFixed(2), 'GFLOP/s');
    const t1 = performance.now(); reps = 0;
    while (performance.now() - t1 < 1000) { const c = tf.matMul(a, b, true, false); c.dataSync(); c.dispose(); reps++; }
    console.log(backend, n, 'TN', (2 * n ** 3 / ((performance.now() - t1) / reps) / 1e6).toFixed(2), 'GFLOP/s');
  }
}
