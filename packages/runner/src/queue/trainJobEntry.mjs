// Thread entry for queue workers when Descent runs from its TypeScript sources (dev, tests, `pnpm exp`),
// like ../workerEntry.mjs: worker threads do not inherit `--import tsx`, and tsx given through execArgv
// breaks the `tsImport` that plugin loading uses, so tsx is registered here before the real module loads.
import { register } from 'tsx/esm/api';

register();
const thread = import('./trainJobThread.ts');

export default async function trainJob(task) {
  return (await thread).default(task);
}
