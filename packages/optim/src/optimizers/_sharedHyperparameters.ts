import type { NumberSetting } from '@descent/settings';

/*
 * Hyperparameters that several built-ins declare alike, declared once so their ranges and descriptions
 * cannot drift apart (`exp optimizers` and the reports print them side by side).
 */

/** The learning rate α with an optimizer's own default: positive, best swept on a log scale. */
export function learningRate(defaultValue: number): NumberSetting {
  return { type: 'number', default: defaultValue, min: 0, log: true, description: 'learning rate α' };
}

/** PyTorch's (coupled) L2 weight decay: λθ is added to the gradient before anything else. */
export const l2WeightDecay: NumberSetting = { type: 'number', default: 0, min: 0, description: 'L2 penalty λ: adds λθ to the gradient' };
