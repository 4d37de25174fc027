import { register } from 'node:module';
import { pathToFileURL } from 'node:url';
import type { PackageLocation } from './_workspace.js';

/*
 * A plugin file in experiments/plugins/ imports '@descent/optim', but no node_modules folder above it
 * holds that package (pnpm links workspace packages only into the packages that depend on them), and a
 * process started without `--conditions=development` would look for a dist/ build that may not exist.
 * This Node resolve hook answers only when normal resolution has failed, and only for names of workspace
 * packages, with the package's source entry. Everything else resolves exactly as before.
 */
const hookSource = `
let packages = {};
export function initialize(data) { packages = data.packages; }
export async function resolve(specifier, context, nextResolve) {
  try {
    return await nextResolve(specifier, context);
  } catch (error) {
    if (Object.hasOwn(packages, specifier)) return { url: packages[specifier], shortCircuit: true };
    throw error;
  }
}`;

const registeredRoots = new Set<string>();

/** Install the fallback for the workspace at `root` (once per root per thread). */
export function registerWorkspaceResolveHook(root: string, packages: ReadonlyMap<string, PackageLocation>): void {
  if (registeredRoots.has(root)) return;
  registeredRoots.add(root);
  const urls: Record<string, string> = {};
  for (const [name, location] of packages) urls[name] = pathToFileURL(location.entry).href;
  register(`data:text/javascript,${encodeURIComponent(hookSource)}`, { data: { packages: urls } });
}
