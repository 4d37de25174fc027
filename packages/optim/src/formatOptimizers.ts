import { describeAccepted, describeSearch, type Setting } from '@descent/settings';
import { formatValue } from './optimizer.js';
import type { OptimizerRegistry } from './registry.js';

/**
 * The plain-text listing behind `exp optimizers`: per optimizer its name (and plugin source), description,
 * update rule, and a table of hyperparameters with default, accepted range, log hint, the range the benchmark
 * tunes it in (`search`: a range, `fixed`, or `open` when it cannot be tuned) and description.
 */
export function formatOptimizers(registry: OptimizerRegistry): string {
  return registry
    .list()
    .map((optimizer) => {
      const source = registry.sourceOf(optimizer.name);
      const lines = [
        `${optimizer.name}${source === 'built-in' ? '' : `  (from ${source})`}`,
        `  ${optimizer.description}`,
        `  rule: ${optimizer.rule}`,
        ...formatTable(
          ['hyperparameter', 'default', 'accepts', 'scale', 'search', 'meaning'],
          Object.entries(optimizer.hyperparameters).map(([name, setting]) => [name, formatValue(setting.default), describeAccepted(setting), scaleHint(setting), searchHint(setting), setting.description]),
        ).map((line) => `    ${line}`),
      ];
      return lines.join('\n');
    })
    .join('\n\n');
}

function scaleHint(setting: Setting): string {
  return (setting.type === 'number' || setting.type === 'integer') && setting.log ? 'log' : '';
}

/** Only numbers have a search range (a boolean or a choice lists its values already). */
function searchHint(setting: Setting): string {
  return setting.type === 'number' || setting.type === 'integer' ? describeSearch(setting) : '';
}

/** Left-aligned columns separated by two spaces; trailing spaces trimmed. */
function formatTable(header: string[], rows: string[][]): string[] {
  const all = [header, ...rows];
  const widths = header.map((_, column) => Math.max(...all.map((row) => [...row[column]].length)));
  return all.map((row) => row.map((cell, column) => cell.padEnd(widths[column] + cell.length - [...cell].length)).join('  ').trimEnd());
}
