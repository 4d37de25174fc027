import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

/**
 * Every ```ts block in README.md, packages/*\/README.md and docs/*.md compiles against the packages as they
 * are. Each block becomes a module of its own in a folder inside the workspace whose node_modules/@descent/*
 * link to the packages, so imports resolve as they do for a user (through each package's exports). A block
 * that is deliberately a fragment opts out with ```ts no-check, and says why in the text around it.
 */

const repo = join(dirname(fileURLToPath(import.meta.url)), '..');

interface CodeBlock {
  /** Markdown file, relative to the repo root. */
  file: string;
  /** 1-based line of the block's first line of code. */
  line: number;
  code: string;
  checked: boolean;
}

function markdownFiles(): string[] {
  const inFolder = (folder: string, pick: (name: string) => boolean) =>
    readdirSync(join(repo, folder), { withFileTypes: true })
      .filter((entry) => entry.isFile() && pick(entry.name))
      .map((entry) => join(folder, entry.name));
  const packageReadmes = readdirSync(join(repo, 'packages'))
    .map((name) => join('packages', name, 'README.md'))
    .filter((file) => readdirSync(join(repo, dirname(file))).includes('README.md'));
  return ['README.md', ...packageReadmes, ...inFolder('docs', (name) => name.endsWith('.md'))];
}

function codeBlocks(file: string): CodeBlock[] {
  const lines = readFileSync(join(repo, file), 'utf8').split('\n');
  const blocks: CodeBlock[] = [];
  for (let i = 0; i < lines.length; i++) {
    const fence = /^```(ts|typescript)\b(.*)$/.exec(lines[i]);
    if (!fence) continue;
    const start = i + 1;
    let end = start;
    while (end < lines.length && !lines[end].startsWith('```')) end++;
    blocks.push({ file, line: start + 1, code: lines.slice(start, end).join('\n'), checked: !/\bno-check\b/.test(fence[2]) });
    i = end;
  }
  return blocks;
}

const blocks = markdownFiles().flatMap(codeBlocks);
const checked = blocks.filter((block) => block.checked);

/** Compiler messages by block, each as file:line:col with the line in the markdown file. */
let messages: Map<CodeBlock, string[]>;
let folder: string;

beforeAll(() => {
  const cache = join(repo, 'node_modules', '.cache');
  mkdirSync(cache, { recursive: true });
  folder = mkdtempSync(join(cache, 'descent-readme-code-'));
  mkdirSync(join(folder, 'node_modules', '@descent'), { recursive: true });
  for (const name of readdirSync(join(repo, 'packages'))) {
    symlinkSync(join(repo, 'packages', name), join(folder, 'node_modules', '@descent', name), 'dir');
  }
  // ESM like the packages, so a block may use top-level await.
  writeFileSync(join(folder, 'package.json'), '{ "type": "module" }\n');
  const sources = new Map(checked.map((block, index) => [join(folder, `block${index}.ts`), block]));
  for (const [path, block] of sources) writeFileSync(path, block.code);

  const base = ts.readConfigFile(join(repo, 'tsconfig.base.json'), ts.sys.readFile);
  const { options } = ts.parseJsonConfigFileContent(base.config, ts.sys, folder);
  const program = ts.createProgram([...sources.keys()], { ...options, noEmit: true });
  messages = new Map(checked.map((block) => [block, []]));
  for (const diagnostic of ts.getPreEmitDiagnostics(program)) {
    const text = ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n');
    const block = diagnostic.file && sources.get(diagnostic.file.fileName);
    if (!block) throw new Error(`a compiler error outside the README blocks: ${diagnostic.file?.fileName ?? ''} ${text}`);
    const { line, character } = diagnostic.file!.getLineAndCharacterOfPosition(diagnostic.start ?? 0);
    messages.get(block)!.push(`${block.file}:${block.line + line}:${character + 1}: TS${diagnostic.code}: ${text}`);
  }
}, 60_000);

afterAll(() => {
  if (folder) rmSync(folder, { recursive: true, force: true });
});

describe('README code', () => {
  it('finds the code blocks', () => {
    expect(checked.length).toBeGreaterThanOrEqual(9);
  });

  it.each(checked.map((block) => [`${block.file}:${block.line}`, block] as const))('%s compiles', (_, block) => {
    expect(messages.get(block)!.join('\n')).toBe('');
  });
});
