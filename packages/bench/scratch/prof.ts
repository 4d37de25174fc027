import { compileMlpStep, mlp } from '@descent/nn';
import { rng } from '@descent/tensor';
const model = mlp([3, 4, 1], { activation: 'sigmoid', output: 'sigmoid', rng: rng(1) });
const step = compileMlpStep(model, 'squared_error');
const bx = new Float32Array([0.1, -0.5, 0.7]), by = new Float32Array([0.3]);
const t0 = performance.now(); let n = 0;
while (performance.now() - t0 < 3000) { for (let r = 0; r < 1000; r++) step.lossAndGradient(bx, by, 1); n += 1000; }
console.log(((performance.now() - t0) / n * 1000).toFixed(3), 'µs');
