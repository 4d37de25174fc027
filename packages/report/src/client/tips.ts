import { unpackScriptText } from './packedScript.js';
import { TIP_ATTRIBUTE, TIPS_ID } from './tipsData.js';

const SVG = 'http://www.w3.org/2000/svg';

/**
 * Give back a mark its tooltip when the pointer enters it: a large report writes each text once
 * (explore/sharedTips.ts) and marks only point at it. The `<title>` goes where the server would have written it,
 * first in the mark, so the browser shows it as it shows every other chart's tooltip.
 */
export function mountSharedTips(root: Document): void {
  const island = root.getElementById(TIPS_ID);
  if (island === null) return;
  const texts = unpackScriptText(island.textContent ?? '') as string[];
  root.addEventListener('pointerover', (event) => {
    const target = event.target;
    if (!(target instanceof Element)) return;
    const mark = target.closest(`[${TIP_ATTRIBUTE}]`);
    if (mark === null || mark.firstElementChild?.localName === 'title') return;
    const text = texts[Number(mark.getAttribute(TIP_ATTRIBUTE))];
    if (text === undefined) return;
    const title = root.createElementNS(SVG, 'title');
    title.textContent = text;
    mark.prepend(title);
  });
}
