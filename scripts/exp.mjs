// `pnpm exp`: build what changed since the last build, then run the exp command from its build.
//
// turbo hashes every package's sources, so an edit is rebuilt before the command that follows it (about a
// second for one package), and with nothing changed it only checks its cache (about 0.2 s). Its output is
// shown only when a build fails: the command's own output stays the command's.
//
// Plain JavaScript, run by Node itself: nothing can be loaded from TypeScript before the build.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const repoRoot = fileURLToPath(new URL('..', import.meta.url));
const build = spawnSync(
  join(repoRoot, 'node_modules', '.bin', 'turbo'),
  ['run', 'build', '--filter=@descent/cli...', '--filter=@descent/experiments...', '--output-logs=errors-only', '--log-prefix=none'],
  { cwd: repoRoot, encoding: 'utf8', env: { TURBO_TELEMETRY_DISABLED: '1', ...process.env } },
);
if (build.status !== 0) {
  process.stderr.write(`${build.stdout ?? ''}${build.stderr ?? ''}${build.error ? `${build.error.message}\n` : ''}`);
  process.stderr.write('exp: the build failed (above); nothing was run\n');
  process.exit(build.status ?? 1);
}
await import('../packages/cli/dist/bin.js');
