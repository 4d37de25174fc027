import { parseHTML } from 'linkedom';
import { describe, expect, it } from 'vitest';
import { escapeHtml, html, trustedHtml } from './_html.js';
import { renderPage } from './page.js';
import { renderSweepReport } from './renderSweepReport.js';
import { momentumSweepFixture } from './testing/sampleSweeps.js';

// Issue 15, class 7: bidirectional controls and zero-width characters in user text must not reach a page raw
// (a right-to-left override makes a description read differently from what it holds).

/** Every character the report shows as its code instead. */
const RAW_HIDDEN = /[\u061C\u200B-\u200F\u202A-\u202E\u2060\u2066-\u2069\uFEFF]/u;
const HOSTILE = '\u202Eevil\u200B';

describe('hidden characters in the report', () => {
  it('in an element: each marked as its code with a title naming it, the value isolated in <bdi>', () => {
    expect(html`<p>${HOSTILE}</p>`.value).toBe(
      '<p><bdi>' +
        '<mark class="hidden-char" title="U+202E RIGHT-TO-LEFT OVERRIDE: a hidden character, shown as its code">‹U+202E›</mark>' +
        'evil' +
        '<mark class="hidden-char" title="U+200B ZERO WIDTH SPACE: a hidden character, shown as its code">‹U+200B›</mark>' +
        '</bdi></p>',
    );
  });

  it('inside a tag or a text-only element: the code as plain text (markup there would break it)', () => {
    expect(html`<a title="${HOSTILE}" href='#${HOSTILE}'>x</a>`.value).toBe(`<a title="‹U+202E›evil‹U+200B›" href='#‹U+202E›evil‹U+200B›'>x</a>`);
    expect(html`<title>${HOSTILE}</title><p>${HOSTILE}</p>`.value).toMatch(/^<title>‹U\+202E›evil‹U\+200B›<\/title><p><bdi><mark /);
    expect(html`<td class="a>b" data-x=${HOSTILE}>`.value).toBe('<td class="a>b" data-x=‹U+202E›evil‹U+200B›>');
    expect(escapeHtml(`\u2066<x>\uFEFF`)).toBe('‹U+2066›&lt;x&gt;‹U+FEFF›');
    expect(html`<svg><text>${HOSTILE}</text></svg><p>${HOSTILE}</p>`.value).toMatch(/^<svg><text>‹U\+202E›evil‹U\+200B›<\/text><\/svg><p><bdi><mark /);
  });

  it('isolates right-to-left text and leaves other text as it was', () => {
    expect(html`<td>${'שלום 5'}</td>`.value).toBe('<td><bdi>שלום 5</bdi></td>');
    expect(html`<td>${'momentum 0.9 <b>'}</td>`.value).toBe('<td>momentum 0.9 &lt;b&gt;</td>');
  });

  it('shows hidden characters that reach the page other than through html`` (Plot SVG text) as their codes', () => {
    const page = renderPage({ title: 't', header: html`<h1>h</h1>`, sections: [trustedHtml(`<svg><text>a\u202Eb</text></svg>`)] });
    expect(page).toContain('<svg><text>a‹U+202E›b</text></svg>');
    expect(page).not.toMatch(RAW_HIDDEN);
  });

  it('a sweep whose description holds \\u202Eevil\\u200B renders the codes, and no raw control character', () => {
    const input = momentumSweepFixture();
    input.sweep.description = `A description ${HOSTILE} and more`;
    const markup = renderSweepReport(input);
    expect(markup).not.toMatch(RAW_HIDDEN);
    const { document } = parseHTML(markup);
    const description = [...document.querySelectorAll('header p')].find((p) => p.textContent!.startsWith('A description'))!;
    expect(description.textContent).toBe('A description ‹U+202E›evil‹U+200B› and more');
    expect([...description.querySelectorAll('mark.hidden-char')].map((mark) => mark.getAttribute('title'))).toEqual([
      'U+202E RIGHT-TO-LEFT OVERRIDE: a hidden character, shown as its code',
      'U+200B ZERO WIDTH SPACE: a hidden character, shown as its code',
    ]);
    expect(description.querySelector('bdi')).not.toBeNull();
  });
});
