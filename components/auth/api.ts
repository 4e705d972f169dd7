/**
 * The browser's calls to the account routes (sign-in, sign-out, user admin): JSON in and out,
 * the CSRF header on state-changing requests, and every failure turned into words a person can
 * act on. Errors from the server are `{ error: { code, message } }`.
 */
import { CSRF_HEADER } from "@/lib/protocol";
import { waitText } from "./safe-next";

export type ApiResult<T> =
  | { ok: true; status: number; data: T }
  | { ok: false; status: number; code: string; message: string; retryAfterSeconds: number | null; field?: string };

interface Options {
  method?: "GET" | "POST" | "PATCH";
  body?: unknown;
  /** Sent in the CSRF header: required by the server on every state-changing request. */
  csrfToken?: string;
}

const FALLBACK: Record<number, string> = {
  400: "The request was not valid.",
  401: "You are signed out. Sign in again.",
  403: "You may not do that.",
  404: "Not found.",
  409: "That already exists.",
  413: "That is too large.",
};

/** Seconds from a Retry-After header (seconds or an HTTP date); null if absent or unreadable. */
export function retryAfterSeconds(header: string | null, now = Date.now()): number | null {
  if (!header) return null;
  const trimmed = header.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed);
  const at = Date.parse(trimmed);
  return Number.isNaN(at) ? null : Math.max(0, Math.ceil((at - now) / 1000));
}

/** The message to show for a failed response, rate limits with how long to wait. */
export function failureMessage(status: number, code: string | undefined, message: string | undefined, retryAfter: number | null): string {
  if (status === 429 || code === "RATE_LIMITED") {
    return retryAfter !== null ? `Too many attempts. Try again in ${waitText(retryAfter)}.` : "Too many attempts. Wait a few minutes and try again.";
  }
  if (message) return message;
  return FALLBACK[status] ?? "Something went wrong on the server. Try again.";
}

export async function api<T>(path: string, { method = "GET", body, csrfToken }: Options = {}): Promise<ApiResult<T>> {
  const headers: Record<string, string> = { Accept: "application/json" };
  if (body !== undefined) headers["Content-Type"] = "application/json";
  if (csrfToken) headers[CSRF_HEADER] = csrfToken;
  let response: Response;
  try {
    response = await fetch(path, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
      credentials: "same-origin",
      cache: "no-store",
    });
  } catch {
    return { ok: false, status: 0, code: "NETWORK", message: "Could not reach the server. Check the connection and try again.", retryAfterSeconds: null };
  }
  let json: unknown = undefined;
  if (response.status !== 204) {
    try {
      json = await response.json();
    } catch {
      json = undefined;
    }
  }
  if (response.ok) return { ok: true, status: response.status, data: json as T };
  const error = (json as { error?: { code?: unknown; message?: unknown; field?: unknown } } | undefined)?.error;
  const code = typeof error?.code === "string" ? error.code : `HTTP_${response.status}`;
  const retryAfter = retryAfterSeconds(response.headers.get("Retry-After"));
  const message = failureMessage(response.status, code, typeof error?.message === "string" ? error.message : undefined, retryAfter);
  const field = typeof error?.field === "string" ? error.field : undefined;
  return { ok: false, status: response.status, code, message, retryAfterSeconds: retryAfter, ...(field ? { field } : {}) };
}
