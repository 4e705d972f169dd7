import { afterEach, describe, expect, it, vi } from "vitest";
import { api, failureMessage, retryAfterSeconds } from "./api";

afterEach(() => vi.unstubAllGlobals());

describe("retryAfterSeconds", () => {
  it("reads seconds and HTTP dates", () => {
    expect(retryAfterSeconds("120")).toBe(120);
    expect(retryAfterSeconds(new Date(1_000_000 + 90_000).toUTCString(), 1_000_000)).toBe(90);
    expect(retryAfterSeconds(null)).toBeNull();
    expect(retryAfterSeconds("soon")).toBeNull();
  });
});

describe("failureMessage", () => {
  it("tells how long to wait when rate limited", () => {
    expect(failureMessage(429, "RATE_LIMITED", "Too many", 600)).toBe("Too many attempts. Try again in 10 minutes.");
    expect(failureMessage(429, undefined, undefined, null)).toMatch(/Wait a few minutes/);
  });
  it("prefers the server's words, else a plain fallback", () => {
    expect(failureMessage(401, "UNAUTHORIZED", "Email or password is wrong", null)).toBe("Email or password is wrong");
    expect(failureMessage(500, undefined, undefined, null)).toMatch(/went wrong/);
  });
});

describe("api", () => {
  it("sends JSON with the CSRF header and reads the answer", async () => {
    const fetchMock = vi.fn(async () => new Response(JSON.stringify({ user: { id: "u1" } }), { status: 201 }));
    vi.stubGlobal("fetch", fetchMock);
    const result = await api<{ user: { id: string } }>("/api/admin/users", { method: "POST", body: { a: 1 }, csrfToken: "tok" });
    expect(result).toEqual({ ok: true, status: 201, data: { user: { id: "u1" } } });
    const [, init] = fetchMock.mock.calls[0] as unknown as [string, RequestInit];
    expect(init.method).toBe("POST");
    expect((init.headers as Record<string, string>)["x-csrf-token"]).toBe("tok");
    expect(init.body).toBe('{"a":1}');
  });

  it("turns an error body and Retry-After into a failure", async () => {
    vi.stubGlobal(
      "fetch",
      vi.fn(async () => new Response(JSON.stringify({ error: { code: "RATE_LIMITED", message: "x" } }), { status: 429, headers: { "Retry-After": "30" } })),
    );
    const result = await api("/api/auth/signin", { method: "POST", body: {} });
    expect(result).toMatchObject({ ok: false, status: 429, code: "RATE_LIMITED", message: "Too many attempts. Try again in 30 seconds.", retryAfterSeconds: 30 });
  });

  it("accepts an empty 204 and reports a network failure", async () => {
    vi.stubGlobal("fetch", vi.fn(async () => new Response(null, { status: 204 })));
    expect(await api("/api/auth/signout", { method: "POST", csrfToken: "t" })).toEqual({ ok: true, status: 204, data: undefined });
    vi.stubGlobal("fetch", vi.fn(async () => Promise.reject(new TypeError("Failed to fetch"))));
    expect(await api("/api/auth/me")).toMatchObject({ ok: false, code: "NETWORK" });
  });
});
