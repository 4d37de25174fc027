import { PluginChangedError } from './pluginChanged.js';
import { StorageError } from './storageError.js';

/**
 * Why a sweep must stop before it records something wrong: the storage refused a write (a healthy run
 * would otherwise be stored as failed), or a plugin changed under the sweep (a run would record code it
 * did not run). Plain data, because a worker thread posts it back as its task's result: structured clone
 * keeps an Error's message but drops its own fields.
 */
export type Halt = { kind: 'storage'; path: string; code: string } | { kind: 'plugin-changed'; plugin: string; recorded: string; now: string | null };

/** A worker thread's answer for a run it could not store or must not train. */
export interface HaltOutcome {
  halt: Halt;
}

/** The outcome for an error that halts the sweep, or null for any other error. */
export function haltOutcome(error: unknown): HaltOutcome | null {
  if (error instanceof StorageError) return { halt: { kind: 'storage', path: error.path, code: error.code } };
  if (error instanceof PluginChangedError) return { halt: { kind: 'plugin-changed', plugin: error.plugin, recorded: error.recorded, now: error.now } };
  return null;
}

export function isHaltOutcome(value: unknown): value is HaltOutcome {
  return typeof value === 'object' && value !== null && 'halt' in value;
}

/** The error a halted sweep rejects with, rebuilt in the coordinating thread. */
export function haltError({ halt }: HaltOutcome): StorageError | PluginChangedError {
  return halt.kind === 'storage' ? new StorageError(halt.path, halt.code) : new PluginChangedError(halt.plugin, halt.recorded, halt.now);
}

/** True for the errors that halt a sweep (they are the user's to fix, and say what to do). */
export function isHaltError(error: unknown): error is StorageError | PluginChangedError {
  return error instanceof StorageError || error instanceof PluginChangedError;
}
