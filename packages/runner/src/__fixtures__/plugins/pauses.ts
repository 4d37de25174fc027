// Gradient descent that busy-waits `pause_ms` milliseconds in its first update: a run that hangs (for the
// per-run timeout tests) or that is surely still in flight when a test interrupts its sweep. The pause
// changes no number, so records stay deterministic. TypeScript without imports: it also shows that .ts
// plugins load in worker threads, from any folder.
export default {
  name: 'pauses',
  description: 'gradient descent that busy-waits pause_ms in its first update',
  rule: 'θ ← θ − α·g',
  hyperparameters: {
    lr: { type: 'number', default: 0.01, min: 0, description: 'learning rate α' },
    pause_ms: { type: 'number', default: 0, min: 0, description: 'milliseconds to busy-wait in the first update' },
  },
  init: () => ({}),
  update({ params, grads, state, hp, step }: { params: Float64Array[]; grads: Float64Array[]; state: Record<string, never>; hp: { lr: number; pause_ms: number }; step: number }) {
    if (step === 0 && hp.pause_ms > 0) {
      const until = Date.now() + hp.pause_ms;
      while (Date.now() < until);
    }
    params.forEach((theta, p) => theta.forEach((x, i) => (theta[i] = x - hp.lr * grads[p][i])));
    return { params, state };
  },
};
