import type { RunSpec } from '@descent/sweep';
import type { ExecuteSummary, ProgressEvent } from './execute.js';
import type { LoadedCatalog } from './loadCatalog.js';
import type { RunStore } from './store.js';

/**
 * Where a sweep's runs train: worker threads on this machine (`localExecutor`), or `exp worker`
 * processes on any machine behind a Redis queue (`queueExecutor`, from `@descent/runner/queue`).
 * Either way each record lands in the store as it completes, and the summary reads the same.
 */
export interface Executor {
  /** Train the runs among `specs` that have no record in the store (every one of them with `force`). */
  execute(specs: readonly RunSpec[], request: ExecuteRequest): Promise<ExecuteSummary>;
  /**
   * The caller expects runs to train soon (a sweep with no runs stored yet): start what they need now (threads
   * loading the training stack) while it prepares them. Executors with nothing to start leave it out.
   */
  warmUp?(): void;
  /** Release what the executor holds (its threads). Idempotent. */
  close(): Promise<void>;
}

/** One sweep's runs, as any executor needs them. */
export interface ExecuteRequest {
  /** The sweep's name: its runs are stored under it. */
  sweep: string;
  /** The sweep file's folder (absolute): plugin files and data files resolve against it. */
  baseDir: string;
  /** The sweep's `plugins:` list as written. */
  plugins: string[];
  /** The catalog the plugins were loaded into (a queue sends each plugin's content hash from it). */
  catalog: LoadedCatalog;
  store: RunStore;
  /** Redo runs that already have a record. */
  force?: boolean;
  /**
   * Runs the caller has just found stored (RunStore.runStates): taken as done without looking at their files
   * again (100,000 runs: 200,000 stats). Every other run is looked at, and each run is looked at again when claimed.
   */
  storedBefore?: ReadonlySet<string>;
  /** Aborting stops the sweep; finished runs are kept and the next invocation continues. */
  signal?: AbortSignal;
  onProgress?: (event: ProgressEvent) => void;
}
