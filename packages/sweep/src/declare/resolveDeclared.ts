import { didYouMean, oneOf, type Setting } from '@descent/settings';
import type { Catalog, DatasetContext } from '../catalog.js';
import type { ConfigFacts } from '../configFacts.js';
import { settingIssue } from '../settingIssue.js';
import { describeNode, type MapEntry, type MapNode, type Position, type SweepNode } from '../tree.js';
import type { CustomNode, DeclaredNode, Fields, InferFields, ListNode, NamedNode, ObjectNode, Scope, SettingNode, VariantNode } from './nodes.js';

/**
 * A rule across keys that no single declaration can state (a batch size against the training set).
 * It runs right after the key at `after` is resolved, so its issues come in the order a reader meets them.
 */
export interface DeclaredRule {
  after: string;
  /** Reports what is wrong; returns false when the key it follows must count as not resolved. */
  check(ctx: RuleContext): boolean | void;
}

/** What a rule sees: the facts so far, the values resolved so far, the nodes as written, and where to report. */
export interface RuleContext extends Scope {
  context: DatasetContext;
  /** The entry written at a dotted path (after parameters are laid over the base), if any. */
  written(path: string): MapEntry | undefined;
  report(at: Position, path: string, message: string, got?: string | null, expected?: string | null): void;
}

export interface ResolveEnvironment {
  catalog: Catalog;
  context: DatasetContext;
  facts: ConfigFacts;
  rules: readonly DeclaredRule[];
  report(at: Position, path: string, message: string, got: string | null, expected: string | null): void;
}

/** The keys resolved so far in a mapping, in order. */
type Siblings = readonly (readonly [string, unknown])[];

/** A key left out of the resolved value (an optional key not written, or one omitted at its default). */
const ABSENT = Symbol('absent');

const join = (path: string, key: string): string => (path === '' ? key : `${path}.${key}`);

function emptyMap(pos: Position): MapNode {
  return { kind: 'map', entries: new Map(), pos };
}

/**
 * Check a written mapping against declared fields and fill in every default: the positioned validator
 * every declaration gets. Every issue goes to `env.report`; the result is undefined when any key could
 * not be resolved.
 */
export function resolveDeclared<F extends Fields>(fields: F, tree: MapNode, env: ResolveEnvironment): InferFields<F> | undefined {
  return new DeclaredResolver(env, tree).fields(fields, tree.entries, '', tree.pos) as InferFields<F> | undefined;
}

class DeclaredResolver {
  private readonly resolved = new Map<string, unknown>();
  private readonly rulesAfter = new Map<string, DeclaredRule[]>();

  constructor(
    private readonly env: ResolveEnvironment,
    private readonly tree: MapNode,
  ) {
    for (const rule of env.rules) this.rulesAfter.set(rule.after, [...(this.rulesAfter.get(rule.after) ?? []), rule]);
  }

  private report(at: Position, path: string, message: string, got: string | null = null, expected: string | null = null): void {
    this.env.report(at, path, message, got, expected);
  }

  private scope(siblings: Siblings): Scope {
    return {
      catalog: this.env.catalog,
      facts: this.env.facts,
      get siblings() {
        return Object.fromEntries(siblings);
      },
      resolvedAt: (path) => this.resolved.get(path),
    };
  }

  private written(path: string): MapEntry | undefined {
    let entry: MapEntry | undefined;
    let map: SweepNode = this.tree;
    for (const key of path.split('.')) {
      if (map.kind !== 'map') return undefined;
      entry = map.entries.get(key);
      if (entry === undefined) return undefined;
      map = entry.value;
    }
    return entry;
  }

  /** The fields of one mapping in declared order, as a fresh object (never the parsed one); undefined if any did not resolve. */
  fields(fields: Fields, entries: ReadonlyMap<string, MapEntry>, path: string, pos: Position): Record<string, unknown> | undefined {
    const pairs: [string, unknown][] = [];
    let resolved = true;
    for (const [key, node] of Object.entries(fields)) {
      const value = this.field(node, entries.get(key), join(path, key), pos, pairs);
      if (value === undefined) resolved = false;
      else if (value !== ABSENT) pairs.push([key, value]);
    }
    // Object.fromEntries: a declared key like `__proto__` becomes an own property, never a prototype.
    return resolved ? Object.fromEntries(pairs) : undefined;
  }

  private field(node: DeclaredNode, entry: MapEntry | undefined, path: string, parentPos: Position, siblings: Siblings): unknown {
    let value: unknown;
    if (node.when !== undefined && !node.when(this.env.facts)) value = undefined;
    else if (entry === undefined && node.required !== undefined) {
      const { message, expected } = node.required;
      this.report(parentPos, path, message, null, typeof expected === 'string' ? expected : expected(this.env.facts));
      value = undefined;
    } else if (entry === undefined && node.optional) value = ABSENT;
    else value = this.node(node, entry, path, parentPos, siblings);
    if (node.kind === 'setting' && node.omittedAtDefault && value === node.setting.default) value = ABSENT;
    this.resolved.set(path, value === ABSENT ? undefined : value);
    for (const rule of this.rulesAfter.get(path) ?? []) {
      const ctx: RuleContext = Object.assign(this.scope(siblings), {
        context: this.env.context,
        written: (at: string) => this.written(at),
        report: (...args: Parameters<RuleContext['report']>) => this.report(...args),
      });
      if (rule.check(ctx) === false) {
        value = undefined;
        this.resolved.set(path, undefined);
      }
    }
    return value;
  }

  private node(node: DeclaredNode, entry: MapEntry | undefined, path: string, parentPos: Position, siblings: Siblings): unknown {
    switch (node.kind) {
      case 'setting':
        return this.setting(node, entry, path, siblings);
      case 'list':
        return this.list(node, entry, path);
      case 'object':
        return this.object(node, entry?.value ?? emptyMap(parentPos), path);
      case 'named':
        return this.named(node, entry?.value ?? emptyMap(parentPos), path);
      case 'variant':
        return this.variant(node, entry?.value ?? emptyMap(parentPos), path);
      case 'custom':
        return this.custom(node, entry, path, siblings);
    }
  }

  /** The value written if its declaration accepts it; the default when none is written. */
  private setting(node: SettingNode, entry: MapEntry | undefined, path: string, siblings: Siblings): unknown {
    if (entry === undefined) return node.dynamicDefault?.(this.scope(siblings)) ?? (node.nullable ? null : node.setting.default);
    if (node.nullable && entry.value.kind === 'scalar' && entry.value.value === null) return null;
    return this.declared(node.setting, entry.value, path);
  }

  private declared(setting: Setting, written: SweepNode, path: string): unknown {
    const issue = settingIssue(setting, written);
    if (issue === null) return (written as { value: unknown }).value;
    this.report(issue.at ?? written.pos, path, issue.message, issue.got, issue.expected);
    return undefined;
  }

  private list(node: ListNode, entry: MapEntry | undefined, path: string): unknown {
    if (entry === undefined) return [...node.default];
    if (entry.value.kind !== 'seq') {
      this.report(entry.value.pos, path, 'wrong type', describeNode(entry.value, { stringsAsType: true }), node.expected);
      return undefined;
    }
    const items = entry.value.items.map((item, i) => this.declared(node.item, item, `${path}.${i}`));
    return items.every((item) => item !== undefined) ? items : undefined;
  }

  /** Reports every key of a mapping not in `known`; returns how many there were. */
  private unknownKeys(entries: ReadonlyMap<string, MapEntry>, path: string, known: readonly string[], unknownKey: (key: string) => string): number {
    let unknown = 0;
    for (const [key, entry] of entries) {
      if (known.includes(key)) continue;
      unknown++;
      this.report(entry.keyPos, join(path, key), `${unknownKey(key)}${didYouMean(key, known)}`, null, oneOf(known));
    }
    return unknown;
  }

  private notAMapping(written: SweepNode, path: string, expected = 'a mapping'): undefined {
    this.report(written.pos, path, 'wrong type', describeNode(written, { stringsAsType: true }), expected);
    return undefined;
  }

  private object(node: ObjectNode, written: SweepNode, path: string): unknown {
    if (written.kind !== 'map') return this.notAMapping(written, path);
    const { entries } = written;
    const unknown = this.unknownKeys(entries, path, Object.keys(node.fields), (key) => `unknown key '${key}'`);
    const values = this.fields(node.fields, entries, path, written.pos);
    const one = node.exactlyOne;
    const chosen = one?.keys.filter((key) => entries.has(key)) ?? [];
    if (one !== undefined) {
      const expected = `exactly one of ${one.among(this.env.facts).join(', ')}`;
      if (chosen.length === 0) this.report(written.pos, path, `missing a ${one.noun}`, null, expected);
      for (const extra of chosen.slice(1)) this.report(entries.get(extra)!.keyPos, join(path, extra), `only one ${one.noun}: ${chosen[0]} is already set`, null, expected);
    }
    // A plain section with a stray key is not resolved (what the later rules read stays unknown), unlike a
    // registry entry's section, whose declared settings are judged whatever else is written beside them.
    return unknown > 0 || (one !== undefined && chosen.length !== 1) ? undefined : values;
  }

  /** Finds the entry by `name:`, then checks the other keys against that entry's own declarations and the section's extra keys. */
  private named(node: NamedNode, written: SweepNode, path: string): unknown {
    const registry = node.registry(this.env.catalog);
    const { what, names } = { what: node.what, names: registry.names };
    if (written.kind !== 'map') return this.notAMapping(written, path, `a mapping like { name: ${names[0] ?? 'x'}, ... }`);
    const nameEntry = written.entries.get('name');
    let name: string;
    if (nameEntry === undefined) {
      if (node.defaultName === undefined) {
        this.report(written.pos, join(path, 'name'), `missing: which ${what}`, null, oneOf(names));
        return undefined;
      }
      name = node.defaultName;
    } else if (nameEntry.value.kind !== 'scalar' || typeof nameEntry.value.value !== 'string') {
      const article = /^[aeiou]/.test(what) ? 'an' : 'a';
      this.report(nameEntry.value.pos, join(path, 'name'), 'wrong type', describeNode(nameEntry.value), `the name of ${article} ${what}: ${oneOf(names)}`);
      return undefined;
    } else name = nameEntry.value.value;
    // `names` first: a registry kept in a plain record must not find `constructor` on Object.prototype.
    const item = names.includes(name) ? registry.get(name) : undefined;
    if (item === undefined) {
      const unregisteredDefault = nameEntry === undefined ? ` (the default ${what} '${name}' is not registered)` : '';
      this.report(nameEntry?.value.pos ?? written.pos, join(path, 'name'), `unknown ${what} '${name}'${unregisteredDefault}${didYouMean(name, names)}`, JSON.stringify(name), oneOf(names));
      return undefined;
    }
    const declared = registry.settings(item);
    const extra = node.extra(item);
    const known = ['name', ...Object.keys(extra), ...Object.keys(declared)];
    const entries = written.entries;
    this.unknownKeys(entries, path, known, (key) => `${what} '${name}' has no ${node.noun} '${key}'`);
    const ownFields: Fields = Object.fromEntries(Object.entries(declared).map(([key, s]) => [key, { kind: 'setting', setting: s }]));
    const values = this.fields(ownFields, entries, path, written.pos);
    const extraValues = this.fields(extra, entries, path, written.pos);
    return values === undefined || extraValues === undefined ? undefined : { name, ...extraValues, ...values };
  }

  private variant(node: VariantNode, written: SweepNode, path: string): unknown {
    const branches = Object.keys(node.branches);
    const known = [...new Set(branches.flatMap((branch) => Object.keys(node.branches[branch])))];
    if (written.kind !== 'map') return this.notAMapping(written, path);
    const { entries } = written;
    this.unknownKeys(entries, path, known, (key) => `unknown key '${key}'`);
    const present = branches.filter((branch) => entries.has(branch));
    if (present.length > 1) {
      this.report(entries.get(present[1])!.keyPos, join(path, present[1]), node.both, null, oneOf(branches));
      return undefined;
    }
    if (present.length === 0) {
      this.report(written.pos, path, node.neither.message, null, node.neither.expected);
      return undefined;
    }
    const kind = present[0];
    const values = this.fields(node.branches[kind], entries, path, written.pos);
    return values === undefined ? undefined : { kind, ...values };
  }

  private custom(node: CustomNode, entry: MapEntry | undefined, path: string, siblings: Siblings): unknown {
    return node.resolve(entry, { path, scope: this.scope(siblings), report: (at, message, got = null, expected = null) => this.report(at, path, message, got, expected) });
  }
}
