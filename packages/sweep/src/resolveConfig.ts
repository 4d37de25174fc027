import type { Catalog, DatasetContext } from './catalog.js';
import type { ProblemKind } from './configFacts.js';
import type { ResolvedConfig } from './config.js';
import { configDeclaration } from './configDeclaration.js';
import { configRules } from './configRules.js';
import { resolveDeclared } from './declare/resolveDeclared.js';
import type { IssueCollector } from './issue.js';
import type { MapNode, SweepNode } from './tree.js';

/**
 * Check one configuration (the base sections with one combination of parameter values laid over them)
 * against `configDeclaration` and `configRules`, and fill in every default. Issues go to `issues` with
 * the position each value was written at; the result is null when this configuration had any.
 */
export function resolveConfig(tree: MapNode, sweep: Pick<ResolvedConfig, 'seed' | 'pairing'>, catalog: Catalog, context: DatasetContext, issues: IssueCollector): ResolvedConfig | null {
  let reported = 0;
  // Known from the keys alone, so budget and metric are checked even when the problem itself has mistakes.
  const facts = { kind: problemKind(tree.entries.get('problem')?.value), dataset: null };
  const sections = resolveDeclared(configDeclaration, tree, {
    catalog,
    context,
    facts,
    rules: configRules,
    report(at, path, message, got, expected) {
      reported++;
      issues.add(at, path, message, got, expected);
    },
  });
  if (reported > 0 || sections === undefined) return null;
  const source = catalog.optimizerSource(sections.optimizer.name);
  return { seed: sweep.seed, pairing: sweep.pairing, ...sections, plugins: source === null ? [] : [source] };
}

function problemKind(node: SweepNode | undefined): ProblemKind | null {
  if (node?.kind !== 'map') return null;
  const hasDataset = node.entries.has('dataset');
  const hasLandscape = node.entries.has('landscape');
  return hasDataset === hasLandscape ? null : hasDataset ? 'dataset' : 'landscape';
}
