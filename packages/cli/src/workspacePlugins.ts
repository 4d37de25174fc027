import { existsSync, readdirSync, readFileSync, realpathSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { namesPluginFile } from '@descent/optim';
import { parseSweepText, pluginSpecs } from '@descent/sweep';
import { workspaceRoot } from './paths.js';

/** A plugin the workspace holds or names: how to load it (a spec and the folder it resolves from) and where it was found. */
export interface WorkspacePlugin {
  spec: string;
  baseDir: string;
  /** 'experiments/plugins/' or the sweep file that declares it. */
  foundIn: string;
}

const PLUGIN_FILE = /\.(m?ts|m?js)$/;

/**
 * The plugins `exp optimizers` lists besides the built-ins: every plugin file in experiments/plugins/, and every
 * plugin the sweep files in experiments/sweeps/ declare (files relative to the sweep, packages by name), each
 * once (a file by its real path, a package by its name).
 */
export function workspacePlugins(root = workspaceRoot()): WorkspacePlugin[] {
  const found = new Map<string, WorkspacePlugin>();
  const add = (key: string, plugin: WorkspacePlugin) => {
    if (!found.has(key)) found.set(key, plugin);
  };
  const pluginsDir = join(root, 'experiments', 'plugins');
  for (const name of entries(pluginsDir).filter((n) => PLUGIN_FILE.test(n) && !n.endsWith('.d.ts') && !/\.test\.m?[jt]s$/.test(n))) {
    const file = join(pluginsDir, name);
    add(real(file), { spec: file, baseDir: pluginsDir, foundIn: 'experiments/plugins/' });
  }
  const sweepsDir = join(root, 'experiments', 'sweeps');
  for (const name of entries(sweepsDir).filter((n) => /\.ya?ml$/.test(n))) {
    const file = join(sweepsDir, name);
    const parsed = parseSweepText(readFileSync(file, 'utf8'), file);
    for (const { spec } of pluginSpecs(parsed.doc)) {
      const key = namesPluginFile(spec) ? real(resolve(dirname(file), spec)) : `package:${spec}`;
      add(key, { spec, baseDir: dirname(file), foundIn: `experiments/sweeps/${name}` });
    }
  }
  return [...found.values()];
}

function entries(dir: string): string[] {
  return existsSync(dir) ? readdirSync(dir).sort() : [];
}

function real(file: string): string {
  try {
    return realpathSync(file);
  } catch {
    return file;
  }
}
