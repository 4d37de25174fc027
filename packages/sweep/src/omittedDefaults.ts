import { configDeclaration } from './configDeclaration.js';
import type { Fields } from './declare/nodes.js';

/**
 * The keys a resolved configuration leaves out at their default (declared `omittedAtDefault`, so that a key
 * added to the grammar later keeps every older run id), by dotted path, with that default: what an absent
 * `problem.model.kind` means is 'mlp'. Read by valueAtKey, so claims and labels see the value, not a gap.
 */
export const OMITTED_DEFAULTS: ReadonlyMap<string, unknown> = collect(configDeclaration, '', new Map());

function collect(fields: Fields, prefix: string, out: Map<string, unknown>): Map<string, unknown> {
  for (const [key, node] of Object.entries(fields)) {
    const path = prefix === '' ? key : `${prefix}.${key}`;
    if (node.kind === 'setting' && node.omittedAtDefault === true) out.set(path, node.setting.default);
    else if (node.kind === 'object') collect(node.fields, path, out);
    // A variant's branches are fields of the variant's own key (problem.model, problem.landscape).
    else if (node.kind === 'variant') for (const branch of Object.values(node.branches as Record<string, Fields>)) collect(branch, path, out);
    // A named section's own keys (test_fraction, ...), whichever entry it names.
    else if (node.kind === 'named') collect(node.extra(undefined), path, out);
  }
  return out;
}
