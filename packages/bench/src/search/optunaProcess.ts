import { spawnSync } from 'node:child_process';
import { PythonProcess, pythonScript } from '../_pythonProcess.js';
import { torchPythonCandidates } from '../contenders/findTorchPython.js';

/** One dimension of an Optuna study's space (FloatDistribution or CategoricalDistribution). */
export type OptunaDimension = { name: string; kind: 'float'; low: number; high: number; log: boolean } | { name: string; kind: 'categorical'; choices: string[] };

export interface OptunaStudy {
  study: string;
  sampler: 'tpe' | 'random';
  pruner: 'none' | 'hyperband' | 'successive_halving';
  seed: number;
  direction: 'minimize' | 'maximize';
  space: OptunaDimension[];
}

/** What Optuna made of a told trial: its state, and how many curve points it was given before that. */
export interface Told {
  state: 'complete' | 'pruned' | 'fail';
  reported: number;
}

/**
 * python/optuna_search.py (its protocol is at the top of that file) in a long-lived process: studies by id,
 * each driven by ask and tell. Requests of several studies may interleave; each is answered in order.
 */
export class OptunaProcess {
  private readonly process: PythonProcess;
  constructor(python: string) {
    this.process = new PythonProcess('Optuna', python, pythonScript('optuna_search.py'));
  }

  async hello(): Promise<{ optuna: string; python: string }> {
    return (await this.process.request({ op: 'hello' })) as { optuna: string; python: string };
  }

  async create(study: OptunaStudy): Promise<void> {
    await this.process.request({ op: 'create', ...study });
  }

  async ask(study: string): Promise<{ trial: number; params: Record<string, number | string> }> {
    return (await this.process.request({ op: 'ask', study })) as { trial: number; params: Record<string, number | string> };
  }

  /** Tell a trial its curve (non-finite values cross as null) and final value (null: the run diverged or failed). */
  async tell(study: string, trial: number, curve: readonly number[], final: number | null): Promise<Told> {
    const finite = (v: number) => (Number.isFinite(v) ? v : null);
    return (await this.process.request({ op: 'tell', study, trial, curve: curve.map(finite), final: final === null ? null : finite(final) })) as unknown as Told;
  }

  async drop(study: string): Promise<void> {
    await this.process.request({ op: 'drop', study });
  }

  dispose(): void {
    this.process.dispose();
  }
}

/**
 * The first Python that imports optuna, and its version: the same candidates as the PyTorch contender's
 * (DESCENT_PYTHON alone when set, else Debian's /usr/bin/python3, else python3 on PATH), where
 * `apt install python3-optuna` puts it.
 */
export function findOptunaPython(candidates: readonly string[] = torchPythonCandidates()): { executable: string; optunaVersion: string } | null {
  for (const executable of candidates) {
    const probe = spawnSync(executable, ['-c', 'import optuna; print(optuna.__version__)'], { encoding: 'utf8', timeout: 60_000 });
    if (!probe.error && probe.status === 0) return { executable, optunaVersion: probe.stdout.trim() };
  }
  return null;
}

/** findOptunaPython, or an Error saying what was tried and how to install Optuna. */
export function requireOptunaPython(candidates: readonly string[] = torchPythonCandidates()): { executable: string; optunaVersion: string } {
  const found = findOptunaPython(candidates);
  if (!found) {
    throw new Error(
      `bench search: no python3 with optuna found (tried ${candidates.join(', ')}); apt install python3-optuna ` +
        `(or run 'bash scripts/setup-test-env.sh' as root from the repo root), or set DESCENT_PYTHON to a python that imports optuna`,
    );
  }
  return found;
}
