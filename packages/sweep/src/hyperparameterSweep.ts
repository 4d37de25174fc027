import type { Catalog } from './catalog.js';
import type { ResolvedConfig } from './config.js';
import { configDeclaration } from './configDeclaration.js';
import type { Assignment } from './combinations.js';
import type { RegistryView } from './declare/nodes.js';
import { canonicalJson } from './identity.js';
import { settingIssue } from './settingIssue.js';
import type { Sweep, SweepParameter } from './sweep.js';

/** The sections whose entry's own settings a fast sweep may vary: a named registry entry's declared settings. */
const FAST_SECTIONS = ['optimizer', 'schedule'] as const;
type FastSection = (typeof FAST_SECTIONS)[number];

/** One configuration of a hyperparameter sweep, with its canonicalJson (the run identity's text). */
export interface ConfigWithJson {
  config: ResolvedConfig;
  json: string;
}

/**
 * The configurations of a sweep whose parameters all set a declared setting of the optimizer or the schedule
 * (`optimizer.lr`, `schedule.warmup_steps`) to scalar values: the common random search over hyperparameters,
 * whose configurations differ only in those values. Resolving each one from the sweep's tree (resolveConfig,
 * then canonicalJson for its identity) costs ~0.2 ms, half a minute for 100,000 runs; here the first
 * configuration is resolved that way, and every other one is that configuration with the swept values put in
 * (each checked against its declared setting, as resolveConfig checks it), its canonical text the first's text
 * with the values' text put in. The result is the same configuration, key order included (hyperparameterSweep.test.ts
 * compares both paths over the shipped sweeps and the test fixtures).
 *
 * Why only these settings: an optimizer's or schedule's declared setting is read by nothing else while a
 * configuration resolves (no default of another key and no rule across keys reads one: configDeclaration.ts,
 * configRules.ts), so its value changes the configuration at its own key only. A trap: a rule or default that
 * ever reads one must take its section out of FAST_SECTIONS.
 *
 * Null when the sweep is not such a sweep, or its first configuration did not resolve: resolveConfig then does
 * every configuration (and reports what is wrong).
 */
export function hyperparameterSweep(sweep: Sweep, catalog: Catalog, first: ResolvedConfig | null): HyperparameterSweep | null {
  if (first === null || sweep.parameters.length === 0) return null;
  const slots: Slot[] = [];
  for (const parameter of sweep.parameters) {
    const slot = slotOf(parameter, first, catalog);
    if (slot === null) return null;
    slots.push(slot);
  }
  const fast = new HyperparameterSweep(first, slots);
  return fast.cut ? fast : null;
}

interface Slot {
  parameter: SweepParameter;
  section: FastSection;
  key: string;
  setting: Parameters<typeof settingIssue>[0];
}

function slotOf(parameter: SweepParameter, first: ResolvedConfig, catalog: Catalog): Slot | null {
  if (parameter.path.length !== 2) return null;
  const [section, key] = parameter.path;
  if (!(FAST_SECTIONS as readonly string[]).includes(section) || key === 'name') return null;
  if (parameter.kind === 'values' && !parameter.values.every((value) => value.kind === 'scalar')) return null;
  const entryConfig = first[section as FastSection] as Record<string, unknown>;
  const registry = configDeclaration[section as FastSection].registry(catalog) as RegistryView<unknown>;
  const entry = registry.names.includes(entryConfig.name as string) ? registry.get(entryConfig.name as string) : undefined;
  if (entry === undefined) return null;
  const settings = registry.settings(entry);
  // Only the entry's own declared settings (not a section's extra keys, which may be declared with defaults that depend on others).
  if (!Object.prototype.hasOwnProperty.call(settings, key) || !Object.prototype.hasOwnProperty.call(entryConfig, key)) return null;
  return { parameter, section: section as FastSection, key, setting: settings[key] };
}

export class HyperparameterSweep {
  private readonly slotOf = new Map<SweepParameter, number>();
  /** canonicalJson(first) cut at the swept values: text, value, text, … (the values in the text's order). */
  private readonly texts: string[];
  private readonly textSlots: number[];

  constructor(
    private readonly first: ResolvedConfig,
    private readonly slots: readonly Slot[],
  ) {
    slots.forEach((slot, i) => this.slotOf.set(slot.parameter, i));
    // Mark each swept value with a string no configuration holds, then cut the canonical text at the marks.
    const marks = slots.map((_, i) => `\u0000swept ${i}\u0000`);
    const marked = canonicalJson(this.configWith(marks));
    const markText = new Map(marks.map((mark, i) => [JSON.stringify(mark), i]));
    const pattern = new RegExp([...markText.keys()].map((text) => text.replace(/[\\^$.*+?()[\]{}|]/g, '\\$&')).join('|'), 'g');
    this.texts = marked.split(pattern);
    this.textSlots = [...marked.matchAll(pattern)].map((match) => markText.get(match[0])!);
  }

  /** Whether each swept value appears once in the canonical text (a configuration holding a mark's own text would not). */
  get cut(): boolean {
    return this.textSlots.length === this.slots.length && new Set(this.textSlots).size === this.slots.length;
  }

  /** The configuration of one assignment of every parameter; null when a value fails its setting's check (resolveConfig reports it). */
  configOf(assignment: readonly Assignment[]): ConfigWithJson | null {
    // An assignment of some parameters only leaves the others at the base's values: resolveConfig lays it over the tree.
    if (assignment.length !== this.slots.length) return null;
    const values: unknown[] = new Array(this.slots.length);
    for (const { parameter, value } of assignment) {
      const i = this.slotOf.get(parameter);
      if (i === undefined || i in values || value.kind !== 'scalar' || settingIssue(this.slots[i].setting, value) !== null) return null;
      values[i] = value.value;
    }
    let json = this.texts[0];
    for (let i = 0; i < this.textSlots.length; i++) json += canonicalJson(values[this.textSlots[i]]) + this.texts[i + 1];
    return { config: this.configWith(values), json };
  }

  /** The first configuration with each slot's value replaced: new objects along the changed keys, the rest shared. */
  private configWith(values: readonly unknown[]): ResolvedConfig {
    const config = { ...this.first };
    const copied = new Set<FastSection>();
    this.slots.forEach(({ section, key }, i) => {
      if (!copied.has(section)) (copied.add(section), ((config as Record<string, unknown>)[section] = { ...this.first[section] }));
      (config[section] as Record<string, unknown>)[key] = values[i];
    });
    return config;
  }
}
