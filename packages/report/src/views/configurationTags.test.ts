import { parseHTML } from 'linkedom';
import { describe, expect, it } from 'vitest';
import { exploreData } from '../explore/exploreIsland.js';
import { formatNumber } from '../format.js';
import { renderSweepReport } from '../renderSweepReport.js';
import { sweepModel } from '../reportModel.js';
import { momentumSweepFixture } from '../testing/sampleSweeps.js';

// What the server writes so the page's script can link the heatmap and the verdict table to the selection:
// each element names its configuration by its index in the data island. Checked against the run records.
const input = momentumSweepFixture();
const data = exploreData(sweepModel(input));
const document = parseHTML(renderSweepReport(input)).document;

/** The runs of the island's configuration `index`, found in the records by their lr, momentum and batch size. */
function runsOf(index: number) {
  const [lr, momentum, batch] = data.configurations[index].values;
  return input.runs.filter(({ record }) => record.config.optimizer.lr === lr && record.config.optimizer.momentum === momentum && record.config.train.batch_size === batch);
}

describe('the configuration behind each server-drawn mark', () => {
  it('tags each heatmap cell and value once per configuration, the value being that configuration\'s mean or marks', () => {
    const chart = document.querySelector('[data-chart="metric-heatmap"]')!;
    const cells = [...chart.querySelectorAll('g[aria-label="cell"] rect[data-configuration]')];
    const texts = [...chart.querySelectorAll('g[aria-label="text"] text[data-configuration]')];
    // 12 configurations; beyond-the-scale outlines are cells too, and carry their configuration's tag.
    const tagsOf = (elements: Element[]) => elements.map((element) => Number(element.getAttribute('data-configuration')));
    expect(new Set(tagsOf(cells))).toEqual(new Set(data.configurations.map((_, i) => i)));
    expect(tagsOf(texts).sort((a, b) => a - b)).toEqual(data.configurations.map((_, i) => i));
    for (const text of texts) {
      const runs = runsOf(Number(text.getAttribute('data-configuration')));
      expect(runs).toHaveLength(3);
      const statuses = runs.map(({ record }) => record.status);
      const expected = statuses.every((status) => status === 'finished')
        ? formatNumber(runs.reduce((sum, { record }) => sum + record.summary.finalMetric, 0) / runs.length, 3)
        : statuses.includes('diverged')
          ? `✕ ${statuses.filter((status) => status === 'diverged').length}/3`
          : `! ${statuses.filter((status) => status === 'failed').length}/3`;
      expect(text.textContent).toBe(expected);
    }
  });

  it('tags each row of the verdict table with the configuration its first cell names', () => {
    const rows = [...document.querySelectorAll('table.verdict-table tbody tr')];
    expect(rows.length).toBeGreaterThan(1);
    for (const row of rows) {
      const index = Number(row.getAttribute('data-configuration'));
      expect(row.querySelector('td')!.textContent).toBe(data.configurations[index].label);
      const [lr, momentum, batch] = data.configurations[index].values;
      expect(row.querySelector('td')!.textContent).toBe(`lr=${lr} · momentum=${momentum} · batch=${batch}`);
    }
  });
});
