import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { trustedHtml, type SafeHtml } from '../_html.js';

/**
 * The page's script (src/client, Observable Plot and d3-brush in one minified IIFE), built by
 * `tsup --config tsup.client.config.ts` into dist/client/ and inlined into every sweep report.
 *
 * Found from the package root, so the same code works from src/ (tests, through the `development`
 * condition) and from dist/index.js (`pnpm exp`): both live below the folder whose package.json is ours.
 */
export const CLIENT_BUNDLE_PATH = 'dist/client/explore.global.js';

const PACKAGE_NAME = '@descent/report';

function packageRoot(): string {
  let folder = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const manifest = join(folder, 'package.json');
    if (existsSync(manifest) && (JSON.parse(readFileSync(manifest, 'utf8')) as { name?: string }).name === PACKAGE_NAME) return folder;
    const parent = dirname(folder);
    if (parent === folder) throw new Error(`cannot find the folder of ${PACKAGE_NAME} above ${fileURLToPath(import.meta.url)}`);
    folder = parent;
  }
}

/** A page script's source, checked: a missing file says how to build it; markup that would end the <script> is refused. */
export function readClientBundle(path: string): string {
  if (!existsSync(path)) {
    throw new Error(`the report's page script ${path} is missing: build the report package first (pnpm build, or 'pnpm --filter @descent/report build')`);
  }
  const source = readFileSync(path, 'utf8');
  // Inside <script>, '</script' ends the element and '<!--' changes how the rest is parsed; esbuild escapes
  // them in strings, and this keeps a future bundle from breaking the page silently.
  if (/<\/script|<!--/i.test(source)) throw new Error(`the page script ${path} contains '</script' or '<!--', which would break the inline <script>`);
  return source;
}

let cached: string | undefined;

/** The bundle's source, read once per process. */
export function clientBundleSource(): string {
  cached ??= readClientBundle(join(packageRoot(), CLIENT_BUNDLE_PATH));
  return cached;
}

/** `<script>` holding the bundle. */
export function clientScript(): SafeHtml {
  return trustedHtml(`<script>${clientBundleSource()}</script>`);
}
