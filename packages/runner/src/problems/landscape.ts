import { landscapes } from '@descent/data';
import type { Rng } from '@descent/tensor';
import type { LandscapeConfig } from '@descent/sweep';
import type { Problem } from './problem.js';

/**
 * A 2-D landscape as a problem: the two coordinates are the parameters (one float64 array [x, y]).
 *
 * Mini-batch noise model: a step's gradient is the exact gradient plus N(0, σ²/B) per coordinate, the
 * variance of the mean of B independent per-example gradients with per-example noise σ. So B = 1 is
 * the noisiest (SGD) and a large B approaches full-batch gradient descent. Every step with σ > 0 draws two
 * N(0, 1) numbers from `noise` whatever σ and B are, so paired runs meet the same draws at each step.
 */
export function landscapeProblem(config: LandscapeConfig, noise: Rng): Problem {
  const landscape = landscapes.get(config.name);
  const settings = config as unknown as Record<string, never>;
  const point = new Float64Array([config.start[0], config.start[1]]);
  const grad = new Float64Array(2);
  const sigma = config.noise;
  return {
    params: [point],
    grads: [grad],
    trainSize: null,
    lossAndGradient(_batch: Int32Array, batchLength: number): number {
      const loss = landscape.value(point[0], point[1], settings);
      landscape.gradient(point[0], point[1], settings, grad);
      if (sigma > 0) {
        const scale = sigma / Math.sqrt(batchLength);
        grad[0] += scale * noise.normal();
        grad[1] += scale * noise.normal();
      }
      return loss;
    },
    evaluate: () => null,
    position: () => ({ x: point[0], y: point[1], loss: landscape.value(point[0], point[1], settings) }),
  };
}
