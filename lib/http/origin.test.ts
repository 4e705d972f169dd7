import { describe, expect, it } from "vitest";
import { originOf } from "./origin";

describe("originOf", () => {
  it("reads Fetch headers and Node's header records alike", () => {
    expect(originOf(new Headers({ host: "desk.example.org:3000" }))).toBe("http://desk.example.org:3000");
    expect(originOf({ host: "desk.example.org:3000" })).toBe("http://desk.example.org:3000");
  });

  it("takes the first value of what a trusted proxy forwarded (the server stamped only those)", () => {
    const forwarded = { host: "10.0.0.5:3000", "x-forwarded-proto": "https, http", "x-forwarded-host": "news.example.org, 10.0.0.5" };
    expect(originOf(new Headers(forwarded))).toBe("https://news.example.org");
    expect(originOf(forwarded)).toBe("https://news.example.org");
  });

  it("never writes a scheme other than http or https, and falls back to localhost", () => {
    expect(originOf({ "x-forwarded-proto": "javascript" })).toBe("http://localhost");
  });
});
