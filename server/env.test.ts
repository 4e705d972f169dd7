import { describe, expect, it } from "vitest";
import { DEFAULT_DATABASE_URL, loadEnv, loggerSettings, publisher } from "./env";

describe("loadEnv", () => {
  it("runs on SQLite on port 3000 with nothing set", () => {
    const env = loadEnv({});
    expect(env.DATABASE_URL).toBe(DEFAULT_DATABASE_URL);
    expect(env.PORT).toBe(3000);
    expect(env.SEED).toBe(true);
  });

  it("treats an empty variable as unset", () => {
    expect(loadEnv({ DATABASE_URL: "", PORT: "" }).DATABASE_URL).toBe(DEFAULT_DATABASE_URL);
  });

  it("accepts Postgres URLs and SEED=false", () => {
    const env = loadEnv({ DATABASE_URL: "postgresql://root@127.0.0.1:5432/newsdesk", SEED: "false", PORT: "8080" });
    expect(env.DATABASE_URL).toMatch(/^postgresql:/);
    expect(env.SEED).toBe(false);
    expect(env.PORT).toBe(8080);
  });

  it("names every bad variable in one message", () => {
    let message = "";
    try {
      loadEnv({ DATABASE_URL: "mysql://x", PORT: "eighty", LOG_LEVEL: "loud" });
    } catch (err) {
      message = (err as Error).message;
    }
    expect(message).toMatch(/^Invalid environment:/);
    expect(message).toContain("DATABASE_URL: must start with file: (SQLite) or postgresql:// (Postgres)");
    expect(message).toContain("PORT: must be a port number (0–65535)");
    expect(message).toMatch(/LOG_LEVEL: .*"info"/);
  });
});

describe("TRUST_PROXY and ALLOWED_ORIGINS", () => {
  it("trusts no proxy and no other origin by default", () => {
    const env = loadEnv({});
    expect(env.TRUST_PROXY.trusts("127.0.0.1")).toBe(false);
    expect(env.ALLOWED_ORIGINS).toEqual([]);
  });

  it("accepts addresses, ranges and named ranges, and matches IPv4 on dual-stack sockets", () => {
    const { TRUST_PROXY: trust } = loadEnv({ TRUST_PROXY: "loopback, 10.1.0.0/16, 2001:db8::7" });
    expect(trust.trusts("::ffff:127.0.0.1")).toBe(true);
    expect(trust.trusts("10.1.200.3")).toBe(true);
    expect(trust.trusts("10.2.0.1")).toBe(false);
    expect(trust.trusts("2001:db8::7")).toBe(true);
    expect(trust.trusts("203.0.113.9")).toBe(false);
  });

  it("names a bad proxy entry or origin", () => {
    expect(() => loadEnv({ TRUST_PROXY: "everyone" })).toThrow(/TRUST_PROXY: "everyone" is not an address/);
    expect(() => loadEnv({ TRUST_PROXY: "10.0.0.0/33" })).toThrow(/TRUST_PROXY/);
    expect(() => loadEnv({ ALLOWED_ORIGINS: "https://ok.example, https://bad.example/path" })).toThrow(
      /ALLOWED_ORIGINS: "https:\/\/bad.example\/path" is not an origin/,
    );
    expect(loadEnv({ ALLOWED_ORIGINS: "https://a.example, http://b.example:8080" }).ALLOWED_ORIGINS).toEqual([
      "https://a.example",
      "http://b.example:8080",
    ]);
  });
});

describe("accessors read before or apart from loadEnv", () => {
  it("names the publisher Newsdesk unless PUBLISHER_NAME says otherwise; a logo only when it is a URL", () => {
    expect(publisher({})).toEqual({ name: "Newsdesk", logoUrl: undefined });
    expect(publisher({ PUBLISHER_NAME: "", PUBLISHER_LOGO_URL: "not a url" })).toEqual({ name: "Newsdesk", logoUrl: undefined });
    expect(publisher({ PUBLISHER_NAME: "El Diario", PUBLISHER_LOGO_URL: "https://cdn.example/logo.png" })).toEqual({
      name: "El Diario",
      logoUrl: "https://cdn.example/logo.png",
    });
  });

  it("keeps tests silent unless LOG_LEVEL is set, and names the process", () => {
    expect(loggerSettings({ NODE_ENV: "test" }).level).toBe("silent");
    expect(loggerSettings({ NODE_ENV: "test", LOG_LEVEL: "debug" }).level).toBe("debug");
    expect(loggerSettings({}).level).toBe("info");
    expect(loggerSettings({ INSTANCE_ID: "web-1" }).instanceId).toBe("web-1");
    expect(loggerSettings({}).instanceId).toMatch(/:\d+$/);
  });
});
