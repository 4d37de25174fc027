import type { Contender } from '../contender.js';
import { descent, descentAutograd } from './descent.js';
import { handLoops } from './handLoops.js';
import { tfjsCpu, tfjsWasm } from './tfjs.js';

export { descent, descentAutograd } from './descent.js';
export { handLoops } from './handLoops.js';
export { tfjsCpu, tfjsWasm, useTfBackend, type TfBackend } from './tfjs.js';

/** Everyone, in report order. The first that runs a workload is its agreement reference. */
export const DEFAULT_CONTENDERS: readonly Contender[] = [handLoops, descent, descentAutograd, tfjsCpu, tfjsWasm];
