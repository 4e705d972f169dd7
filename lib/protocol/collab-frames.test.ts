import { describe, expect, it } from "vitest";
import { decodeClientFrame, decodeServerFrame, encodeClientFrame, encodeServerFrame, FRAME, type ClientFrame, type ServerFrame } from "./collab-frames";

const bytes = (...b: number[]) => Uint8Array.from(b);

describe("card-text frames", () => {
  it("every client frame reads back as it was written", () => {
    const frames: ClientFrame[] = [
      { kind: FRAME.OPEN, cardId: "card-1", message: bytes(0, 1, 0) },
      { kind: FRAME.UPDATE, cardId: "card-1", seq: 300, message: bytes(2, 2, 0, 0) },
      { kind: FRAME.AWARENESS, cardId: "ñandú-2", message: bytes(1, 2, 3) },
      { kind: FRAME.CLOSE, cardId: "card-1" },
    ];
    for (const f of frames) expect(decodeClientFrame(encodeClientFrame(f))).toEqual(f);
  });

  it("every server frame reads back as it was written; no cursors reads as null", () => {
    const frames: ServerFrame[] = [
      { kind: FRAME.OPENED, cardId: "c", syncStep2: bytes(1, 2, 0, 0), syncStep1: bytes(0, 1, 0), awareness: bytes(1, 7) },
      { kind: FRAME.OPENED, cardId: "c", syncStep2: bytes(1, 2, 0, 0), syncStep1: bytes(0, 1, 0), awareness: null },
      { kind: FRAME.SYNC, cardId: "c", message: bytes(2, 2, 0, 0) },
      { kind: FRAME.AWARENESS, cardId: "c", message: bytes(1) },
      { kind: FRAME.STORED, cardId: "c", seq: 1_000_000 },
      { kind: FRAME.ERROR, cardId: "c", seq: 0, error: { code: "NOT_FOUND", message: "Card was not found" } },
    ];
    for (const f of frames) expect(decodeServerFrame(encodeServerFrame(f))).toEqual(f);
  });

  it("garbage is refused, not half read: unknown kinds, truncation, trailing bytes", () => {
    const update = encodeClientFrame({ kind: FRAME.UPDATE, cardId: "card-1", seq: 1, message: bytes(2, 2, 0, 0) });
    const garbage = [bytes(), bytes(99, 0), bytes(FRAME.OPENED, 0), update.slice(0, -1), Uint8Array.from([...update, 0]), bytes(FRAME.UPDATE, 50, 1)];
    for (const g of garbage) expect(() => decodeClientFrame(g), String([...g])).toThrow();
  });
});
