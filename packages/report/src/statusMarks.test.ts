import type { RunStatus } from '@descent/runner';
import { describe, expectTypeOf, it } from 'vitest';
import type { UnfinishedStatus } from './statusMarks.js';

describe('status marks', () => {
  it("name exactly the runner's unfinished statuses (checked by the type checker: a new status fails `pnpm typecheck`)", () => {
    expectTypeOf<UnfinishedStatus>().toEqualTypeOf<Exclude<RunStatus, 'finished'>>();
  });
});
