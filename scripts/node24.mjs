// `node scripts/node24.mjs`: print the path of a Node 24 LTS binary, fetched once into node_modules/.cache/.
//
// CI tests Descent on the machine's Node 20 and on Node 24 (the LTS users run). The npm registry ships Node's own
// binary inside the `node-<platform>-<arch>` packages (the `node` package installs through them), so the one
// registry these machines reach is enough: no other download. Used by test/outsideProject.test.ts and
// test/node24.test.ts.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const NODE_24 = '24.22.3';

/** The Node 24 binary, downloaded and unpacked on first use. */
export function node24() {
  const platform = process.platform === 'win32' ? 'win' : process.platform;
  const pkg = `node-${platform}-${process.arch}`;
  const repo = fileURLToPath(new URL('..', import.meta.url));
  const folder = join(repo, 'node_modules', '.cache', 'descent', `node-v${NODE_24}-${platform}-${process.arch}`);
  const binary = join(folder, 'bin', process.platform === 'win32' ? 'node.exe' : 'node');
  if (existsSync(binary)) return binary;
  const staging = `${folder}.tmp-${process.pid}`;
  rmSync(staging, { recursive: true, force: true });
  mkdirSync(staging, { recursive: true });
  try {
    const tarball = execFileSync('npm', ['pack', `${pkg}@${NODE_24}`, '--silent', '--pack-destination', staging], { encoding: 'utf8' }).trim().split('\n').at(-1);
    execFileSync('tar', ['xzf', join(staging, tarball), '-C', staging]);
    rmSync(join(staging, tarball));
    // The tarball holds package/bin/node: move the package folder into place in one step.
    rmSync(folder, { recursive: true, force: true });
    renameSync(join(staging, 'package'), folder);
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
  if (!existsSync(binary)) throw new Error(`${pkg}@${NODE_24} has no ${binary} (it holds ${readdirSync(folder).join(', ')})`);
  return binary;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) console.log(node24());
