// `node scripts/run-built.mjs <package>/dist/<file>.js [args...]`: build what changed, then run that file of a
// build as if Node had been given it directly (`pnpm exp` and `pnpm bench` are this).
//
// turbo hashes every package's sources, so an edit is rebuilt before the command that follows it (about a
// second for one package), and with nothing changed it only checks its cache (about 0.2 s). It builds the
// package, the packages it depends on, and those experiments/ depends on (which plugins import). Its output
// is shown only when a build fails: the command's own output stays the command's.
//
// Plain JavaScript, run by Node itself: nothing can be loaded from TypeScript before the build.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const repoRoot = fileURLToPath(new URL('..', import.meta.url));
const [file, ...args] = process.argv.slice(2);
const built = resolve(repoRoot, file ?? '');
const packageDir = built.includes('/dist/') ? built.slice(0, built.lastIndexOf('/dist/')) : null;
if (packageDir === null) {
  console.error(`run-built: expected a file in a package's dist/ folder, got '${file ?? ''}'`);
  process.exit(2);
}
const { name } = JSON.parse(readFileSync(join(packageDir, 'package.json'), 'utf8'));

const build = spawnSync(
  join(repoRoot, 'node_modules', '.bin', 'turbo'),
  ['run', 'build', `--filter=${name}...`, '--filter=@descent/experiments...', '--output-logs=errors-only', '--log-prefix=none'],
  { cwd: repoRoot, encoding: 'utf8', env: { TURBO_TELEMETRY_DISABLED: '1', ...process.env } },
);
if (build.status !== 0) {
  process.stderr.write(`${build.stdout ?? ''}${build.stderr ?? ''}${build.error ? `${build.error.message}\n` : ''}`);
  process.stderr.write(`the build failed (above), so ${relative(repoRoot, built)} did not run\n`);
  process.exit(build.status ?? 1);
}
process.argv = [process.argv[0], built, ...args];
await import(built);
