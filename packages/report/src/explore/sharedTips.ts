import { trustedHtml, type SafeHtml } from '../_html.js';
import { TIPS_ID, TIP_ATTRIBUTE } from '../client/tipsData.js';
import { packedScript } from './packScript.js';

/**
 * The marks' tooltips of a large report, written once each. A random search of 500 configurations draws them in
 * five charts, four of which name each configuration with the same text (about 140 bytes: 280 KB of repeats), so
 * beyond INLINE_TIPS titles each mark's `<title>` becomes `data-tip="<index>"` into one list of distinct texts
 * beside the data island (packed like it), and the page script puts the title back on the mark the pointer enters (client/tips.ts).
 * Smaller reports keep their titles inline, where they work without the script too.
 */
export const INLINE_TIPS = 300;

/** A mark's title as the server writes it (Plot's `title` channel): the mark's first child, or after a text mark's text. */
const MARK_TITLE = /(<(circle|rect|path|text|line|g)\b[^>]*?)>([^<]*)<title>([^<]*)<\/title>(<\/\2>)?/g;

export function shareTips(sections: readonly SafeHtml[]): { sections: SafeHtml[]; tips: SafeHtml | null } {
  const count = sections.reduce((sum, section) => sum + (section.value.match(MARK_TITLE)?.length ?? 0), 0);
  if (count <= INLINE_TIPS) return { sections: [...sections], tips: null };
  const texts: string[] = [];
  const indexOf = new Map<string, number>();
  const shared = sections.map((section) =>
    trustedHtml(
      section.value.replace(MARK_TITLE, (_, mark: string, _name: string, text: string, escaped: string, end: string | undefined) => {
        let index = indexOf.get(escaped);
        if (index === undefined) {
          index = texts.push(unescapeText(escaped)) - 1;
          indexOf.set(escaped, index);
        }
        // A mark left empty closes itself (`<circle … data-tip="3"/>`): ten bytes a dot.
        return text === '' && end !== undefined ? `${mark} ${TIP_ATTRIBUTE}="${index}"/>` : `${mark} ${TIP_ATTRIBUTE}="${index}">${text}${end ?? ''}`;
      }),
    ),
  );
  return { sections: shared, tips: packedScript(TIPS_ID, texts) };
}

/** Text as an HTML serializer escapes it (linkedom writes &amp; &lt; &gt; and, in text, nothing else), back to text. */
function unescapeText(escaped: string): string {
  return escaped.replace(/&(amp|lt|gt|quot|#39|#x27|nbsp);/g, (_, entity: string) => ENTITIES[entity]);
}
const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', '#39': "'", '#x27': "'", nbsp: '\u00a0' };
