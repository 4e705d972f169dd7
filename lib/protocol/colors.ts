/**
 * A stable colour per person (by account id), so the same editor looks the same in every
 * browser: the desk's avatars and the cursors in the text, which the server stamps with it.
 */
// The 700 shades: white initials on them keep a contrast of at least 4.5:1 (WCAG AA).
const PALETTE = ["#b91c1c", "#c2410c", "#a16207", "#15803d", "#0f766e", "#1d4ed8", "#6d28d9", "#be185d"];

export function colorFor(key: string): string {
  let h = 0;
  for (const ch of key) h = (h * 31 + ch.charCodeAt(0)) >>> 0;
  return PALETTE[h % PALETTE.length];
}
