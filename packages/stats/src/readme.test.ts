import { readFileSync } from 'node:fs';
import { expect, it } from 'vitest';

it("the README's example is examples/decide.ts, which the typecheck compiles", () => {
  const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
  const example = readFileSync(new URL('../examples/decide.ts', import.meta.url), 'utf8');
  const block = /```ts\n([\s\S]*?)```/.exec(readme)?.[1];
  expect(block).toBe(example);
});
