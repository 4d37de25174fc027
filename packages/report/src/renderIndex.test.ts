import { parseHTML } from 'linkedom';
import { describe, expect, it } from 'vitest';
import { renderIndex } from './renderIndex.js';

describe('renderIndex', () => {
  it('links each sweep with its counts and best configuration, escaping names', () => {
    const markup = renderIndex([
      {
        name: 'momentum',
        href: 'momentum/index.html',
        runs: 40,
        statuses: { finished: 28, diverged: 7, failed: 1, pruned: 4 },
        best: { label: 'lr=0.1 · momentum=0.9', metric: 0.05 },
        metricName: 'train_loss',
      },
      {
        name: '<b>bold</b>',
        href: 'x/index.html?a=1&b="2"',
        runs: 0,
        statuses: { finished: 0, diverged: 0, failed: 0, pruned: 0 },
        best: null,
        metricName: 'loss',
      },
    ]);
    const { document } = parseHTML(markup);
    const rows = [...document.querySelectorAll('#sweeps tbody tr')];
    expect(rows).toHaveLength(2);
    expect(rows[0].querySelector('a')!.getAttribute('href')).toBe('momentum/index.html');
    expect([...rows[0].querySelectorAll('td')].map((td) => td.textContent!.trim())).toEqual([
      'momentum',
      '40',
      '28',
      '7',
      '1',
      '4',
      'lr=0.1 · momentum=0.9',
      '0.05 train_loss',
    ]);
    expect(rows[1].querySelector('a')!.textContent).toBe('<b>bold</b>');
    expect(rows[1].querySelector('a')!.getAttribute('href')).toBe('x/index.html?a=1&b="2"');
    expect(document.querySelectorAll('b')).toHaveLength(0);
    expect(rows[1].textContent).toContain('no finished configuration');
  });

  it('says so when there are no sweeps', () => {
    const { document } = parseHTML(renderIndex([]));
    expect(document.querySelector('#sweeps .note')!.textContent).toBe('No sweeps have been run yet.');
  });
});
