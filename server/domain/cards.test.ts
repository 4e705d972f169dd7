import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { CardStatus } from "../../lib/protocol/schemas";
import type { CardRecord } from "../store/types";
import { planFieldUpdate, planStatusChange, reorder, type Actor } from "./cards";
import { CAS_ATTEMPTS, retryCompareAndSet } from "./compare-and-set";
import { DomainError } from "./errors";

const at = new Date("2026-02-03T17:00:00.000Z");

/** A stored card; every version starts at 1 unless the test says otherwise. */
function cardRecord(overrides: Partial<CardRecord> = {}): CardRecord {
  return {
    id: "card-1",
    storyId: "story-1",
    title: "What is on the table",
    summary: "Petro and Trump meet on Tuesday.",
    body: "",
    bodyHtml: "",
    status: "draft",
    position: 0,
    version: 1,
    titleVersion: 1,
    summaryVersion: 1,
    statusVersion: 1,
    updatedBy: "Ana",
    createdAt: at,
    updatedAt: at,
    deletedAt: null,
    publishedRevision: null,
    publishedKey: null,
    ...overrides,
  };
}

/** Ana changed the title at version 2 and the summary at version 3; the card is now at 3. */
const editedTwice = () =>
  cardRecord({ title: "Ana's title", summary: "Ana's summary", version: 3, titleVersion: 2, summaryVersion: 3 });

const bea: Actor = { name: "Bea", storyId: "story-1", role: "editor" };

/** Runs `fn`, expecting a DomainError, and returns it. */
function domainError(fn: () => unknown): DomainError {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(DomainError);
    return err as DomainError;
  }
  throw new Error("expected a DomainError, but nothing was thrown");
}

describe("planFieldUpdate", () => {
  it("writes a changed title, bumping the card version and the title's version", () => {
    const patch = planFieldUpdate(cardRecord(), 1, { title: "New title" }, bea);
    expect(patch).toEqual({ title: "New title", version: 2, titleVersion: 2, updatedBy: "Bea" });
  });

  it("writes title and summary together at the same new version", () => {
    const patch = planFieldUpdate(editedTwice(), 3, { title: "T", summary: "S" }, bea);
    expect(patch).toEqual({ title: "T", summary: "S", version: 4, titleVersion: 4, summaryVersion: 4, updatedBy: "Bea" });
  });

  it("refuses with CONFLICT when the field was changed after the base version, showing the current card", () => {
    const err = domainError(() => planFieldUpdate(editedTwice(), 1, { title: "Bea's title" }, bea));
    expect(err.code).toBe("CONFLICT");
    expect(err.extra.field).toBe("title");
    expect(err.extra.current).toMatchObject({ id: "card-1", title: "Ana's title", version: 3 });
    expect(err.message).toContain("by Ana");
  });

  it("accepts a change to a field nobody touched since the base version", () => {
    // Base 2: the title (changed at 2) was seen, only the summary changed after (at 3).
    const patch = planFieldUpdate(editedTwice(), 2, { title: "Bea's title" }, bea);
    expect(patch).toEqual({ title: "Bea's title", version: 4, titleVersion: 4, updatedBy: "Bea" });
  });

  it("names only the contested field when another field in the same edit is free", () => {
    const card = cardRecord({ title: "Ana's title", version: 2, titleVersion: 2 });
    const err = domainError(() => planFieldUpdate(card, 1, { title: "Mine", summary: "Also mine" }, bea));
    expect(err.code).toBe("CONFLICT");
    expect(err.extra.field).toBe("title");
  });

  it("does not treat writing the very same value as a conflict", () => {
    expect(planFieldUpdate(editedTwice(), 1, { title: "Ana's title" }, bea)).toBeNull();
  });

  it("writes only the fields whose value differs, even when the other one is contested but equal", () => {
    const card = cardRecord({ title: "Ana's title", version: 2, titleVersion: 2 });
    const patch = planFieldUpdate(card, 1, { title: "Ana's title", summary: "Fresh summary" }, bea);
    expect(patch).toEqual({ summary: "Fresh summary", version: 3, summaryVersion: 3, updatedBy: "Bea" });
  });

  it("returns null (a no-op) when nothing differs", () => {
    const card = cardRecord();
    expect(planFieldUpdate(card, 1, { title: card.title, summary: card.summary }, bea)).toBeNull();
  });

  it("refuses a base version newer than the card with VALIDATION_FAILED", () => {
    const err = domainError(() => planFieldUpdate(cardRecord({ version: 4 }), 5, { title: "x" }, bea));
    expect(err.code).toBe("VALIDATION_FAILED");
    expect(err.extra.field).toBe("baseVersion");
  });

  it("property: a write only ever happens when no changed field moved past the base", () => {
    const arb = fc.record({
      version: fc.integer({ min: 1, max: 50 }),
      titleAt: fc.integer({ min: 1, max: 50 }),
      summaryAt: fc.integer({ min: 1, max: 50 }),
      base: fc.integer({ min: 1, max: 50 }),
      newTitle: fc.option(fc.constantFrom("Old title", "New title"), { nil: undefined }),
      newSummary: fc.option(fc.constantFrom("Old summary", "New summary"), { nil: undefined }),
    });
    fc.assert(
      fc.property(arb, ({ version, titleAt, summaryAt, base, newTitle, newSummary }) => {
        fc.pre(titleAt <= version && summaryAt <= version && base <= version);
        fc.pre(newTitle !== undefined || newSummary !== undefined);
        const card = cardRecord({
          title: "Old title",
          summary: "Old summary",
          version,
          titleVersion: titleAt,
          summaryVersion: summaryAt,
        });
        const titleChanges = newTitle !== undefined && newTitle !== card.title;
        const summaryChanges = newSummary !== undefined && newSummary !== card.summary;
        const contested = (titleChanges && titleAt > base) || (summaryChanges && summaryAt > base);
        let patch;
        try {
          patch = planFieldUpdate(card, base, { title: newTitle, summary: newSummary }, bea);
        } catch (err) {
          expect((err as DomainError).code).toBe("CONFLICT");
          expect(contested).toBe(true);
          return;
        }
        expect(contested).toBe(false);
        if (!titleChanges && !summaryChanges) {
          expect(patch).toBeNull();
          return;
        }
        expect(patch?.version).toBe(version + 1);
        expect("title" in patch!).toBe(titleChanges);
        expect("summary" in patch!).toBe(summaryChanges);
      }),
    );
  });
});

describe("planStatusChange", () => {
  const allowed: [CardStatus, CardStatus][] = [
    ["draft", "in_review"],
    ["in_review", "draft"],
    ["in_review", "published"],
    ["published", "draft"],
  ];
  const refused: [CardStatus, CardStatus][] = [
    ["draft", "published"],
    ["published", "in_review"],
  ];

  it.each(allowed)("allows %s → %s", (from, to) => {
    const patch = planStatusChange(cardRecord({ status: from, version: 2 }), 2, to, bea);
    expect(patch).toEqual({ status: to, version: 3, statusVersion: 3, updatedBy: "Bea" });
  });

  it.each(refused)("refuses %s → %s with INVALID_TRANSITION", (from, to) => {
    const err = domainError(() => planStatusChange(cardRecord({ status: from }), 1, to, bea));
    expect(err.code).toBe("INVALID_TRANSITION");
    expect(err.extra.current?.status).toBe(from);
  });

  it("returns null when the card already has that status", () => {
    expect(planStatusChange(cardRecord({ status: "in_review" }), 1, "in_review", bea)).toBeNull();
  });

  it("refuses with CONFLICT when the status changed after the base version", () => {
    const card = cardRecord({ status: "in_review", version: 2, statusVersion: 2, updatedBy: "Ana" });
    const err = domainError(() => planStatusChange(card, 1, "published", bea));
    expect(err.code).toBe("CONFLICT");
    expect(err.extra.current).toMatchObject({ status: "in_review", version: 2 });
  });

  it("is not blocked by a title edit made after the base version", () => {
    const card = cardRecord({ status: "draft", version: 2, titleVersion: 2 });
    expect(planStatusChange(card, 1, "in_review", bea)).toMatchObject({ status: "in_review", version: 3 });
  });

  it("refuses a base version newer than the card with VALIDATION_FAILED", () => {
    const err = domainError(() => planStatusChange(cardRecord(), 2, "in_review", bea));
    expect(err.code).toBe("VALIDATION_FAILED");
  });
});

describe("reorder", () => {
  it("moves a card forward, backward and to the end", () => {
    expect(reorder(["a", "b", "c", "d"], "a", 2)).toEqual(["b", "c", "a", "d"]);
    expect(reorder(["a", "b", "c", "d"], "d", 0)).toEqual(["d", "a", "b", "c"]);
    expect(reorder(["a", "b", "c", "d"], "b", 99)).toEqual(["a", "c", "d", "b"]);
    expect(reorder(["a", "b", "c"], "b", 1)).toEqual(["a", "b", "c"]);
  });

  it("does not modify its input", () => {
    const ids = ["a", "b", "c"];
    reorder(ids, "a", 2);
    expect(ids).toEqual(["a", "b", "c"]);
  });

  it("refuses an unknown card with NOT_FOUND", () => {
    expect(domainError(() => reorder(["a", "b"], "zzz", 0)).code).toBe("NOT_FOUND");
  });

  it("property: the result is a permutation with the card at min(toIndex, n - 1)", () => {
    const ids = fc.uniqueArray(fc.string({ minLength: 1, maxLength: 6 }), { minLength: 1, maxLength: 30 });
    const input = ids.chain((list) =>
      fc.record({
        list: fc.constant(list),
        cardId: fc.constantFrom(...list),
        toIndex: fc.integer({ min: 0, max: 40 }),
      }),
    );
    fc.assert(
      fc.property(input, ({ list, cardId, toIndex }) => {
        const result = reorder(list, cardId, toIndex);
        expect([...result].sort()).toEqual([...list].sort());
        expect(result.indexOf(cardId)).toBe(Math.min(toIndex, list.length - 1));
        // Every other card keeps its relative order.
        expect(result.filter((id) => id !== cardId)).toEqual(list.filter((id) => id !== cardId));
      }),
    );
  });
});

describe("retryCompareAndSet", () => {
  it("plans again after a lost race and returns the first write that lands", async () => {
    let attempts = 0;
    const result = await retryCompareAndSet(
      async () => (++attempts < 3 ? null : "written"),
      async () => cardRecord(),
    );
    expect(result).toBe("written");
    expect(attempts).toBe(3);
  });

  it("gives up with CONFLICT, carrying the card as it is now, after CAS_ATTEMPTS lost races", async () => {
    let attempts = 0;
    const lost = retryCompareAndSet(
      async () => {
        attempts++;
        return null;
      },
      async () => cardRecord({ title: "Someone else's title", version: 9 }),
    );
    await expect(lost).rejects.toMatchObject({ code: "CONFLICT", extra: { current: { title: "Someone else's title", version: 9 } } });
    expect(attempts).toBe(CAS_ATTEMPTS);
  });
});
