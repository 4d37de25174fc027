import { describeAccepted, settingProblem } from '@descent/tensor';
import type { DatasetEntry, DatasetSetting, DatasetSettings, DatasetSettingValues } from './dataset.js';

/** Human-readable accepted values of a dataset parameter (tensor's `describeAccepted`, plus text). */
export function describeParameter(setting: DatasetSetting): string {
  return setting.type === 'string' ? 'a string' : describeAccepted(setting);
}

/** Why `value` is not acceptable for a dataset parameter, or null when it is. */
export function parameterProblem(setting: DatasetSetting, value: unknown): string | null {
  if (setting.type === 'string') {
    return typeof value === 'string' ? null : `expected a string${typeof value === 'number' ? ' (quote it)' : ''}`;
  }
  return settingProblem(setting, value);
}

/**
 * The entry's declared parameters taken from `values` with defaults filled in, checked against their
 * declarations. Keys the entry does not declare are ignored (the caller owns them: `name`, `test_fraction`).
 * Throws one error listing every problem.
 */
export function resolveDatasetParams<S extends DatasetSettings>(
  entry: DatasetEntry<S>,
  values: Readonly<Record<string, unknown>>,
): DatasetSettingValues<S> {
  const params: Record<string, unknown> = {};
  const problems: string[] = [];
  for (const [key, setting] of Object.entries(entry.settings)) {
    const value = values[key] !== undefined ? values[key] : setting.default;
    const problem = parameterProblem(setting, value);
    if (problem !== null) problems.push(`${key} is ${JSON.stringify(value)}: ${problem}`);
    params[key] = value;
  }
  if (problems.length > 0) throw new Error(`dataset '${entry.name}': ${problems.join('; ')}`);
  return params as DatasetSettingValues<S>;
}
