/**
 * Comment anchors under random concurrent editing: three editors with their own copies of a
 * card's text insert and delete around (and inside) a commented phrase, syncing at random
 * moments. Whenever the phrase's first and last characters still exist, the thread's anchor —
 * stored as two encoded relative positions, as threads keep it — resolves on every copy, and
 * on a fresh reload of the document, to a range that starts with the phrase's first character
 * and ends with its last: no edit, concurrent or not, loses it.
 */
import fc from "fast-check";
import { toBase64 } from "lib0/buffer";
import { describe, expect, it } from "vitest";
import * as Y from "yjs";
import { resolveAnchor } from "./anchors";

const PHRASE = "{met Trump}";

type Op = { who: number; kind: "insert" | "delete" | "sync"; at: number; len: number };

const op = fc.record({
  who: fc.integer({ min: 0, max: 2 }),
  kind: fc.constantFrom<Op["kind"]>("insert", "insert", "delete", "sync"),
  at: fc.nat(200),
  len: fc.integer({ min: 1, max: 4 }),
});

function sync(a: Y.Doc, b: Y.Doc) {
  Y.applyUpdate(b, Y.encodeStateAsUpdate(a, Y.encodeStateVector(b)));
  Y.applyUpdate(a, Y.encodeStateAsUpdate(b, Y.encodeStateVector(a)));
}

/** The text between the two resolved anchors, or null when either does not resolve. */
function anchored(doc: Y.Doc, from: string, to: string): string | null {
  const start = resolveAnchor(doc, from);
  const end = resolveAnchor(doc, to);
  if (!start || !end) return null;
  return doc.getText("t").toString().slice(start.index, end.index);
}

describe("comment anchors (property)", () => {
  it("follow their words through random concurrent edits of three editors, and through a reload", () => {
    fc.assert(
      fc.property(fc.array(op, { minLength: 5, maxLength: 60 }), (ops) => {
        const origin = new Y.Doc();
        origin.getText("t").insert(0, `Petro ${PHRASE} at the White House.`);
        const editors = [0, 1, 2].map(() => {
          const d = new Y.Doc();
          Y.applyUpdate(d, Y.encodeStateAsUpdate(origin));
          return d;
        });
        // The thread: start before the phrase's first character, end after its last (assoc -1).
        const text0 = editors[0].getText("t");
        const at = text0.toString().indexOf(PHRASE);
        const from = toBase64(Y.encodeRelativePosition(Y.createRelativePositionFromTypeIndex(text0, at, 0)));
        const to = toBase64(Y.encodeRelativePosition(Y.createRelativePositionFromTypeIndex(text0, at + PHRASE.length, -1)));

        for (const o of ops) {
          const doc = editors[o.who];
          const text = doc.getText("t");
          if (o.kind === "sync") sync(doc, editors[(o.who + 1) % 3]);
          else if (o.kind === "insert") text.insert(o.at % (text.length + 1), "x".repeat(o.len));
          else if (text.length > 0) {
            const i = o.at % text.length;
            // Keep the phrase's braces: the property is about text that still exists.
            const s = text.toString();
            const cut = s.slice(i, i + o.len);
            if (!cut.includes("{") && !cut.includes("}")) text.delete(i, Math.min(o.len, text.length - i));
          }
          for (const d of editors) {
            const range = anchored(d, from, to);
            const s = d.getText("t").toString();
            if (!s.includes("{") || !s.includes("}")) continue;
            expect(range).not.toBeNull();
            expect(range!.startsWith("{") && range!.endsWith("}")).toBe(true);
          }
        }
        sync(editors[0], editors[1]);
        sync(editors[1], editors[2]);
        sync(editors[0], editors[1]);
        const reloaded = new Y.Doc();
        Y.applyUpdate(reloaded, Y.encodeStateAsUpdate(editors[2]));
        const range = anchored(reloaded, from, to);
        expect(range).toBe(anchored(editors[0], from, to));
        expect(range!.startsWith("{") && range!.endsWith("}")).toBe(true);
      }),
      { numRuns: 150, seed: 16 },
    );
  });
});
