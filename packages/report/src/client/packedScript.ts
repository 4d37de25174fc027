import { inflateSync, strFromU8 } from 'fflate';

/**
 * The page's data (the island, the shared tips) as the server writes it: JSON, deflated and in base64, in an inert
 * `<script type="application/octet-stream" data-encoding="deflate-raw;base64">`. Data for the script, not for the
 * reader: compressed it is half the bytes (a 1,000-run island: 307 KB of JSON, 188 KB packed, the shared tips 94 KB
 * to 17 KB). fflate on both sides: pure JavaScript, so the same bytes on every machine, and synchronous, so the page
 * script still starts in one go. Shared by the server and the page script: no DOM and no Node types here.
 */
export const PACKED_TYPE = 'application/octet-stream';
export const PACKED_ENCODING = 'deflate-raw;base64';

/** The value a packed script's text holds. */
export function unpackScriptText(text: string): unknown {
  const binary = atob(text.trim());
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return JSON.parse(strFromU8(inflateSync(bytes)));
}
