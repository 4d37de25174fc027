import type { Contender, MatmulRunner, MatmulSetup, MlpSetup, MlpTrainer } from '../contender.js';
import type { MlpWorkload } from '../workloads.js';

const INPUTS = 3;
const HIDDEN = 4;

/** σ(z) = 1 / (1 + e^−z) */
function sigmoid(z: number): number {
  return 1 / (1 + Math.exp(-z));
}

/** Only the lecture's 3-4-1 sigmoid net with squared error has hand-written loops. */
function isLectureNet(workload: MlpWorkload): boolean {
  const [d, h, o] = workload.sizes;
  return workload.sizes.length === 3 && d === INPUTS && h === HIDDEN && o === 1 && workload.hidden === 'sigmoid' && workload.output === 'sigmoid' && workload.loss === 'squared_error';
}

/**
 * The 3-4-1 network's whole training step written out by hand over typed arrays: what the fastest possible
 * JavaScript does, the yardstick for per-op overhead. Forward and backward per example, gradients summed in
 * float64 scratch, then momentum SGD (v ← ρ·v + g, θ ← θ − α·v) with float32 parameters and velocities,
 * like every other contender.
 */
class LectureLoops implements MlpTrainer {
  private readonly w1: Float32Array;
  private readonly b1: Float32Array;
  private readonly w2: Float32Array;
  private readonly b2: Float32Array;
  // Gradients and velocities in the parameter layout [W1 (3×4), b1 (4), W2 (4×1), b2 (1)].
  private readonly gradient = new Float64Array(21);
  private readonly velocity = new Float32Array(21);
  private readonly hidden = new Float64Array(HIDDEN);

  constructor(private readonly setup: MlpSetup) {
    const { weights, biases } = setup.initial;
    this.w1 = Float32Array.from(weights[0]);
    this.b1 = Float32Array.from(biases[0]);
    this.w2 = Float32Array.from(weights[1]);
    this.b2 = Float32Array.from(biases[1]);
  }

  step(indices: Int32Array, length: number): number {
    const { inputs, targets } = this.setup.data;
    const { w1, b1, w2, b2, gradient: g, hidden: h } = this;
    const t = targets!;
    g.fill(0);
    let loss = 0;
    // E = ½·mean((ŷ − y)²), so ∂E/∂ŷ = (ŷ − y)/n.
    const scale = 1 / length;
    for (let e = 0; e < length; e++) {
      const row = indices[e];
      const x0 = inputs[row * 3];
      const x1 = inputs[row * 3 + 1];
      const x2 = inputs[row * 3 + 2];
      let zOut = b2[0];
      for (let j = 0; j < HIDDEN; j++) {
        const hj = sigmoid(b1[j] + x0 * w1[j] + x1 * w1[HIDDEN + j] + x2 * w1[2 * HIDDEN + j]);
        h[j] = hj;
        zOut += hj * w2[j];
      }
      const out = sigmoid(zOut);
      const diff = out - t[row];
      loss += diff * diff;
      const dzOut = diff * scale * out * (1 - out);
      g[20] += dzOut;
      for (let j = 0; j < HIDDEN; j++) {
        const hj = h[j];
        g[16 + j] += dzOut * hj;
        const dz = dzOut * w2[j] * hj * (1 - hj);
        g[12 + j] += dz;
        g[j] += dz * x0;
        g[HIDDEN + j] += dz * x1;
        g[2 * HIDDEN + j] += dz * x2;
      }
    }
    this.update(w1, 0);
    this.update(b1, 12);
    this.update(w2, 16);
    this.update(b2, 20);
    return 0.5 * loss * scale;
  }

  private update(theta: Float32Array, offset: number): void {
    const { lr, momentum } = this.setup.workload;
    const { velocity: v, gradient: g } = this;
    for (let i = 0; i < theta.length; i++) {
      v[offset + i] = momentum * v[offset + i] + g[offset + i];
      theta[i] -= lr * v[offset + i];
    }
  }

  parameters(): Float32Array[] {
    return [this.w1, this.b1, this.w2, this.b2].map((p) => p.slice());
  }

  dispose(): void {}
}

/** C = A·B in the loop order every JavaScript programmer writes first (i, p, j: rows of B and C read in order). */
class MatmulLoops implements MatmulRunner {
  private readonly c: Float32Array;

  constructor(private readonly setup: MatmulSetup) {
    this.c = new Float32Array(setup.workload.size * setup.workload.size);
  }

  result(): Float32Array {
    return this.c;
  }

  multiply(): void {
    const { a, b } = this.setup;
    const n = this.setup.workload.size;
    const c = this.c;
    c.fill(0);
    for (let i = 0; i < n; i++) {
      for (let p = 0; p < n; p++) {
        const aip = a[i * n + p];
        for (let j = 0; j < n; j++) c[i * n + j] += aip * b[p * n + j];
      }
    }
  }

  dispose(): void {}
}

export const handLoops: Contender = {
  name: 'hand',
  label: 'hand-written loops',
  description: 'The whole step written out over typed arrays for this one network (3-4-1); plain i-p-j loops for matmul.',
  runsMlp: isLectureNet,
  mlp: async (setup) => new LectureLoops(setup),
  matmul: async (setup) => new MatmulLoops(setup),
};
