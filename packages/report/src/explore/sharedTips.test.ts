import { parseHTML } from 'linkedom';
import { describe, expect, it } from 'vitest';
import { trustedHtml } from '../_html.js';
import { TIP_ATTRIBUTE, TIPS_ID } from '../client/tipsData.js';
import { renderSweepReport } from '../renderSweepReport.js';
import { momentumSweepFixture, searchSweepFixture, thousandRunSweepFixture } from '../testing/sampleSweeps.js';
import { readPackedScript } from './packScript.js';
import { INLINE_TIPS, shareTips } from './sharedTips.js';

const mark = (text: string) => `<circle r="3" cy="1" cx="2"><title>${text}</title></circle>`;

describe('shareTips', () => {
  it('leaves a report of at most INLINE_TIPS titles as it is', () => {
    const sections = [trustedHtml(`<svg>${Array.from({ length: INLINE_TIPS }, (_, i) => mark(`run ${i}`)).join('')}</svg>`)];
    const shared = shareTips(sections);
    expect(shared.tips).toBeNull();
    expect(shared.sections[0].value).toBe(sections[0].value);
  });

  it('beyond, writes each distinct text once and points every mark at it, escaped text read back', () => {
    const texts = Array.from({ length: INLINE_TIPS }, (_, i) => `lr=${i} · mean final loss 0.${i}`);
    const first = trustedHtml(`<svg>${texts.map(mark).join('')}<text x="1">✕<title>a &lt;b&gt; &amp; c</title></text></svg>`);
    const second = trustedHtml(`<svg>${texts.map(mark).join('')}</svg>`);
    const { sections, tips } = shareTips([first, second]);
    const list = readPackedScript(tips!.value, TIPS_ID) as string[];
    expect(list).toEqual([...texts, 'a <b> & c']);
    expect(sections.map((section) => section.value).join('')).not.toContain('<title>');
    expect(sections[0].value).toContain(`<circle r="3" cy="1" cx="2" ${TIP_ATTRIBUTE}="0"/>`);
    expect(sections[0].value).toContain(`<text x="1" ${TIP_ATTRIBUTE}="${INLINE_TIPS}">✕</text>`);
    // The second chart names the same configurations: the same indices, no new texts.
    expect([...sections[1].value.matchAll(/data-tip="(\d+)"/g)].map((match) => Number(match[1]))).toEqual(texts.map((_, i) => i));
  });

  it('in a report: a 1,000-run sweep points its marks at shared tips, a small one keeps them inline', () => {
    for (const [input, shared] of [[thousandRunSweepFixture(), true], [momentumSweepFixture(), false], [searchSweepFixture(), false]] as const) {
      const markup = renderSweepReport(input);
      const { document } = parseHTML(markup);
      const island = document.getElementById(TIPS_ID);
      expect(island !== null).toBe(shared);
      const charts = [...document.querySelectorAll('.chart svg')];
      const titles = charts.reduce((sum, svg) => sum + svg.querySelectorAll('title').length, 0);
      const pointers = charts.reduce((sum, svg) => sum + svg.querySelectorAll(`[${TIP_ATTRIBUTE}]`).length, 0);
      if (shared) {
        expect(titles).toBe(0);
        const list = readPackedScript(markup, TIPS_ID) as string[];
        expect(pointers).toBeGreaterThan(INLINE_TIPS);
        expect(new Set(list).size).toBe(list.length);
        const indices = charts.flatMap((svg) => [...svg.querySelectorAll(`[${TIP_ATTRIBUTE}]`)].map((element) => Number(element.getAttribute(TIP_ATTRIBUTE))));
        expect(indices.every((index) => index >= 0 && index < list.length)).toBe(true);
      } else {
        expect(pointers).toBe(0);
        expect(titles).toBeGreaterThan(0);
      }
    }
  });
});
