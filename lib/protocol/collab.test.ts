import { describe, expect, it } from "vitest";
import { fromWire, toWire, wireBytes, ZCollabSync } from "./collab";

describe("collab messages on the wire", () => {
  it("go as base64 text and come back as the same bytes", () => {
    const bytes = Uint8Array.from([0, 2, 255, 17, 128, 3, 4]);
    const text = toWire(bytes);
    expect(typeof text).toBe("string");
    expect(fromWire(text)).toEqual(bytes);
    expect(wireBytes(text)).toBeGreaterThanOrEqual(bytes.byteLength);
  });

  it("accept binary from clients as before, and refuse text that is not base64", () => {
    const bytes = Uint8Array.from([1, 2, 3]);
    expect(ZCollabSync.parse({ cardId: "card-1", message: bytes }).message).toEqual(bytes);
    expect(ZCollabSync.parse({ cardId: "card-1", message: toWire(bytes) }).message).toEqual(bytes);
    for (const bad of ["not base64!", "AQI", "A===", ""]) expect(ZCollabSync.safeParse({ cardId: "card-1", message: bad }).success).toBe(false);
  });

  it("refuse an over-long text before decoding it", () => {
    const big = "A".repeat(Math.ceil((256 * 1024 * 4) / 3) + 8);
    const result = ZCollabSync.safeParse({ cardId: "card-1", message: big });
    expect(result.success).toBe(false);
    expect(result.error?.issues[0].message).toMatch(/larger than 256 KB/);
  });
});
