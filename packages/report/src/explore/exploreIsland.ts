import { trustedHtml, type SafeHtml } from '../_html.js';
import { EXPLORE_DATA_ID, EXPLORE_DATA_VERSION, type ExploreData, type ExploreSetting } from '../client/exploreData.js';
import { compareConfigValues, formatConfigValue, shortKeyNames, type ConfigValue } from '../configurations.js';
import type { ReportModel } from '../reportModel.js';
import { wantsLogAxis } from '../searchSettings.js';
import { spansDecades } from '../statistics.js';

/** A metric value for the island: null unless a finite number (JSON has no NaN or Infinity). */
function finiteOrNull(value: number | null | undefined): number | null {
  return typeof value === 'number' && Number.isFinite(value) ? value : null;
}

/** The island's model of a report: one entry per run, one axis per setting the sweep varied on its own. */
export function exploreData(model: ReportModel): ExploreData {
  const names = shortKeyNames(model.varied);
  const columns = model.labelKeys.map((key) => {
    const index = model.varied.indexOf(key);
    const values = model.configurations.map((configuration) => configuration.values[index]);
    const numeric = values.length > 0 && values.every((value): value is number => typeof value === 'number');
    const categories = numeric ? [] : distinctInOrder(values).map(formatConfigValue);
    const setting: ExploreSetting = {
      key,
      name: names[index],
      kind: numeric ? 'numeric' : 'categorical',
      log: numeric && wantsLogAxis(values as number[]),
      categories,
    };
    return { setting, index };
  });
  const configurations = model.configurations.map((configuration) => ({
    label: configuration.label,
    values: columns.map(({ setting, index }) => {
      const value = configuration.values[index];
      return setting.kind === 'numeric' ? (value as number) : setting.categories.indexOf(formatConfigValue(value));
    }),
  }));
  const runs = model.configurations.flatMap((configuration, configurationIndex) =>
    configuration.runs.map(({ record }) => ({
      id: record.runId,
      configuration: configurationIndex,
      replicate: record.replicate,
      status: record.status,
      final: finiteOrNull(record.summary.finalMetric),
      best: finiteOrNull(record.summary.bestMetric),
    })),
  );
  const finals = runs.flatMap((run) => (run.final === null ? [] : [run.final]));
  return {
    version: EXPLORE_DATA_VERSION,
    // The same rule as the report's other metric axes (a spread of two decades).
    metric: { name: model.metric.name, goal: model.metric.goal, log: spansDecades(finals) },
    settings: columns.map(({ setting }) => setting),
    configurations,
    runs,
  };
}

/** One key's distinct values in the report's value order (numbers numerically, text by code points, absent last). */
function distinctInOrder(values: readonly ConfigValue[]): ConfigValue[] {
  const distinct = new Map(values.map((value) => [JSON.stringify(value), value] as const));
  return [...distinct.values()].sort(compareConfigValues);
}

/**
 * JSON that cannot end the <script> holding it: every '<' written as \u003c (so neither '</script>' nor
 * '<!--' can appear), which JSON.parse reads back as '<'.
 */
export function scriptSafeJson(value: unknown): string {
  return JSON.stringify(value).replace(/</g, '\\u003c');
}

/** The island element: `<script type="application/json" id="explore-data">`, inert until the client reads it. */
export function exploreIsland(model: ReportModel): SafeHtml {
  return trustedHtml(`<script type="application/json" id="${EXPLORE_DATA_ID}">${scriptSafeJson(exploreData(model))}</script>`);
}
