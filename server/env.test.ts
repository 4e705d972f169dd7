import { describe, expect, it } from "vitest";
import { DEFAULT_DATABASE_URL, loadEnv } from "./env";

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
