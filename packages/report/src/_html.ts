/**
 * Building HTML by string without ever forgetting to escape: `html` escapes every interpolated value
 * unless it is already `SafeHtml` (made by `html` itself or by `trustedHtml` for Plot's serialized SVG).
 * Everything that comes from run data (names, labels, error messages) goes through here.
 *
 * Escaping also covers what a reader cannot see: bidirectional controls (which reorder the text around
 * them, so a description can read differently from what it holds) and zero-width characters are shown
 * as their code, `‹U+202E›`; in text, marked, with a title naming the character, and the value isolated
 * in a `<bdi>` so nothing in it reorders the page around it.
 */

/** A string that is already valid, escaped HTML. */
export class SafeHtml {
  constructor(readonly value: string) {}
  toString(): string {
    return this.value;
  }
}

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Characters that are invisible or reorder the text around them, with their Unicode names. */
const HIDDEN_NAMES: Record<string, string> = {
  '\u061C': 'ARABIC LETTER MARK',
  '\u200B': 'ZERO WIDTH SPACE',
  '\u200C': 'ZERO WIDTH NON-JOINER',
  '\u200D': 'ZERO WIDTH JOINER',
  '\u200E': 'LEFT-TO-RIGHT MARK',
  '\u200F': 'RIGHT-TO-LEFT MARK',
  '\u202A': 'LEFT-TO-RIGHT EMBEDDING',
  '\u202B': 'RIGHT-TO-LEFT EMBEDDING',
  '\u202C': 'POP DIRECTIONAL FORMATTING',
  '\u202D': 'LEFT-TO-RIGHT OVERRIDE',
  '\u202E': 'RIGHT-TO-LEFT OVERRIDE',
  '\u2060': 'WORD JOINER',
  '\u2066': 'LEFT-TO-RIGHT ISOLATE',
  '\u2067': 'RIGHT-TO-LEFT ISOLATE',
  '\u2068': 'FIRST STRONG ISOLATE',
  '\u2069': 'POP DIRECTIONAL ISOLATE',
  '\uFEFF': 'ZERO WIDTH NO-BREAK SPACE',
};
const HIDDEN_CLASS = `[${Object.keys(HIDDEN_NAMES).join('')}]`;
const HIDDEN = new RegExp(HIDDEN_CLASS, 'g');
const HAS_HIDDEN = new RegExp(HIDDEN_CLASS);
const SPECIAL = new RegExp(`[&<>"']|${HIDDEN_CLASS}`, 'g');
/** Letters written right to left (Hebrew, Arabic, Syriac, Thaana, N'Ko, …): text holding them is isolated. */
const RIGHT_TO_LEFT = /[\u0590-\u08FF\uFB1D-\uFDFF\uFE70-\uFEFC\u{10800}-\u{10FFF}\u{1E800}-\u{1EFFF}]/u;

/** `U+202E`. */
function codePoint(character: string): string {
  return `U+${character.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`;
}

/** `‹U+202E›`: a hidden character as visible text. */
function codeOf(character: string): string {
  return `‹${codePoint(character)}›`;
}

/** Escape text for use in HTML text or a quoted attribute value; hidden characters become `‹U+202E›`. */
export function escapeHtml(text: string): string {
  return text.replace(SPECIAL, (character) => ESCAPES[character] ?? codeOf(character));
}

/** Escape text for an element's content: hidden characters marked and named, the whole isolated when it could reorder. */
function escapeText(text: string): string {
  const escaped = text.replace(SPECIAL, (character) => ESCAPES[character] ?? hiddenMark(character));
  return HAS_HIDDEN.test(text) || RIGHT_TO_LEFT.test(text) ? `<bdi>${escaped}</bdi>` : escaped;
}

function hiddenMark(character: string): string {
  return `<mark class="hidden-char" title="${codePoint(character)} ${HIDDEN_NAMES[character]}: a hidden character, shown as its code">${codeOf(character)}</mark>`;
}

/** Replace every hidden character left in finished HTML (e.g. in Plot's SVG text) by its visible code. */
export function showHiddenCharacters(markup: string): string {
  return markup.replace(HIDDEN, codeOf);
}

/** Mark a string produced by trusted code (Plot's serializer, our own builders) as HTML. */
export function trustedHtml(value: string): SafeHtml {
  return new SafeHtml(value);
}

type Interpolation = SafeHtml | string | number | boolean | null | undefined | readonly Interpolation[];

function render(value: Interpolation, inText: boolean): string {
  if (value === null || value === undefined || value === false) return '';
  if (value instanceof SafeHtml) return value.value;
  if (Array.isArray(value)) return value.map((item) => render(item, inText)).join('');
  return inText ? escapeText(String(value)) : escapeHtml(String(value));
}

/** Elements whose content is text only: markup there would show as written. */
const TEXT_ONLY = ['title', 'textarea', 'option', 'script', 'style'];

/**
 * For each interpolation of a template, whether it stands in an element's content (true) or inside a tag,
 * a text-only element or an <svg> (false; HTML elements there would hide the text): the static parts alone
 * decide it, and they are the same on every call.
 */
function textPositions(strings: readonly string[]): boolean[] {
  let inTag = false;
  let quote = '';
  let tag = '';
  let readingTag = false;
  let textOnly = '';
  let seen = '';
  let svgDepth = 0;
  const positions: boolean[] = [];
  for (let i = 0; i < strings.length - 1; i++) {
    for (const character of strings[i]) {
      if (textOnly) {
        seen += character.toLowerCase();
        if (seen.endsWith(`</${textOnly}`)) [textOnly, inTag, tag, readingTag] = ['', true, '/', false];
      } else if (!inTag) {
        if (character === '<') [inTag, tag, readingTag] = [true, '', true];
      } else if (quote) {
        if (character === quote) quote = '';
      } else if (character === '"' || character === "'") {
        quote = character;
      } else if (character === '>') {
        inTag = false;
        const name = tag.toLowerCase();
        if (TEXT_ONLY.includes(name)) [textOnly, seen] = [name, ''];
        if (name === 'svg') svgDepth++;
        if (name === '/svg') svgDepth = Math.max(0, svgDepth - 1);
      } else if (readingTag) {
        if (/[A-Za-z0-9/]/.test(character)) tag += character;
        else readingTag = false;
      }
    }
    positions.push(!inTag && !textOnly && svgDepth === 0);
  }
  return positions;
}

const positionsOf = new WeakMap<TemplateStringsArray, boolean[]>();

/** Tagged template: html`<td>${name}</td>` escapes `name`; arrays are joined; null/undefined/false render nothing. */
export function html(strings: TemplateStringsArray, ...values: Interpolation[]): SafeHtml {
  let positions = positionsOf.get(strings);
  if (positions === undefined) positionsOf.set(strings, (positions = textPositions(strings)));
  let out = strings[0];
  for (let i = 0; i < values.length; i++) out += render(values[i], positions[i]) + strings[i + 1];
  return new SafeHtml(out);
}
