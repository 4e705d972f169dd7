/**
 * Issue 14 against the production build (Next bundles the route handlers with their own copies
 * of the server modules, unlike the integration suites): a burst of concurrent wrong passwords is
 * answered 401 or 429 with Retry-After — never 500 — and the right password right after gets no
 * session; the desk socket refuses a handshake from another origin even with a valid cookie,
 * while the public /live namespace accepts it.
 */
import { expect, request, test } from "@playwright/test";
import { io, type Socket } from "socket.io-client";
import { PROTOCOL_VERSION } from "../lib/protocol/events";
import { LIVE_NAMESPACE } from "../lib/protocol/feed";
import { PASSWORD, accountFor, ensureAccount, sessionCookie } from "./fixtures/accounts";

function open(url: string, headers: Record<string, string>): Promise<Socket> {
  const socket = io(url, { auth: { protocol: PROTOCOL_VERSION }, extraHeaders: headers, transports: ["websocket"], reconnection: false, forceNew: true });
  return new Promise((resolve, reject) => {
    socket.once("connect", () => resolve(socket));
    socket.once("connect_error", (err) => {
      socket.disconnect();
      reject(err);
    });
  });
}

test("a burst of concurrent wrong passwords: every answer 401 or 429 with Retry-After, none 500, and no session after", async ({ baseURL }) => {
  const account = await ensureAccount(baseURL!, accountFor("Burst Target", "editor"));
  // The e2e server trusts loopback as its proxy (playwright.config.ts): this test's attempts are
  // counted for an address of their own, not for every other spec's sign-ins.
  const api = await request.newContext({ baseURL, extraHTTPHeaders: { "x-forwarded-for": "198.51.100.14" } });
  const attempt = (password: string) => api.post("/api/auth/signin", { data: { email: account.email, password } });
  try {
    for (let i = 0; i < 4; i++) expect((await attempt(`wrong ${i}`)).status()).toBe(401);
    const burst = Array.from({ length: 12 }, (_, i) => attempt(`burst ${i}`));
    await new Promise((resolve) => setTimeout(resolve, 25));
    const right = attempt(PASSWORD);
    const answers = await Promise.all(burst);
    const statuses = answers.map((a) => a.status());
    expect(statuses.filter((s) => s !== 401 && s !== 429), statuses.join(",")).toEqual([]);
    for (const refused of answers.filter((a) => a.status() === 429)) expect(Number(refused.headers()["retry-after"])).toBeGreaterThan(0);
    const late = await right;
    expect(late.status()).toBe(429);
    expect(late.headers()["set-cookie"]).toBeUndefined();
  } finally {
    await api.dispose();
  }
});

test("the desk socket refuses a page of another origin carrying the editor's cookie; /live accepts any origin", async ({ baseURL }) => {
  const cookie = await sessionCookie(baseURL!, "Origin Probe");
  const sibling = baseURL!.replace(/:\d+$/, ":3299");
  await expect(open(baseURL!, { cookie, origin: sibling })).rejects.toThrow(/FORBIDDEN/);
  await expect(open(baseURL!, { cookie, origin: "http://evil.example" })).rejects.toThrow(/FORBIDDEN/);
  const own = await open(baseURL!, { cookie, origin: baseURL! });
  own.disconnect();
  const reader = await open(baseURL! + LIVE_NAMESPACE, { origin: "http://partner.example" });
  reader.disconnect();
});
