import type { NumberSetting, SearchRange } from '@descent/settings';

/*
 * Hyperparameters that several built-ins declare alike, declared once so their ranges and descriptions
 * cannot drift apart (`exp optimizers` and the reports print them side by side).
 *
 * Search ranges (where the optimizer benchmark tunes each one) follow one policy for every built-in: the
 * learning rate and the method's own averaging constants (momentum, β₁, β₂, a) are tuned; regularisers
 * (weight decay) and numerical guards (ε, initial accumulators, lr decay, dampening) keep their defaults
 * (`search: false`), because they change the objective or only protect a division, and every extra dimension
 * dilutes a fixed number of trials for every optimizer alike.
 */

/** The learning rate α with an optimizer's own default and the log-spaced range the benchmark tunes it in. */
export function learningRate(defaultValue: number, search: { min: number; max: number }): NumberSetting {
  return { type: 'number', default: defaultValue, min: 0, log: true, search: { ...search, log: true }, description: 'learning rate α' };
}

/** Momentum-like averaging constants are tuned between none and 0.99 (0.999 and above rarely pays in a short run). */
export const momentumSearch: SearchRange = { min: 0, max: 0.99 };

/** PyTorch's (coupled) L2 weight decay: λθ is added to the gradient before anything else. */
export const l2WeightDecay: NumberSetting = { type: 'number', default: 0, min: 0, search: false, description: 'L2 penalty λ: adds λθ to the gradient' };
