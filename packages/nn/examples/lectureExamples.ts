import { lecture } from '@descent/data';
import { fromArray, type Rng, type Tensor } from '@descent/tensor';

/**
 * n examples of the lecture's dataset (packages/data's `lecture`: x uniform in [−1, 1)³, y from a fixed
 * 3-4-1 sigmoid teacher network) as float32 tensors: inputs [n, 3], targets [n, 1].
 */
export function lectureExamples(n: number, rng: Rng): { inputs: Tensor; targets: Tensor } {
  const data = lecture.load({ size: n }, rng, { baseDir: '.' });
  return { inputs: fromArray(Float32Array.from(data.x), [n, 3]), targets: fromArray(Float32Array.from(data.y), [n, 1]) };
}
