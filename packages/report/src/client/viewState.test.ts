import { describe, expect, it } from 'vitest';
import { exploreData } from '../explore/exploreIsland.js';
import { sweepModel } from '../reportModel.js';
import { momentumSweepFixture } from '../testing/sampleSweeps.js';
import { configurationItem, runItem } from './diffItems.js';
import { decodeSelection, encodeSelection } from './urlState.js';
import { decodeView, hashWithSection, joinHash, sectionOfHash } from './viewState.js';

const data = exploreData(sweepModel(momentumSweepFixture()));

describe('the view in the URL hash', () => {
  it('reads back the grouping and the diff beside the selection, and the selection is unchanged by them', () => {
    const [a, b] = [data.runs[0].id, data.runs[7].id];
    const selection = { filters: { 'optimizer.lr': { kind: 'range' as const, min: 0.01, max: 0.1, missing: false } }, configuration: null };
    const hash = joinHash(encodeSelection(data, selection), { group: 'optimizer.momentum', diff: [runItem(a), runItem(b)] });
    expect(hash).toBe(`#explore:optimizer.lr=0.01..0.1&group=optimizer.momentum&diff=${a},${b}`);
    expect(decodeView(data, hash)).toEqual({ group: 'optimizer.momentum', diff: [runItem(a), runItem(b)] });
    expect(decodeSelection(data, hash)).toEqual(selection);
    expect(joinHash('', { group: null, diff: [] })).toBe('');
  });

  it('reads back two configurations in the diff, after the selection', () => {
    const diff = [configurationItem(11), configurationItem(2)];
    const selection = { filters: {}, configuration: 4 };
    const hash = joinHash(encodeSelection(data, selection), { group: null, diff });
    expect(hash).toMatch(/^#explore:pick=[^&]+&diff=c:11,c:2$/);
    expect(decodeView(data, hash)).toEqual({ group: null, diff });
    expect(decodeSelection(data, hash)).toEqual(selection);
  });

  it('drops what does not fit this report: an unknown setting, unknown runs, more than two', () => {
    expect(decodeView(data, '#explore:group=optimizer.beta&diff=nope')).toEqual({ group: null, diff: [] });
    const ids = data.runs.slice(0, 3).map((run) => run.id);
    expect(decodeView(data, `#explore:diff=${ids.join(',')}`).diff).toEqual(ids.slice(0, 2).map(runItem));
    expect(decodeView(data, '#explore:diff=c:12,c:7').diff).toEqual([configurationItem(7)]);
    expect(decodeView(data, '#runs')).toEqual({ group: null, diff: [] });
  });

  it('keeps the section the reader went to beside the state, and alone as a plain anchor', () => {
    const state = '#explore:optimizer.lr=0.01..0.1&group=optimizer.momentum';
    const hash = hashWithSection(state, 'runs');
    expect(hash).toBe(`${state}&at=runs`);
    expect(sectionOfHash(hash)).toBe('runs');
    // The section part is no setting and no view: the state reads as it did without it.
    expect(decodeSelection(data, hash)).toEqual(decodeSelection(data, state));
    expect(decodeView(data, hash)).toEqual(decodeView(data, state));
    expect(hashWithSection('', 'runs')).toBe('#runs');
    expect(hashWithSection(state, null)).toBe(state);
    expect(hashWithSection('', null)).toBe('');
    expect(sectionOfHash('#runs')).toBe('runs');
    expect(sectionOfHash(state)).toBeNull();
    expect(sectionOfHash('')).toBeNull();
    expect(sectionOfHash(hashWithSection(state, 'run-a b'))).toBe('run-a b');
  });
});
