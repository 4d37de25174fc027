import { describe, expect, it } from 'vitest';
import { exploreData } from '../explore/exploreIsland.js';
import { sweepModel } from '../reportModel.js';
import { makeReportRun, makeSweepInput } from '../testing/fixtures.js';
import { EMPTY_SELECTION, METRIC_AXIS, withFilter, type Selection } from './selection.js';
import { decodeSelection, encodeSelection, STATE_PREFIX } from './urlState.js';

const awkward = 'a,b&c=d é';
const runs = [awkward, 'sgd'].flatMap((optimizer) => [0, 1].map((replicate) => makeReportRun({ optimizer, replicate, lr: 0.1 + replicate / 10 })));
const data = exploreData(sweepModel(makeSweepInput({ varied: ['optimizer.name', 'optimizer.lr'], runs })));

describe('the selection in the URL hash', () => {
  it('reads back exactly what it wrote: doubles, awkward names, the metric\'s no-value flag, a picked configuration', () => {
    let selection: Selection = withFilter(EMPTY_SELECTION, 'optimizer.lr', { kind: 'range', min: 0.1 + 0.2, max: 1 / 3, missing: false });
    selection = withFilter(selection, 'optimizer.name', { kind: 'categories', values: [awkward] });
    selection = withFilter(selection, METRIC_AXIS, { kind: 'range', min: -Infinity, max: 0.25, missing: true });
    selection = { ...selection, configuration: 1 };
    const hash = encodeSelection(data, selection);
    expect(hash.startsWith(STATE_PREFIX)).toBe(true);
    expect(hash).toContain('optimizer.lr=0.30000000000000004..0.3333333333333333');
    expect(hash).not.toMatch(/[ é]/);
    expect(decodeSelection(data, hash)).toEqual(selection);
  });

  it('leaves section anchors and empty hashes alone, and writes nothing for an empty selection', () => {
    expect(decodeSelection(data, '#runs')).toBeNull();
    expect(decodeSelection(data, '')).toBeNull();
    expect(encodeSelection(data, EMPTY_SELECTION)).toBe('');
  });

  it('drops parts that do not fit this report: unknown axes and runs, malformed ranges, unknown categories', () => {
    const decoded = decodeSelection(data, `${STATE_PREFIX}optimizer.beta1=0..1&optimizer.lr=x..1&optimizer.name=nadam,sgd&pick=nobody&%E0%A4%A=1`);
    expect(decoded).toEqual({ filters: { 'optimizer.name': { kind: 'categories', values: ['sgd'] } }, configuration: null });
  });
});
