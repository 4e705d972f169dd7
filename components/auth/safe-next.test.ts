import { describe, expect, it } from "vitest";
import { safeNext, signInPath, waitText } from "./safe-next";

describe("safeNext", () => {
  it("follows a path on this site, with its query and fragment", () => {
    expect(safeNext("/stories/petro-trump-white-house")).toBe("/stories/petro-trump-white-house");
    expect(safeNext("/admin/users?x=1#top")).toBe("/admin/users?x=1#top");
    expect(safeNext(["/a", "/b"])).toBe("/a");
  });

  it("never leaves the site", () => {
    for (const evil of [
      "https://evil.example/",
      "http:evil.example",
      "//evil.example",
      "///evil.example",
      "/\\evil.example",
      "\\\\evil.example",
      "/\t/evil.example",
      "/\n/evil.example",
      "javascript:alert(1)",
      "evil.example",
      " /stories",
      "",
    ]) {
      expect(safeNext(evil), evil).toBe("/");
    }
  });

  it("normalises dot segments without escaping the site", () => {
    expect(safeNext("/../../etc")).toBe("/etc");
    expect(safeNext("/stories/../admin/users")).toBe("/admin/users");
  });

  it("falls back when missing, too long, or the sign-in page itself", () => {
    expect(safeNext(undefined)).toBe("/");
    expect(safeNext(null, "/home")).toBe("/home");
    expect(safeNext(`/${"a".repeat(2_001)}`)).toBe("/");
    expect(safeNext("/signin?next=/signin")).toBe("/");
  });
});

describe("signInPath", () => {
  it("comes back to the page it was sent from", () => {
    expect(signInPath("/stories/a b")).toBe("/signin?next=%2Fstories%2Fa%2520b");
    expect(signInPath("/")).toBe("/signin");
    expect(signInPath("https://evil.example")).toBe("/signin");
  });
});

describe("waitText", () => {
  it("says seconds under a minute and whole minutes, rounded up, above", () => {
    expect(waitText(1)).toBe("1 second");
    expect(waitText(0)).toBe("1 second");
    expect(waitText(42)).toBe("42 seconds");
    expect(waitText(60)).toBe("1 minute");
    expect(waitText(61)).toBe("2 minutes");
    expect(waitText(900)).toBe("15 minutes");
  });
});
