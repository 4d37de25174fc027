import { deflateSync, strToU8 } from 'fflate';
import { trustedHtml, type SafeHtml } from '../_html.js';
import { PACKED_ENCODING, PACKED_TYPE, unpackScriptText } from '../client/packedScript.js';

/**
 * `value` as a packed script element (client/packedScript.ts): JSON, deflated at level 9, base64. Base64 holds no
 * '<', so no text of the data can end the element. `id` is one of ours (fixed words), never data.
 */
export function packedScript(id: string, value: unknown): SafeHtml {
  const packed = Buffer.from(deflateSync(strToU8(JSON.stringify(value)), { level: 9 })).toString('base64');
  return trustedHtml(`<script type="${PACKED_TYPE}" id="${id}" data-encoding="${PACKED_ENCODING}">${packed}</script>`);
}

/** The value of the packed script `id` in a rendered page (for tests and tools), or null when the page has none. */
export function readPackedScript(markup: string, id: string): unknown {
  const match = new RegExp(`<script type="${PACKED_TYPE}" id="${id}" data-encoding="${PACKED_ENCODING}">([^<]*)</script>`).exec(markup);
  return match === null ? null : unpackScriptText(match[1]);
}
