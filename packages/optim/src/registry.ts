import { closest } from '@descent/settings';
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

/** Optimizers by name. Immutable: `with` returns a new registry. */
export interface Registry {
  /** The optimizer called `name`; throws `unknown optimizer 'x': did you mean 'y'?` when there is none. */
  get(name: string): Optimizer;
  has(name: string): boolean;
  list(): Optimizer[];
  names(): string[];
  /** Where an optimizer came from: 'built-in' or the plugin that supplied it. */
  sourceOf(name: string): string;
  /** This registry plus `more`, all from `source`; a name already taken throws naming both sources. */
  with(more: readonly Optimizer[], source?: string): Registry;
}

interface Entry {
  optimizer: Optimizer;
  source: string;
}

/** A registry built from a list; a duplicate name throws naming both sources. */
export function createRegistry(optimizers: readonly Optimizer[], source = 'built-in'): Registry {
  return registryOf(addEntries(new Map(), optimizers, source));
}

function addEntries(existing: ReadonlyMap<string, Entry>, optimizers: readonly Optimizer[], source: string): Map<string, Entry> {
  const entries = new Map(existing);
  for (const optimizer of optimizers) {
    const taken = entries.get(optimizer.name);
    if (taken !== undefined) {
      const where = taken.source === source ? `twice by ${source}` : `by ${taken.source} and again by ${source}`;
      throw new Error(`optimizer '${optimizer.name}' is defined ${where}; rename one of them`);
    }
    entries.set(optimizer.name, { optimizer, source });
  }
  return entries;
}

function registryOf(entries: ReadonlyMap<string, Entry>): Registry {
  const entry = (name: string): Entry => {
    const found = entries.get(name);
    if (found !== undefined) return found;
    const guess = closest(name, entries.keys());
    const hint = guess !== null ? `did you mean '${guess}'?` : `known optimizers: ${[...entries.keys()].join(', ')}`;
    throw new Error(`unknown optimizer '${name}': ${hint}`);
  };
  return {
    get: (name) => entry(name).optimizer,
    has: (name) => entries.has(name),
    list: () => [...entries.values()].map((e) => e.optimizer),
    names: () => [...entries.keys()],
    sourceOf: (name) => entry(name).source,
    with: (more, source = 'plugin') => registryOf(addEntries(entries, more, source)),
  };
}

/** The built-ins, for code that loads no plugins. */
export const defaultRegistry: Registry = createRegistry(builtins);
