import { describe, expect, it } from 'vitest';
import { MAX_NAME_LENGTH, nameProblem, namePattern, sweepNameProblem } from './sweepName.js';

const ACCEPTED = ['momentum', 'lr-sweep_2.v1', 'A1', 'index', 'index.htm', 'compare2', 'reports', 'console', 'com10', 'lpt0', 'x'.repeat(MAX_NAME_LENGTH), 'a.tmp', 'tmp-1'];

const REFUSED: [string, RegExp][] = [
  ['..', /not a safe folder name/],
  ['../etc', /not a safe folder name/],
  ['a/b', /not a safe folder name/],
  ['a\\b', /not a safe folder name/],
  ['/abs', /not a safe folder name/],
  ['a..b', /not a safe folder name/],
  ['.hidden', /not a safe folder name/],
  ['', /not a safe folder name/],
  ['tab\there', /not a safe folder name/],
  ['nul\0byte', /not a safe folder name/],
  ['new\nline', /not a safe folder name/],
  ['bell\u0007', /not a safe folder name/],
  ['x'.repeat(MAX_NAME_LENGTH + 1), /is 101 characters long, more than the 100 a name may have .*255 bytes/],
  ['x'.repeat(300), /is 300 characters long/],
  ['index.html', /is reserved: reports\/index\.html is the page that lists every sweep's report/],
  ['INDEX.HTML', /is reserved: reports\/index\.html/],
  ['compare', /is reserved: reports\/compare\/ holds the pages of 'exp compare'/],
  ['Compare', /is reserved: reports\/compare\//],
  ['momentum.tmp-123-4', /is reserved: names holding '\.tmp-'/],
  ['index.html.tmp-99', /is reserved: names holding '\.tmp-'/],
  ['nul', /device name on Windows/],
  ['CON', /device name on Windows/],
  ['aux.v2', /device name on Windows/],
  ['com1', /device name on Windows/],
  ['Lpt9.sweep', /device name on Windows/],
  ['trailing.', /ends in a dot/],
];

describe('the name rule', () => {
  it.each(ACCEPTED)('accepts %j', (name) => {
    expect(nameProblem(name)).toBeNull();
    expect(new RegExp(namePattern(), 'u').test(name)).toBe(true);
  });

  it.each(REFUSED)('refuses %j', (name, why) => {
    expect(nameProblem(name)).toMatch(why);
    // The JSON Schema's pattern is derived from the same lists and agrees.
    expect(new RegExp(namePattern(), 'u').test(name)).toBe(false);
  });

  it('names the name on one line, a long one cut short', () => {
    expect(sweepNameProblem('index.html')).toMatch(/^'index\.html' is reserved/);
    expect(sweepNameProblem('new\nline')).toMatch(/^"new\\nline" is not a safe folder name/);
    const long = sweepNameProblem('y'.repeat(300))!;
    expect(long).toMatch(new RegExp(`^'${'y'.repeat(40)}…' is 300 characters long`));
    expect(long).not.toContain('\n');
  });
});
