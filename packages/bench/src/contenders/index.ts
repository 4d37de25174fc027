import type { Contender } from '../contender.js';
import { descent, descentAutograd } from './descent.js';
import { handLoops } from './handLoops.js';
import { tfjsCpu, tfjsWasm } from './tfjs.js';

export { descent, descentAutograd, descentRelaxed } from './descent.js';
export { handLoops } from './handLoops.js';
export { tfjsCpu, tfjsWasm, useTfBackend, type TfBackend } from './tfjs.js';
export { pytorchContender } from './pytorch.js';
export { findTorchPython, requireTorchPython, noTorchPythonMessage, torchPythonCandidates, type TorchPython } from './findTorchPython.js';

/**
 * Everyone who runs in this process, in report order. The first that runs a workload is its agreement
 * reference. PyTorch needs a python3 with torch, so bin.ts appends `pytorchContender(...)` when it finds one.
 */
export const DEFAULT_CONTENDERS: readonly Contender[] = [handLoops, descent, descentAutograd, tfjsCpu, tfjsWasm];
