import { splitSizes, type Catalog, type DatasetContext } from './catalog.js';
import type { ResolvedConfig } from './config.js';

/** What a dataset problem's random streams depend on besides its settings: the network's layer sizes and the training-set size. */
export interface ProblemShape {
  /** [inputs, ...model.hidden, outputs]. */
  layers: number[];
  trainSize: number;
}

/**
 * The shape of a run's dataset problem as the dataset declares it (its input and output sizes, and how
 * many examples stay for training after the split), or null for a landscape. A dataset that reads a file
 * (csv) reads it here, as validation did.
 */
export function problemShape(config: ResolvedConfig, catalog: Catalog, context: DatasetContext): ProblemShape | null {
  const { problem } = config;
  if (problem.kind === 'landscape') return null;
  const { name, test_fraction: testFraction, validation_fraction: validationFraction, ...params } = problem.dataset;
  const dataset = catalog.datasets.find((d) => d.name === name);
  if (dataset === undefined) throw new Error(`problemShape: no dataset '${name}' in the catalog`);
  const layers = [dataset.inputDim(params, context), ...problem.model.hidden, dataset.outputDim(params, context)];
  return { layers, trainSize: splitSizes(dataset.size(params, context), testFraction, validationFraction).train };
}
