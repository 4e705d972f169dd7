import { Writable } from "node:stream";
import { describe, expect, it } from "vitest";
import { createLogger } from "./logger";

describe("logger", () => {
  it("never writes passwords, session tokens, CSRF tokens or cookies, even inside a logged object", () => {
    let written = "";
    const sink = new Writable({
      write(chunk, _encoding, done) {
        written += String(chunk);
        done();
      },
    });
    const log = createLogger(sink as never, "info");
    log.warn({ password: "hunter2-secret", user: { passwordHash: "$argon2id$secret" } }, "first admin");
    log.info({ session: { token: "tok-secret", csrfToken: "csrf-secret" }, req: { headers: { cookie: "newsdesk_session=cookie-secret" } } }, "request");
    expect(written).toContain("first admin");
    expect(written).toContain("[redacted]");
    expect(written).not.toMatch(/hunter2|secret/);
  });
});
