import type { SweepParameter } from './sweep.js';
import type { SweepNode } from './tree.js';

/**
 * A parameter's value at u ∈ [0, 1), the one mapping random and quasirandom search share: values[⌊u·k⌋];
 * uniform min + u·(max − min); log_uniform_values exp(log min + u·(log max − log min)); int_uniform
 * min + ⌊u·(max − min + 1)⌋.
 */
export function valueAt(parameter: SweepParameter, u: number): SweepNode {
  if (parameter.kind === 'values') return parameter.values[Math.floor(u * parameter.values.length)];
  const { min, max, minPos: pos } = parameter;
  let value: number;
  switch (parameter.kind) {
    case 'uniform':
      value = min + (max - min) * u;
      break;
    case 'log_uniform_values': {
      const low = Math.log(min);
      // exp(log(max)) can land an ulp above max; clamp so a declared upper bound still holds.
      value = Math.min(max, Math.max(min, Math.exp(low + (Math.log(max) - low) * u)));
      break;
    }
    case 'int_uniform':
      value = min + Math.floor(u * (max - min + 1));
      break;
  }
  return { kind: 'scalar', value, pos };
}
