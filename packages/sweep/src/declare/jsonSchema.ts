import type { Setting } from '@descent/settings';
import type { Catalog } from '../catalog.js';
import type { DeclaredNode, Fields, NamedNode, SettingNode } from './nodes.js';

export type JsonSchema = { [keyword: string]: unknown };

const join = (path: string, key: string): string => (path === '' ? key : `${path}.${key}`);

/** The JSON Schema (draft 2020-12) of a declared node, with the catalog's names as consts. */
export function jsonSchemaOf(node: DeclaredNode, catalog: Catalog): JsonSchema {
  switch (node.kind) {
    case 'setting':
      return settingNodeSchema(node);
    case 'list':
      return { type: 'array', items: settingSchema(node.item) };
    case 'object':
      return {
        ...objectSchema(node.fields, catalog),
        ...(node.exactlyOne === undefined ? {} : { oneOf: node.exactlyOne.keys.map((key) => ({ required: [key] })) }),
      };
    case 'named':
      return anyOf(namedBranches(node, catalog));
    case 'variant': {
      const branches = Object.keys(node.branches);
      const properties = Object.assign({}, ...branches.map((branch) => propertiesOf(node.branches[branch], catalog)));
      return { type: 'object', additionalProperties: false, properties, oneOf: branches.map((branch) => ({ required: [branch] })) };
    }
    case 'custom':
      return node.jsonSchema(catalog);
  }
}

/** A mapping of declared fields: no other keys, the required ones required. */
export function objectSchema(fields: Fields, catalog: Catalog): JsonSchema {
  const required = Object.keys(fields).filter((key) => fields[key].required !== undefined);
  return { type: 'object', additionalProperties: false, ...(required.length > 0 ? { required } : {}), properties: propertiesOf(fields, catalog) };
}

function propertiesOf(fields: Fields, catalog: Catalog): Record<string, JsonSchema> {
  return Object.fromEntries(Object.entries(fields).map(([key, node]) => [key, jsonSchemaOf(node, catalog)]));
}

/** One object per registry entry: its `name` is that entry, its other keys the section's extra keys and the entry's declarations. */
function namedBranches(node: NamedNode, catalog: Catalog): JsonSchema[] {
  const registry = node.registry(catalog);
  return registry.names.flatMap((name) => {
    const entry = registry.get(name);
    if (entry === undefined) return [];
    const declared = Object.fromEntries(Object.entries(registry.settings(entry)).map(([key, s]) => [key, settingSchema(s)]));
    return [
      {
        type: 'object',
        additionalProperties: false,
        properties: { name: { const: name }, ...propertiesOf(node.extra(entry), catalog), ...declared },
        ...(name !== node.defaultName ? { required: ['name'] } : {}),
      },
    ];
  });
}

function anyOf(branches: JsonSchema[]): JsonSchema {
  // An empty anyOf is not a valid schema; `not: {}` (nothing matches) says the same.
  return branches.length === 0 ? { not: {} } : { anyOf: branches };
}

function settingNodeSchema(node: SettingNode): JsonSchema {
  const schema = settingSchema(node.setting);
  // A default that depends on other keys (the loss follows the dataset's task) is not one value to show.
  if (node.dynamicDefault !== undefined) delete schema.default;
  if (node.nullable) Object.assign(schema, { type: [schema.type, 'null'], default: null });
  return schema;
}

/** A declaration in JSON Schema words: ranges as minimum / exclusiveMinimum, choices as an enum. */
export function settingSchema(setting: Setting): JsonSchema {
  const common = { default: setting.default, description: setting.description };
  switch (setting.type) {
    case 'string':
      return { type: 'string', ...common };
    case 'boolean':
      return { type: 'boolean', ...common };
    case 'choice':
      return { enum: [...setting.choices], ...common };
    case 'number':
    case 'integer': {
      const schema: JsonSchema = { type: setting.type, ...common };
      if (setting.min !== undefined) schema[setting.minExclusive ? 'exclusiveMinimum' : 'minimum'] = setting.min;
      if (setting.max !== undefined) schema[setting.maxExclusive ? 'exclusiveMaximum' : 'maximum'] = setting.max;
      return schema;
    }
  }
}

/** Every dotted key below the declared fields that a sweep's `parameters:` may address (for editors to complete). */
export function dottedKeys(fields: Fields, catalog: Catalog, prefix = ''): string[] {
  const keys: string[] = [];
  for (const [key, node] of Object.entries(fields)) {
    const path = join(prefix, key);
    keys.push(path);
    if (node.kind === 'object') keys.push(...dottedKeys(node.fields, catalog, path));
    if (node.kind === 'variant') for (const branch of Object.values(node.branches) as Fields[]) keys.push(...dottedKeys(branch, catalog, path));
    if (node.kind === 'named') {
      const registry = node.registry(catalog);
      keys.push(join(path, 'name'));
      for (const name of registry.names) {
        const entry = registry.get(name);
        if (entry !== undefined) keys.push(...Object.keys(node.extra(entry)).map((k) => join(path, k)), ...Object.keys(registry.settings(entry)).map((k) => join(path, k)));
      }
    }
  }
  return [...new Set(keys)];
}
