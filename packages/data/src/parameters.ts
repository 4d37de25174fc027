import { settingProblem } from '@descent/settings';
import type { DatasetEntry, DatasetSettings, DatasetSettingValues } from './dataset.js';

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
    const problem = settingProblem(setting, value);
    if (problem !== null) problems.push(`${key} is ${JSON.stringify(value)}: ${problem}`);
    params[key] = value;
  }
  if (problems.length > 0) throw new Error(`dataset '${entry.name}': ${problems.join('; ')}`);
  return params as DatasetSettingValues<S>;
}
