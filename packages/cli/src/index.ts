// The CLI is an application: its entry point is src/bin.ts (`pnpm exp`). Nothing imports it.
export {};
