import { PythonProcess, pythonScript } from '../_pythonProcess.js';

/** The Python side of the PyTorch contender (its protocol is described at the top of that file). */
export const TORCH_CONTENDER_SCRIPT = pythonScript('torch_contender.py');

/**
 * One thread also for the thread pools that start when torch loads (OpenMP, MKL, OpenBLAS), before a script
 * can call torch.set_num_threads(1).
 */
export const ONE_THREAD_ENV = { OMP_NUM_THREADS: '1', MKL_NUM_THREADS: '1', OPENBLAS_NUM_THREADS: '1' } as const;

/** python3 running torch_contender.py, with one thread for every pool torch may start. */
export class TorchProcess extends PythonProcess {
  constructor(python: string, script: string = TORCH_CONTENDER_SCRIPT) {
    super('PyTorch contender', python, script, { ...process.env, ...ONE_THREAD_ENV });
  }
}
