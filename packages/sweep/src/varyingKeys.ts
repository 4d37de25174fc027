import { canonicalJson } from './identity.js';
import type { RunSpec } from './sweep.js';

/**
 * The dotted keys (`optimizer.lr`, `problem.dataset.noise`) whose values differ between the runs'
 * configurations, in the order they first appear. A key some configurations lack (momentum's
 * `momentum` next to sgd) counts as varying. Lists (`hidden: [16]`) are compared whole.
 */
export function varyingKeys(specs: readonly RunSpec[]): string[] {
  const seen = new Map<string, Set<string>>();
  const keysPerSpec = specs.map((spec) => {
    const leaves = new Map<string, string>();
    flatten(spec.config, '', leaves);
    for (const [key, value] of leaves) {
      if (!seen.has(key)) seen.set(key, new Set());
      seen.get(key)!.add(value);
    }
    return leaves;
  });
  return [...seen.keys()].filter((key) => seen.get(key)!.size > 1 || keysPerSpec.some((leaves) => !leaves.has(key)));
}

function flatten(value: unknown, path: string, out: Map<string, string>): void {
  if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
    for (const [key, child] of Object.entries(value)) flatten(child, path === '' ? key : `${path}.${key}`, out);
  } else out.set(path, canonicalJson(value));
}
