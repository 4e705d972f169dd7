/**
 * Where to go after signing in. `next` comes from the address bar, so anyone can craft it: only
 * a path on this site is followed, never another site (an open redirect would let a phishing
 * link borrow our sign-in page). Pure, so the server page and the browser form agree.
 */

/** A base that no real address has: a path resolved against it must keep this origin. */
const BASE = "http://newsdesk.invalid";

/** The path to go to after signing in: `next` if it is a path on this site, else `fallback`. */
export function safeNext(next: string | string[] | null | undefined, fallback = "/"): string {
  const value = Array.isArray(next) ? next[0] : next;
  if (typeof value !== "string" || value.length === 0 || value.length > 2_000) return fallback;
  // "//evil.example" and "/\evil.example" are other sites to a browser; so is "https://…".
  if (!value.startsWith("/") || value.startsWith("//")) return fallback;
  // Backslashes count as slashes in URLs; control characters (tab, newline) are dropped by URL
  // parsers, which can turn "/\t/evil.example" into "//evil.example".
  if (/[\\\u0000-\u001f\u007f]/.test(value)) return fallback;
  let url: URL;
  try {
    url = new URL(value, BASE);
  } catch {
    return fallback;
  }
  if (url.origin !== BASE) return fallback;
  // Back to the sign-in page would be a loop.
  if (url.pathname === "/signin" || url.pathname.startsWith("/signin/")) return fallback;
  return `${url.pathname}${url.search}${url.hash}`;
}

/** The sign-in page, coming back to `path` afterwards. */
export function signInPath(path: string): string {
  const next = safeNext(path, "");
  return next && next !== "/" ? `/signin?next=${encodeURIComponent(next)}` : "/signin";
}

/** "3 minutes", "40 seconds": how long to wait, for a Retry-After value in seconds. */
export function waitText(seconds: number): string {
  const s = Math.max(1, Math.ceil(seconds));
  if (s < 60) return s === 1 ? "1 second" : `${s} seconds`;
  const m = Math.ceil(s / 60);
  return m === 1 ? "1 minute" : `${m} minutes`;
}
