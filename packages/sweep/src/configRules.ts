import { describeThrown } from '@descent/settings';
import { splitSizes } from './catalog.js';
import { budgetsFor } from './configDeclaration.js';
import { resolvedDataset } from './configFacts.js';
import type { DatasetConfig, ModelConfig } from './config.js';
import type { DeclaredRule, RuleContext } from './declare/resolveDeclared.js';

/**
 * The rules across keys that no single declaration in configDeclaration.ts can state. Each runs right
 * after the key it follows is resolved; one that returns false leaves that key unresolved (so later
 * rules do not judge against it). Every issue is reported, so a configuration with any is refused either way.
 */
export const configRules: readonly DeclaredRule[] = [
  { after: 'problem.dataset', check: datasetSizeAndTask },
  { after: 'problem.dataset', check: heldOutFractionsLeaveTrainingExamples },
  { after: 'problem.model', check: residualBlocksKeepTheirWidth },
  { after: 'problem.model', check: layerNormNeedsResidualBlocks },
  { after: 'problem.loss', check: lossFitsTheDatasetTask },
  { after: 'problem', check: landscapeHasNoModelOrLoss },
  { after: 'train', check: landscapeHasNoEpochs },
  { after: 'train', check: datasetNeedsBatchSize },
  { after: 'train', check: batchSizeFitsTrainingSet },
  { after: 'metric.name', check: testMetricNeedsTestExamples },
  { after: 'metric.name', check: validationMetricNeedsValidationExamples },
  { after: 'metric.name', check: regressionHasNoAccuracy },
];

/** Asks the dataset its size, task and outputs (only once its own settings were accepted) and records the split. */
function datasetSizeAndTask(ctx: RuleContext): boolean | void {
  const config = ctx.resolvedAt('problem.dataset') as DatasetConfig | undefined;
  if (config === undefined) return;
  const { name, test_fraction: testFraction, validation_fraction: validationFraction = 0, ...params } = config;
  const dataset = ctx.catalog.datasets.find((d) => d.name === name)!;
  let size: number;
  let outputDim: number;
  let task: ReturnType<typeof dataset.task>;
  try {
    size = dataset.size(params, ctx.context);
    outputDim = dataset.outputDim(params, ctx.context);
    task = dataset.task(params, ctx.context);
  } catch (error) {
    // A dataset that reads a file (csv) learns its size only from the file, and explains itself when it cannot.
    const reason = describeThrown(error);
    ctx.report(ctx.written('problem.dataset')!.value.pos, 'problem.dataset', reason.includes(`'${name}'`) ? reason : `dataset '${name}': ${reason}`);
    return false;
  }
  const { train, validation, test } = splitSizes(size, testFraction, validationFraction);
  const heldOut = `test_fraction ${testFraction} holds out ${test}${validationFraction > 0 ? ` and validation_fraction ${validationFraction} holds out ${validation}` : ''}`;
  const explained = `${name} has ${size} examples; ${heldOut}, leaving ${Math.max(train, 0)} for training`;
  ctx.facts.dataset = { name, task, outputDim, split: { train, validation, test, explained } };
}

/** Reported at validation_fraction when one is set (it is what took the last training rows), else at test_fraction. */
function heldOutFractionsLeaveTrainingExamples(ctx: RuleContext): void {
  const dataset = ctx.facts.dataset;
  if (dataset === null || dataset.split.train >= 1) return;
  const { test_fraction: testFraction, validation_fraction: validationFraction } = ctx.resolvedAt('problem.dataset') as DatasetConfig;
  const key = validationFraction === undefined ? 'test_fraction' : 'validation_fraction';
  const at = ctx.written(`problem.dataset.${key}`)?.value.pos ?? ctx.written('problem.dataset')!.value.pos;
  ctx.report(at, `problem.dataset.${key}`, 'leaves no training examples', String(validationFraction ?? testFraction), `a smaller fraction (${dataset.split.explained})`);
}

/** A residual block adds its input to its output, so every hidden layer of a residual_mlp has one width (and there are blocks: two layers or more). */
function residualBlocksKeepTheirWidth(ctx: RuleContext): boolean | void {
  const model = ctx.resolvedAt('problem.model') as ModelConfig | undefined;
  if (model?.kind !== 'residual_mlp') return;
  const { hidden } = model;
  if (hidden.length >= 2 && hidden.every((width) => width === hidden[0])) return;
  const at = ctx.written('problem.model.hidden')?.value.pos ?? ctx.written('problem.model.kind')!.value.pos;
  const width = hidden[0] ?? 16;
  ctx.report(
    at,
    'problem.model.hidden',
    `kind residual_mlp needs two or more hidden layers of one width (a residual block x + f(x) keeps its width)`,
    JSON.stringify(hidden),
    `equal widths, like [${width}, ${width}, ${width}]`,
  );
  return false;
}

function layerNormNeedsResidualBlocks(ctx: RuleContext): boolean | void {
  const model = ctx.resolvedAt('problem.model') as ModelConfig | undefined;
  if (model === undefined || model.layer_norm !== true || model.kind === 'residual_mlp') return;
  ctx.report(ctx.written('problem.model.layer_norm')!.value.pos, 'problem.model.layer_norm', 'layer norms sit in residual blocks: set kind residual_mlp, or leave layer_norm out', 'true', 'problem.model.kind: residual_mlp');
  return false;
}

function lossFitsTheDatasetTask(ctx: RuleContext): boolean | void {
  const loss = ctx.resolvedAt('problem.loss');
  const dataset = ctx.facts.dataset;
  if (loss === undefined || dataset === null) return;
  const { name, task, outputDim } = dataset;
  const written = ctx.written('problem.loss');
  const at = written?.value.pos ?? ctx.written('problem.dataset')!.value.pos;
  const chosen = written === undefined ? `the default loss for a ${task} dataset, ${loss},` : loss;
  const refuse = (message: string, expected: string): false => {
    ctx.report(at, 'problem.loss', message, JSON.stringify(loss), expected);
    return false;
  };
  if (loss === 'bce' && (task !== 'binary' || outputDim !== 1))
    return refuse(`${chosen} needs a binary dataset with one output; '${name}' is ${task} with ${outputDim} outputs`, task === 'multiclass' ? 'cross_entropy' : 'squared_error');
  // Multiclass targets are integer labels; squared error would need them one-hot encoded, which the
  // training loop does not do, so it is refused rather than trained on labels read as numbers.
  if (loss === 'squared_error' && task === 'multiclass') return refuse(`${chosen} needs real-valued targets; '${name}' is multiclass (integer class labels)`, 'cross_entropy');
  if (loss === 'cross_entropy' && task !== 'multiclass') return refuse(`${chosen} needs a multiclass dataset; '${name}' is ${task}`, task === 'binary' ? 'bce or squared_error' : 'squared_error');
}

function landscapeHasNoModelOrLoss(ctx: RuleContext): boolean | void {
  if (ctx.facts.kind !== 'landscape') return;
  let found = false;
  for (const key of ['model', 'loss']) {
    const entry = ctx.written(`problem.${key}`);
    if (entry === undefined) continue;
    ctx.report(entry.keyPos, `problem.${key}`, `a landscape has no ${key} (model and loss belong to datasets)`);
    found = true;
  }
  return !found;
}

function landscapeHasNoEpochs(ctx: RuleContext): boolean | void {
  const epochs = ctx.facts.kind === 'landscape' ? ctx.written('train.epochs') : undefined;
  if (epochs === undefined) return;
  ctx.report(epochs.keyPos, 'train.epochs', 'a landscape has no epochs (there is no dataset to pass over)', null, budgetsFor(ctx.facts).join(' or '));
  return false;
}

function datasetNeedsBatchSize(ctx: RuleContext): boolean | void {
  const split = resolvedDataset(ctx)?.split;
  const train = ctx.written('train')?.value;
  if (split === undefined || train?.kind !== 'map' || train.entries.has('batch_size')) return;
  ctx.report(train.pos, 'train.batch_size', 'missing: examples per step', null, `an integer in [1, ${split.train}]`);
  return false;
}

function batchSizeFitsTrainingSet(ctx: RuleContext): boolean | void {
  const split = resolvedDataset(ctx)?.split;
  const written = ctx.written('train.batch_size');
  // Only a batch size its own declaration accepted (a fractional one was reported already).
  const batchSize = ctx.resolvedAt('train.batch_size');
  if (split === undefined || written === undefined || typeof batchSize !== 'number' || batchSize <= split.train) return;
  ctx.report(written.value.pos, 'train.batch_size', 'larger than the training set', String(batchSize), `an integer in [1, ${split.train}] (${split.explained})`);
  return false;
}

function testMetricNeedsTestExamples(ctx: RuleContext): void {
  metricNeedsHeldOutExamples(ctx, 'test', 'a train_ metric, or a larger test_fraction');
}

function validationMetricNeedsValidationExamples(ctx: RuleContext): void {
  metricNeedsHeldOutExamples(ctx, 'validation', 'a train_ or test_ metric, or a larger validation_fraction');
}

/** A `test_` or `validation_` metric is refused when that part of the split holds no rows. */
function metricNeedsHeldOutExamples(ctx: RuleContext, part: 'test' | 'validation', expected: string): void {
  const name = ctx.resolvedAt('metric.name');
  const written = ctx.written('metric.name');
  const split = resolvedDataset(ctx)?.split;
  if (written === undefined || typeof name !== 'string' || !name.startsWith(`${part}_`) || split === undefined || split[part] !== 0) return;
  ctx.report(written.value.pos, 'metric.name', `the ${part} set is empty (${split.explained})`, JSON.stringify(name), expected);
}

function regressionHasNoAccuracy(ctx: RuleContext): void {
  const name = ctx.resolvedAt('metric.name');
  const written = ctx.written('metric.name');
  if (written === undefined || typeof name !== 'string' || !name.endsWith('_accuracy') || resolvedDataset(ctx)?.task !== 'regression') return;
  ctx.report(written.value.pos, 'metric.name', 'a regression dataset has no accuracy', JSON.stringify(name), 'train_loss or test_loss');
}
