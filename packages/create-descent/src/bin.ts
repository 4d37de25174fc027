#!/usr/bin/env node
import { readFileSync } from 'node:fs';
import { relative } from 'node:path';
import { scaffold, ScaffoldError } from './scaffold.js';

// `npm create descent@latest my-experiments` runs this (npm exec create-descent my-experiments).
const USAGE = 'usage: npm create descent@latest [folder]   (default folder: my-experiments)';

const args = process.argv.slice(2).filter((arg) => arg !== '--');
if (args.includes('--help') || args.includes('-h')) {
  console.log(`create-descent: start a Descent project with a sweep, a plugin optimizer and its conformance check\n\n${USAGE}`);
  process.exit(0);
}
const unknown = args.find((arg) => arg.startsWith('-'));
if (unknown !== undefined || args.length > 1) {
  console.error(`create-descent: ${unknown !== undefined ? `unknown option '${unknown}'` : `expected one folder (got ${args.join(' ')})`}\n${USAGE}`);
  process.exit(2);
}
const target = args[0] ?? 'my-experiments';
const { version } = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string };

try {
  const files = scaffold(target, { version });
  // The package manager that ran us (npm, pnpm, yarn) is the one to install with.
  const manager = /^(pnpm|yarn|bun)\//.exec(process.env.npm_config_user_agent ?? '')?.[1] ?? 'npm';
  const run = manager === 'npm' ? 'npx exp' : `${manager} exp`;
  const folder = relative(process.cwd(), target) || '.';
  console.log(`Created ${folder} with Descent ${version}:`);
  for (const file of files) console.log(`  ${file}`);
  console.log(['', 'Next:', `  cd ${folder}`, `  ${manager} install`, `  ${run} run sweeps/first.yaml     # runs the sweep and writes reports/first/index.html`, `  ${manager} test                      # the conformance kit on your optimizer`].join('\n'));
} catch (error) {
  if (!(error instanceof ScaffoldError)) throw error;
  console.error(`create-descent: ${error.message}`);
  process.exit(1);
}
