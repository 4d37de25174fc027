import { describe, expect, it } from 'vitest';
import { escapeHtml, html, trustedHtml } from './_html.js';
import { formatCount, formatMilliseconds, formatNumber } from './format.js';

describe('escaping', () => {
  it('escapes the five HTML metacharacters', () => {
    expect(escapeHtml(`<a href="x" title='y'>&</a>`)).toBe('&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;&lt;/a&gt;');
  });

  it('escapes interpolations but not trusted HTML or nested templates', () => {
    const name = '<script>alert(1)</script>';
    expect(html`<td>${name}</td>`.value).toBe('<td>&lt;script&gt;alert(1)&lt;/script&gt;</td>');
    expect(html`<p>${trustedHtml('<b>ok</b>')}${[html`<i>${'<'}</i>`]}</p>`.value).toBe('<p><b>ok</b><i>&lt;</i></p>');
  });
});

describe('number formats', () => {
  it('reads like a person would write it', () => {
    expect(formatNumber(0.123456)).toBe('0.1235');
    expect(formatNumber(1.5e-7)).toBe('1.5e-7');
    expect(formatNumber(NaN)).toBe('NaN');
    expect(formatNumber(-Infinity)).toBe('−∞');
    expect(formatCount(1234567)).toBe('1,234,567');
    expect(formatMilliseconds(850)).toBe('850 ms');
    expect(formatMilliseconds(12345)).toBe('12.35 s');
  });
});
