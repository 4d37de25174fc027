import { describe, expect, it } from 'vitest';
import { testCatalog } from './_testCatalog.js';
import { formatIssue, parseSweepText, validateSweep } from './index.js';
import { MAX_NESTING } from './nesting.js';

const TOO_DEEP = `nesting deeper than ${MAX_NESTING} levels of lists and mappings starts here; a sweep needs only a few levels`;

/** `x:` then `levels` mappings, each indented one more space than the one it is in: the root is level 1. */
const indented = (levels: number) => 'name: deep\nx:\n' + Array.from({ length: levels }, (_, i) => `${' '.repeat(i + 1)}a:\n`).join('');

describe('nesting deeper than MAX_NESTING is one located issue, before anything recursive reads it', () => {
  it('states the bound: 64', () => {
    expect(MAX_NESTING).toBe(64);
  });

  it('20,000 [ : the line and column of the first list past the bound', () => {
    const { doc, issues } = parseSweepText('name: deep\nx: ' + '['.repeat(20_000) + '\n', 'deep.yaml');
    expect(doc).toBeNull();
    // The root mapping is level 1, so the 64th '[' (column 4 + 63) is level 65.
    expect(issues.map(formatIssue)).toEqual([`deep.yaml:2:${4 + 63}: ${TOO_DEEP}`]);
  });

  it('20,000 {a: : flow mappings alike', () => {
    const { doc, issues } = parseSweepText('name: deep\nx: ' + '{a: '.repeat(20_000) + '\n', 'deep.yaml');
    expect(doc).toBeNull();
    // "{a: " is 4 characters: the 64th starts at column 4 + 63 * 4.
    expect(issues.map(formatIssue)).toEqual([`deep.yaml:2:${4 + 63 * 4}: ${TOO_DEEP}`]);
  });

  it('200 levels of indentation: the line where the 65th level starts', () => {
    const { doc, issues } = parseSweepText(indented(200), 'deep.yaml');
    expect(doc).toBeNull();
    // Line 2 holds level 1's key x; the k-th 'a:' (line 2 + k) starts level k + 1; level 65 is on line 66.
    expect(issues.map(formatIssue)).toEqual([`deep.yaml:66:65: ${TOO_DEEP}`]);
  });

  it('block lists and flow inside block count alike; the first place in the file is named', () => {
    // Line 1 holds level 1's key x; the dash of line k + 2 (column 2k + 2) starts level k + 2.
    const dashes = 'x:\n' + Array.from({ length: 70 }, (_, i) => `${' '.repeat(2 * i + 1)}-\n`).join('');
    expect(parseSweepText(dashes, 'deep.yaml').issues.map(formatIssue)).toEqual([`deep.yaml:65:${2 * 63 + 2}: ${TOO_DEEP}`]);
    const two = `a: ${'['.repeat(70)}\nb: ${'['.repeat(80)}\n`;
    expect(parseSweepText(two, 'deep.yaml').issues.map(formatIssue)).toEqual([`deep.yaml:1:${4 + 63}: ${TOO_DEEP}`]);
  });

  it('exactly at the bound is parsed, and the validator goes on to its own issues', () => {
    const flow = parseSweepText(`name: deep\nx: ${'['.repeat(MAX_NESTING - 1)}1${']'.repeat(MAX_NESTING - 1)}\n`, 'deep.yaml');
    expect(flow.issues).toEqual([]);
    let node = flow.doc?.kind === 'map' ? flow.doc.entries.get('x')!.value : null;
    let depth = 1;
    while (node?.kind === 'seq') [node, depth] = [node.items[0], depth + 1];
    expect([depth, node]).toEqual([MAX_NESTING, expect.objectContaining({ kind: 'scalar', value: 1 })]);

    const block = parseSweepText(indented(MAX_NESTING - 1), 'deep.yaml');
    expect(block.issues).toEqual([]);
    expect(block.doc).not.toBeNull();
    const validated = validateSweep(block, 'deep.yaml', testCatalog);
    expect('issues' in validated && validated.issues.map((issue) => issue.message)).toContain("unknown key 'x'");
  });

  it('aliases that repeat a nested value inside another are bounded by the depth they build', () => {
    // Each line nests the previous anchor 20 levels deeper: written depth ≤ 21, built depth 20 per alias.
    const lines = ['a0: &a0 1'];
    for (let k = 1; k <= 5; k++) lines.push(`a${k}: &a${k} ${'['.repeat(20)}*a${k - 1}${']'.repeat(20)}`);
    const { issues } = parseSweepText(lines.join('\n') + '\n', 'deep.yaml');
    expect(issues.map((issue) => issue.message)).toContain(TOO_DEEP);
    expect(issues.find((issue) => issue.message === TOO_DEEP)?.path).toBe('a4');
  });
});
