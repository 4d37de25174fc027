import { createRegistry, type Registry } from '@descent/settings';
import type { Optimizer } from './optimizer.js';
import { adagrad } from './optimizers/adagrad.js';
import { adam } from './optimizers/adam.js';
import { adamw } from './optimizers/adamw.js';
import { momentum } from './optimizers/momentum.js';
import { nesterov } from './optimizers/nesterov.js';
import { rmsprop } from './optimizers/rmsprop.js';
import { sgd } from './optimizers/sgd.js';

/** The optimizers that ship with Descent, in the order `exp optimizers` lists them. */
export const builtins: readonly Optimizer[] = [sgd, momentum, nesterov, adagrad, rmsprop, adam, adamw];

/** Optimizers by name, each with where it came from ('built-in' or the plugin that supplied it). */
export type OptimizerRegistry = Registry<Optimizer>;

/** The built-ins, for code that loads no plugins; `defaultRegistry.with(more, source)` adds a plugin's. */
export const defaultRegistry: OptimizerRegistry = createRegistry('optimizer', builtins);
