import { createRequire, register } from 'node:module';
import type * as TfCore from '@tensorflow/tfjs-core';

/*
 * Why a resolve hook: TF.js publishes its gradients only as ES module files (dist/register_all_gradients.js
 * and dist/gradients/*.js), written for bundlers: `import ... from './gradients/Abs_grad'` has no extension,
 * and './gradients' names both a file and a folder. Node's ESM resolver accepts neither, and tfjs-core's
 * CommonJS build (its package "main") does not include the gradients, so without them `minimize` fails
 * with "gradient function not found for Multiply". (The @tensorflow/tfjs umbrella package bundles them, but
 * only tfjs-core and the two backends are dependencies here.)
 *
 * So TF.js is loaded from its ES module builds, as a bundler would load it: inside @tensorflow packages an
 * extensionless specifier gets '.js' (or '/index.js'), and the bare '@tensorflow/tfjs-core' means its
 * ES module entry, so the core, the gradients and both backends share ONE copy of the engine and registries.
 * Everything outside @tensorflow resolves exactly as before.
 *
 * Trap: the ES module build's Node platform calls a bare `require('util')` while it loads (a bundler would
 * have provided `require`), so a `require` is lent to the global scope for the duration of the imports.
 */
const hookSource = `
const CORE_ESM = '@tensorflow/tfjs-core/dist/index.js';
const HAS_EXTENSION = /\\.(c|m)?js$/;
export async function resolve(specifier, context, nextResolve) {
  if (specifier === '@tensorflow/tfjs-core') return nextResolve(CORE_ESM, context);
  const fromTf = (context.parentURL ?? '').includes('/@tensorflow/');
  const bundlerStyle = (fromTf && specifier.startsWith('.')) || specifier.startsWith('@tensorflow/tfjs-backend-cpu/dist/') || specifier.startsWith('@tensorflow/tfjs-core/dist/');
  if (bundlerStyle && !HAS_EXTENSION.test(specifier)) {
    for (const candidate of [specifier + '.js', specifier + '/index.js']) {
      try {
        return await nextResolve(candidate, context);
      } catch {}
    }
  }
  return nextResolve(specifier, context);
}`;

export type Tf = typeof TfCore;

let loading: Promise<{ tf: Tf; setWasmPaths: (prefix: string) => void }> | null = null;

/** TF.js core with every gradient registered, and both backends, loaded once. */
export function loadTfjs(): Promise<{ tf: Tf; setWasmPaths: (prefix: string) => void }> {
  loading ??= (async () => {
    register(`data:text/javascript,${encodeURIComponent(hookSource)}`);
    const scope = globalThis as { require?: NodeJS.Require };
    const hadRequire = 'require' in scope;
    scope.require ??= createRequire(import.meta.url);
    try {
      // The ES module entry by path (not the bare name), so a test runner's own resolver picks the same file.
      const tf = (await import('@tensorflow/tfjs-core/dist/index.js')) as Tf;
      await import('@tensorflow/tfjs-core/dist/register_all_gradients.js');
      await import('@tensorflow/tfjs-backend-cpu/dist/index.js');
      const wasm = await import('@tensorflow/tfjs-backend-wasm/dist/index.js');
      return { tf, setWasmPaths: wasm.setWasmPaths };
    } finally {
      if (!hadRequire) delete scope.require;
    }
  })();
  return loading;
}
