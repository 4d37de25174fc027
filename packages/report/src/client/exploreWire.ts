import { EXPLORE_DATA_VERSION, type ExploreConfig, type ExploreCurves, type ExploreData, type ExploreSetting } from './exploreData.js';

/**
 * The island as the page holds it: `ExploreData` in columns, which a 1,000-run report ships whole. Rows of objects
 * repeat every key once per run (70 bytes a run); a configuration's curve x positions are the same for every
 * configuration that shares a batch size and a budget, and its config values of the settings are already its
 * `values`. The page script decodes it once (`decodeExploreWire`), and works on `ExploreData`.
 * Shared by the server (which encodes) and the client (which decodes): no DOM types here.
 */
export interface ExploreWire {
  version: typeof EXPLORE_DATA_VERSION;
  metric: ExploreData['metric'];
  settings: ExploreSetting[];
  curves: ExploreCurves | null;
  config: ExploreConfig & {
    /**
     * Per config key whose `shared` is null, in order: the index of the setting that holds its value (then
     * `configurations.config` leaves it out), or -1.
     */
    fromSetting: number[];
  };
  configurations: {
    label: string[];
    values: (number | null)[][];
    /** Per configuration: its values of the differing config keys that no setting holds. */
    config: string[][];
    /** Per configuration: an index into `curveXs`. */
    curveX: number[];
    /** Each distinct packed x series once. */
    curveXs: string[];
  };
  runs: {
    id: string[];
    configuration: number[];
    replicate: number[];
    /** One letter per run: STATUS_LETTERS. */
    status: string;
    final: (number | null)[];
    curve: string[];
  };
}

/** A record status by its first letter (runner's RunStatus: each starts with a different one). */
const STATUS_LETTERS: Record<string, string> = { f: 'finished', d: 'diverged', x: 'failed', p: 'pruned' };
const LETTER_OF_STATUS = Object.fromEntries(Object.entries(STATUS_LETTERS).map(([letter, status]) => [status, letter]));

export function encodeExploreWire(data: ExploreData): ExploreWire {
  const differing = data.config.keys.flatMap((key, i) => (data.config.shared[i] === null ? [key] : []));
  const fromSetting = differing.map((key) => data.settings.findIndex((setting) => setting.key === key));
  const curveXs: string[] = [];
  const curveXIndex = new Map<string, number>();
  const indexOfCurveX = (x: string) => {
    let index = curveXIndex.get(x);
    if (index === undefined) {
      index = curveXs.push(x) - 1;
      curveXIndex.set(x, index);
    }
    return index;
  };
  for (const configuration of data.configurations) {
    fromSetting.forEach((settingIndex, i) => {
      if (settingIndex === -1) return;
      // What the decoder will write back: only a setting that says so exactly may stand in for the config key.
      if (settingText(data.settings[settingIndex], configuration.values[settingIndex]) !== configuration.config[i]) fromSetting[i] = -1;
    });
  }
  return {
    version: data.version,
    metric: data.metric,
    settings: data.settings,
    curves: data.curves,
    config: { ...data.config, fromSetting },
    configurations: {
      label: data.configurations.map((configuration) => configuration.label),
      values: data.configurations.map((configuration) => configuration.values),
      config: data.configurations.map((configuration) => configuration.config.filter((_, i) => fromSetting[i] === -1)),
      curveX: data.configurations.map((configuration) => indexOfCurveX(configuration.curveX)),
      curveXs,
    },
    runs: {
      id: data.runs.map((run) => run.id),
      configuration: data.runs.map((run) => run.configuration),
      replicate: data.runs.map((run) => run.replicate),
      status: data.runs.map((run) => letterOf(run.status)).join(''),
      final: data.runs.map((run) => run.final),
      curve: data.runs.map((run) => run.curve),
    },
  };
}

export function decodeExploreWire(wire: ExploreWire): ExploreData {
  const { fromSetting, ...config } = wire.config;
  const columns = wire.configurations;
  return {
    version: wire.version,
    metric: wire.metric,
    settings: wire.settings,
    configurations: columns.label.map((label, c) => {
      const own = columns.config[c];
      let next = 0;
      return {
        label,
        values: columns.values[c],
        config: fromSetting.map((settingIndex) => (settingIndex === -1 ? own[next++] : settingText(wire.settings[settingIndex], columns.values[c][settingIndex]))),
        curveX: columns.curveXs[columns.curveX[c]],
      };
    }),
    runs: wire.runs.id.map((id, r) => ({
      id,
      replicate: wire.runs.replicate[r],
      status: STATUS_LETTERS[wire.runs.status[r]],
      configuration: wire.runs.configuration[r],
      final: wire.runs.final[r],
      curve: wire.runs.curve[r],
    })),
    curves: wire.curves,
    config,
  };
}

/** A setting's value as config strings write it: a number as JavaScript prints it, a category by its text; '–' when absent. */
function settingText(setting: ExploreSetting, value: number | null): string {
  if (value === null) return '–';
  return setting.kind === 'numeric' ? String(value) : setting.categories[value];
}

function letterOf(status: string): string {
  const letter = LETTER_OF_STATUS[status];
  if (letter === undefined) throw new Error(`explore island: unknown run status '${status}' (known: ${Object.values(STATUS_LETTERS).join(', ')})`);
  return letter;
}
