import { isAlias, isMap, isScalar, isSeq, LineCounter, parseDocument, type Document, type Node as YamlNode } from 'yaml';
import { IssueCollector, type SweepIssue } from './issue.js';
import { MAX_NESTING, TOO_DEEP, tooDeep } from './nesting.js';
import type { MapEntry, MapNode, Position, SweepNode } from './tree.js';

/** A sweep file read into positioned nodes; `doc` is null when the text is empty or not valid YAML. */
export interface ParsedSweep {
  file: string;
  doc: SweepNode | null;
  /** Issues of the YAML text itself: syntax errors, duplicate keys, several documents. */
  issues: SweepIssue[];
}

/** One entry of a sweep's `plugins:` list, as written (a path relative to the sweep file, or a package name). */
export interface PluginSpec {
  spec: string;
  line: number;
  col: number;
}

// Same bound as the yaml package's own `maxAliasCount`: a few aliases are a convenience, thousands an attack.
const MAX_ALIASES = 100;

/** Parse a sweep file's text; `file` is only used to label issues. */
export function parseSweepText(text: string, file: string): ParsedSweep {
  const issues = new IssueCollector(file);
  // Before the composer: it recurses once per level, and 20,000 '[' overflow the call stack.
  const depthLines = new LineCounter();
  const deep = tooDeep(text, depthLines.addNewLine);
  if (deep !== null) {
    issues.add(depthLines.linePos(deep), '', TOO_DEEP);
    return { file, doc: null, issues: issues.list() };
  }
  const lineCounter = new LineCounter();
  const document = parseDocument(text, { lineCounter, uniqueKeys: true, merge: true, prettyErrors: false });
  let malformed = false;
  for (const error of document.errors) {
    // Duplicate keys are reported while building the tree, where their key path is known.
    if (error.code === 'DUPLICATE_KEY') continue;
    // After a second document the first one is still whole: keep checking it.
    if (error.code !== 'MULTIPLE_DOCS') malformed = true;
    const at = lineCounter.linePos(error.pos[0]);
    const message =
      error.code === 'MULTIPLE_DOCS'
        ? "a sweep file holds one YAML document; remove this '---' and what follows, or split it into two files"
        : `invalid YAML: ${error.message}`;
    issues.add(at, '', message);
  }
  if (malformed || document.contents === null) return { file, doc: null, issues: issues.list() };
  const builder = new TreeBuilder(document, lineCounter, issues);
  const doc = builder.build(document.contents, []);
  return { file, doc, issues: issues.list() };
}

/** The `plugins:` list as written, for the caller to load before it builds the Catalog. Malformed entries are skipped (validation reports them). */
export function pluginSpecs(doc: SweepNode | null): PluginSpec[] {
  if (doc === null || doc.kind !== 'map') return [];
  const plugins = doc.entries.get('plugins')?.value;
  if (plugins === undefined || plugins.kind !== 'seq') return [];
  const specs: PluginSpec[] = [];
  for (const item of plugins.items) {
    if (item.kind === 'scalar' && typeof item.value === 'string' && item.value.trim() !== '') specs.push({ spec: item.value, ...item.pos });
  }
  return specs;
}

class TreeBuilder {
  private aliases = 0;

  constructor(
    private readonly document: Document,
    private readonly lineCounter: LineCounter,
    private readonly issues: IssueCollector,
  ) {}

  private position(node: { range?: readonly number[] | null } | null | undefined, fallback: Position): Position {
    const offset = node?.range?.[0];
    return offset === undefined ? fallback : this.lineCounter.linePos(offset);
  }

  build(node: YamlNode, path: readonly string[], fallback: Position = { line: 1, col: 1 }): SweepNode {
    const pos = this.position(node, fallback);
    if (isAlias(node)) {
      if (++this.aliases > MAX_ALIASES) {
        this.issues.add(pos, path.join('.'), `more than ${MAX_ALIASES} aliases; write the values out`);
        return { kind: 'scalar', value: null, pos };
      }
      const target = node.resolve(this.document);
      if (target === undefined) return { kind: 'scalar', value: null, pos };
      // The alias's own position: that is where this value is used.
      return { ...this.build(target, path, pos), pos };
    }
    if (isScalar(node)) {
      const value = node.value;
      const plain = value === null || typeof value === 'number' || typeof value === 'string' || typeof value === 'boolean';
      return { kind: 'scalar', value: plain ? value : String(value), pos };
    }
    // Aliases can repeat a nested value inside another: the written depth was checked, this is the built one.
    if ((isSeq(node) || isMap(node)) && path.length >= MAX_NESTING) {
      this.issues.add(pos, path[0], TOO_DEEP);
      return { kind: 'scalar', value: null, pos };
    }
    if (isSeq(node)) return { kind: 'seq', items: node.items.map((item, i) => this.buildChild(item, [...path, String(i)], pos)), pos };
    if (isMap(node)) return this.buildMap(node.items, path, pos);
    return { kind: 'scalar', value: null, pos };
  }

  private buildChild(item: unknown, path: readonly string[], fallback: Position): SweepNode {
    return item === null || item === undefined ? { kind: 'scalar', value: null, pos: fallback } : this.build(item as YamlNode, path, fallback);
  }

  private buildMap(pairs: readonly { key: unknown; value: unknown }[], path: readonly string[], pos: Position): MapNode {
    const entries = new Map<string, MapEntry>();
    const merged: SweepNode[] = [];
    for (const pair of pairs) {
      const keyNode = pair.key as YamlNode | null;
      const keyPos = this.position(keyNode, pos);
      if (!isScalar(keyNode)) {
        this.issues.add(keyPos, path.join('.'), 'keys must be plain names, not lists or mappings');
        continue;
      }
      // With `merge: true` the yaml package marks `<<` keys with a Symbol('<<').
      if (typeof keyNode.value === 'symbol' && keyNode.value.description === '<<') {
        merged.push(this.buildChild(pair.value, path, keyPos));
        continue;
      }
      const key = String(keyNode.value);
      const previous = entries.get(key);
      if (previous !== undefined) {
        this.issues.add(keyPos, [...path, key].join('.'), `duplicate key: '${key}' is already set at line ${previous.keyPos.line}`);
        continue;
      }
      entries.set(key, { key, keyPos, value: this.buildChild(pair.value, [...path, key], keyPos) });
    }
    // YAML merge keys: keys written in the mapping win; among merged mappings the first one wins.
    for (const source of merged.flatMap((m) => (m.kind === 'seq' ? m.items : [m]))) {
      if (source.kind !== 'map') {
        this.issues.add(source.pos, path.join('.'), "a merge key '<<' takes a mapping or a list of mappings", describeKind(source), 'a mapping');
        continue;
      }
      for (const [key, entry] of source.entries) if (!entries.has(key)) entries.set(key, entry);
    }
    return { kind: 'map', entries, pos };
  }
}

function describeKind(node: SweepNode): string {
  return node.kind === 'seq' ? 'a list' : node.kind === 'map' ? 'a mapping' : 'a single value';
}
