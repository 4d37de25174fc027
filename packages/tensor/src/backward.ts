import { gradientRules, type GradientRule } from './gradients.js';
import { noGrad } from './noGrad.js';
import { add } from './ops/elementwise.js';
import { astype } from './ops/shape.js';
import type { PrimitiveName } from './primitives.js';
import { emptyTensor } from './creation.js';
import { activeKernels } from './kernels/active.js';
import { formatShape, sameShape, stridesOf } from './shape.js';
import { Tensor } from './tensor.js';

/**
 * Every tensor `root` depends on through tensors that require gradients, each listed after all of its inputs.
 * This is micrograd's recursive build_topo with an explicit stack, so deep graphs cannot overflow the call stack.
 */
export function topologicalOrder(root: Tensor): Tensor[] {
  const order: Tensor[] = [];
  const visited = new Set<Tensor>([root]);
  // Each frame: a tensor and the index of the next input to visit.
  const stack: [Tensor, number][] = [[root, 0]];
  while (stack.length > 0) {
    const frame = stack[stack.length - 1];
    const [tensor, next] = frame;
    const inputs = tensor.creator?.inputs ?? [];
    if (next < inputs.length) {
      frame[1] = next + 1;
      const input = inputs[next];
      if (input.requiresGrad && !visited.has(input)) {
        visited.add(input);
        stack.push([input, 0]);
      }
    } else {
      stack.pop();
      order.push(tensor); // all inputs are already in `order`
    }
  }
  return order;
}

/**
 * The chain rule over the graph: walk from `root` back to the leaves in reverse topological order, so each
 * tensor's gradient is complete (summed over all its consumers) before its own rule passes it on.
 * Leaves accumulate into `.grad`; intermediate gradients live only during this call.
 */
export function runBackward(root: Tensor, seed: Tensor): void {
  const order = topologicalOrder(root);
  const pending = new Map<Tensor, Tensor>([[root, seed]]);
  noGrad(() => {
    for (let i = order.length - 1; i >= 0; i--) {
      const tensor = order[i];
      const g = pending.get(tensor);
      if (g === undefined) continue;
      pending.delete(tensor);
      const node = tensor.creator;
      if (node === null) {
        accumulateIntoLeaf(tensor, fitTo(g, tensor, 'backward'));
        continue;
      }
      const rule = gradientRules[node.op] as GradientRule<PrimitiveName>;
      const inputGrads = rule(g, node.inputs, tensor, node.attrs as never);
      node.inputs.forEach((input, j) => {
        const inputGrad = inputGrads[j];
        if (!input.requiresGrad || inputGrad === null || inputGrad === undefined) return;
        const fitted = fitTo(inputGrad, input, node.op);
        const earlier = pending.get(input);
        // A tensor used twice (x·x, or x feeding two layers) receives the sum of both paths.
        pending.set(input, earlier === undefined ? fitted : add(earlier, fitted));
      });
    }
  });
}

/** Check a rule returned the input's shape (a bug in the rule otherwise) and bring it to the input's dtype. */
function fitTo(g: Tensor, input: Tensor, op: string): Tensor {
  if (!sameShape(g.shape, input.shape))
    throw new Error(`backward: the gradient rule of '${op}' returned shape ${formatShape(g.shape)} for an input of shape ${formatShape(input.shape)}`);
  // Mixed float32/float64 ops compute in float64; a float32 input gets its gradient back in float32.
  return g.dtype === input.dtype ? g : astype(g, input.dtype);
}

/**
 * Leaves own their gradient buffer: the first backward copies (rules may hand the same tensor to two inputs),
 * later ones add in place, which is what "gradients accumulate until zeroGrad()" means.
 */
function accumulateIntoLeaf(leaf: Tensor, g: Tensor): void {
  // Kernels rather than loops here, so compileStep's capture sees the gradients reach the leaves.
  const strides = stridesOf(leaf.shape);
  if (leaf.grad === null) {
    leaf.grad = emptyTensor(g.dtype, leaf.shape);
    activeKernels().copyStrided(g.storage, 0, strides, leaf.grad.storage, leaf.shape);
    return;
  }
  activeKernels().addStrided(g.storage, leaf.grad.storage, 0, strides, leaf.shape);
}
