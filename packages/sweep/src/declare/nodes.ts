import type { ChoiceSetting, Setting, Settings, SettingValue } from '@descent/settings';
import type { Catalog } from '../catalog.js';
import type { ConfigFacts } from '../configFacts.js';
import type { JsonSchema } from './jsonSchema.js';
import type { MapEntry, Position } from '../tree.js';

/**
 * A small vocabulary for declaring the sweep configuration once, as a value (in the spirit of Hydra's
 * structured configs and zod): `object`, `setting`, `list`, `named`, `variant`, `custom`. From one
 * declaration come the TypeScript type (`Infer`), the positioned validator (`resolveDeclared`) and the
 * JSON Schema (`jsonSchemaOf`).
 */

/** A scalar value in a sweep. */
export type Scalar = number | boolean | string;

/**
 * What the dynamic parts of a declaration (a default that depends on the dataset, a field judged only
 * once the problem kind is known) may read while one configuration is resolved.
 */
export interface Scope {
  catalog: Catalog;
  facts: ConfigFacts;
  /** The values resolved so far in the enclosing mapping (a default may follow an earlier sibling). */
  siblings: Readonly<Record<string, unknown>>;
  /** The value resolved at a dotted path earlier in this configuration; undefined if it had issues or is not resolved yet. */
  resolvedAt(path: string): unknown;
}

/** Options every node takes. */
export interface NodeOptions {
  /** Judge this key only when this holds (e.g. a loss once its dataset is known); otherwise it counts as not resolved and says nothing. */
  when?: (facts: ConfigFacts) => boolean;
  /** An absent key is an issue: `missing: ...` at the enclosing mapping. */
  required?: { message: string; expected: string | ((facts: ConfigFacts) => string) };
  /** An absent key stays absent in the resolved value (no default), as the budgets do. */
  optional?: true;
}

/** A value declared like an optimizer's hyperparameter: type, default, range, description. */
export interface SettingNode<S extends Setting = Setting> extends NodeOptions {
  kind: 'setting';
  setting: S;
  /** A default that depends on what is known (the loss by dataset task); the schema then shows none. */
  dynamicDefault?: (scope: Scope) => SettingValue<S>;
  /** `null` is accepted and is the default (a metric without a target). */
  nullable?: true;
  /**
   * The default, written or not, is left out of the resolved value, so a key added to the grammar later keeps
   * the run ids of every sweep that does not use it (an identity hashes the resolved config).
   */
  omittedAtDefault?: true;
}

/** A list whose items are one declared setting each (`hidden: [32, 32]`). */
export interface ListNode<S extends Setting = Setting> extends NodeOptions {
  kind: 'list';
  item: S;
  default: readonly SettingValue<S>[];
  /** What a written non-list is told to be. */
  expected: string;
}

export type Fields = { readonly [key: string]: DeclaredNode };

/** Exactly one of these keys is written (one training budget). */
export interface ExactlyOne {
  keys: readonly string[];
  /** The word in messages: `missing a budget`, `only one budget: epochs is already set`. */
  noun: string;
  /** The keys a user may pick from as things stand (a landscape has no epochs). */
  among: (facts: ConfigFacts) => readonly string[];
}

/** A mapping with known keys; an unknown key is reported with the closest known ones. */
export interface ObjectNode<F extends Fields = Fields> extends NodeOptions {
  kind: 'object';
  fields: F;
  exactlyOne?: ExactlyOne;
}

/** The part of a registry a named section needs: its names, and each entry's declared settings. */
export interface RegistryView<T> {
  names: readonly string[];
  get(name: string): T | undefined;
  settings(entry: T): Settings;
}

/**
 * A section chosen by name from a registry (`optimizer: { name: adam, lr: 0.01 }`): its other keys are
 * that entry's declared settings, plus `extra` keys of the section itself (which may depend on the entry).
 */
export interface NamedNode<T = unknown, E extends Fields = Fields> extends NodeOptions {
  kind: 'named';
  /** The word in messages: `unknown optimizer 'adamw'`. */
  what: string;
  /** What an entry's settings are called in messages: `has no hyperparameter 'lrr'`. */
  noun: string;
  registry: (catalog: Catalog) => RegistryView<T>;
  /** The name when none is written; without it `name:` is required. */
  defaultName?: string;
  extra: (entry: T | undefined) => E;
}

/**
 * Alternatives told apart by which of their keys is written (`problem: { dataset: ... }` or
 * `problem: { landscape: ... }`): each branch is a set of fields whose first field names the branch.
 * The resolved value is `{ kind: <branch>, ...fields }`.
 */
export interface VariantNode<B extends { readonly [branch: string]: Fields } = { readonly [branch: string]: Fields }> extends NodeOptions {
  kind: 'variant';
  branches: B;
  /** `a problem is a dataset or a landscape, not both` */
  both: string;
  /** `missing: a dataset or a landscape`, with what would do. */
  neither: { message: string; expected: string };
}

/** Where a custom node reports: the dotted path of its key, and the report function. */
export interface CustomContext {
  path: string;
  scope: Scope;
  report(at: Position, message: string, got?: string | null, expected?: string | null): void;
}

/** A value with rules of its own (a starting point, a metric name whose choices depend on the problem). */
export interface CustomNode<T = unknown> extends NodeOptions {
  kind: 'custom';
  /** The value, or undefined after reporting why there is none. */
  resolve(entry: MapEntry | undefined, ctx: CustomContext): T | undefined;
  jsonSchema(catalog: Catalog): JsonSchema;
}

export type DeclaredNode = SettingNode | ListNode | ObjectNode | NamedNode<any, any> | VariantNode<any> | CustomNode<any>;

// The options' own type is kept (`optional: true`, `nullable: true`) so that `Infer` can read it.
export const setting = <S extends Setting, const O extends Omit<SettingNode<S>, 'kind' | 'setting'> = {}>(declared: S, options: O = {} as O): SettingNode<S> & O => ({
  kind: 'setting',
  setting: declared,
  ...options,
});

export const list = <S extends Setting>(item: S, options: Omit<ListNode<S>, 'kind' | 'item'>): ListNode<S> => ({ kind: 'list', item, ...options });

export const object = <F extends Fields>(fields: F, options: Omit<ObjectNode<F>, 'kind' | 'fields'> = {}): ObjectNode<F> => ({ kind: 'object', fields, ...options });

export const named = <T, E extends Fields = {}>(options: Omit<NamedNode<T, E>, 'kind' | 'extra'> & { extra?: (entry: T | undefined) => E }): NamedNode<T, E> => ({
  kind: 'named',
  extra: () => ({}) as E,
  ...options,
});

export const variant = <B extends { readonly [branch: string]: Fields }>(branches: B, options: Omit<VariantNode<B>, 'kind' | 'branches'>): VariantNode<B> => ({ kind: 'variant', branches, ...options });

export const custom = <T>(options: Omit<CustomNode<T>, 'kind'>): CustomNode<T> => ({ kind: 'custom', ...options });

// ---- The TypeScript type a declaration resolves to ----

type Simplify<T> = { [K in keyof T]: T[K] } & {};

/** A choice resolves to the union of its choices, the other settings to their value type. */
type SettingType<S extends Setting> = S extends ChoiceSetting ? S['choices'][number] : SettingValue<S>;

type OptionalKeys<F extends Fields> = { [K in keyof F]: F[K] extends { optional: true } | { omittedAtDefault: true } ? K : never }[keyof F];

export type InferFields<F extends Fields> = Simplify<
  { -readonly [K in Exclude<keyof F, OptionalKeys<F>>]: Infer<F[K]> } & { -readonly [K in OptionalKeys<F>]?: Infer<F[K]> }
>;

/** The resolved value of a declared node (an entry's own settings stay an open record: they come from the catalog). */
export type Infer<N> =
  N extends SettingNode<infer S> ? (N extends { nullable: true } ? SettingType<S> | null : SettingType<S>)
  : N extends ListNode<infer S> ? SettingType<S>[]
  : N extends ObjectNode<infer F> ? InferFields<F>
  : N extends NamedNode<any, infer E> ? Simplify<{ name: string } & InferFields<E> & { [setting: string]: Scalar | Exclude<InferFields<E>[keyof InferFields<E>], undefined> }>
  : N extends VariantNode<infer B> ? { [K in keyof B]: Simplify<{ kind: K } & InferFields<B[K]>> }[keyof B]
  : N extends CustomNode<infer T> ? T
  : never;
