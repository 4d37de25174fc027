// Worker-thread entry when Descent runs from its TypeScript sources (dev, tests, `pnpm exp`).
// Worker threads do not inherit `--import tsx`, and tsx's loader given through execArgv breaks the
// `tsImport` that plugin loading uses inside the thread; registering tsx here, then importing the
// real worker, makes both the worker's sources and `.ts` plugins load.
import { register } from 'tsx/esm/api';

register();
const worker = import('./worker.ts');

export default async function runTask(task) {
  return (await worker).default(task);
}
