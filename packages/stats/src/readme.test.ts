import { readFileSync } from 'node:fs';
import { expect, it } from 'vitest';

it("the README's examples are examples/decide.ts, benchmark.ts and importance.ts, which the typecheck compiles", () => {
  const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
  const example = (name: string) => readFileSync(new URL(`../examples/${name}`, import.meta.url), 'utf8');
  const blocks = [...readme.matchAll(/```ts\n([\s\S]*?)```/g)].map((match) => match[1]);
  expect(blocks).toEqual([example('decide.ts'), example('benchmark.ts'), example('importance.ts')]);
});
