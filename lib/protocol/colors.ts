/**
 * A stable colour per person (by account id), so the same editor looks the same in every
 * browser: the desk's avatars and the cursors in the text, which the server stamps with it.
 */
const PALETTE = ["#dc2626", "#ea580c", "#ca8a04", "#16a34a", "#0d9488", "#2563eb", "#7c3aed", "#db2777"];

export function colorFor(key: string): string {
  let h = 0;
  for (const ch of key) h = (h * 31 + ch.charCodeAt(0)) >>> 0;
  return PALETTE[h % PALETTE.length];
}
