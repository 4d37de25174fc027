import { Worker } from 'node:worker_threads';
import { describe, expect, it } from 'vitest';

// Hardening freezes built-ins for good, so it runs in a thread of its own, on the build (the test set-up builds first).
const optimBuild = new URL('../dist/index.js', import.meta.url).href;

/** Run `body` (code with `optim` in scope) in a fresh worker thread after hardenBuiltIns(); resolves to what it returns. */
function inHardenedThread(body: string): Promise<unknown> {
  const code = `const { parentPort } = require('node:worker_threads');
import(${JSON.stringify(optimBuild)}).then((optim) => { optim.hardenBuiltIns(); parentPort.postMessage((() => { ${body} })()); });`;
  return new Promise((resolve, reject) => {
    // Trap: vitest runs with --conditions development, under which the build's imports would pick TypeScript sources.
    const worker = new Worker(code, { eval: true, execArgv: [] });
    worker.once('message', (value) => {
      resolve(value);
      void worker.terminate();
    });
    worker.once('error', reject);
  });
}

describe('hardenedBuiltInChanged', () => {
  it('is null until something that hardening left writable changes, then names it as changedBuiltIn does', async () => {
    const seen = await inHardenedThread(`
      const labels = [optim.hardenedBuiltInChanged()];
      Array.prototype.sum = () => 0;
      labels.push(optim.hardenedBuiltInChanged());
      delete Array.prototype.sum;
      labels.push(optim.hardenedBuiltInChanged());
      const fill = Float64Array.prototype.fill;
      Float64Array.prototype.fill = function () { return this; };
      labels.push(optim.hardenedBuiltInChanged());
      optim.restoreHardenedBuiltIns();
      labels.push(optim.hardenedBuiltInChanged(), Float64Array.prototype.fill === fill);
      const at = Array.prototype.at;
      delete Array.prototype.at;
      labels.push(optim.hardenedBuiltInChanged());
      Array.prototype.at = at;
      Object.setPrototypeOf(Int8Array.prototype, Float32Array.prototype);
      labels.push(optim.hardenedBuiltInChanged());
      return labels;`);
    expect(seen).toEqual([null, 'Array.prototype.sum', null, 'Float64Array.prototype.fill', null, true, 'Array.prototype.at', 'Int8Array.prototype (its prototype)']);
  });

  it('leaves the frozen built-ins and the pinned globals to the freeze: they cannot change', async () => {
    const seen = await inHardenedThread(`
      const exp = Math.exp;
      Math.exp = () => 0;
      globalThis.Math = {};
      return [Math.exp === exp, Object.isFrozen(Math), optim.hardenedBuiltInChanged()];`);
    expect(seen).toEqual([true, true, null]);
  });
});
