/**
 * Publishing over the real server, on SQLite and Postgres: the workflow enforced by the server,
 * immutable revisions (publication, update, correction), history, revert through the live text,
 * and what readers and embeds hear (only published revisions, never a working copy).
 */
import { describe, expect, it } from "vitest";
import type { PublicCard } from "../lib/protocol/embed";
import type { Card } from "../lib/protocol/schemas";
import { publishCard } from "../server/domain/publishing";
import { bodyXml, openText, typeBody } from "./helpers/collab";
import { createCardAs, useDesk } from "./helpers/desk-fixture";
import { PROVIDERS } from "./helpers/databases";
import { nextLive, readerEmit, recordLive, useReaders } from "./helpers/live";
import { ackError, emitAck, okData } from "./helpers/server";

describe.each(PROVIDERS)("publishing (%s)", (provider) => {
  const ctx = useDesk(provider);
  const readers = useReaders(() => ctx.desk);

  const toReview = async (card: Card) =>
    okData(await emitAck(ctx.alice, "card:setStatus", { cardId: card.id, baseVersion: card.version, status: "in_review" }));
  /** Waits until the derived body in the store (what publishing compares) shows `text`. */
  const storedBody = (cardId: string, text: string) =>
    expect.poll(async () => (await ctx.store.findCard(cardId))?.body ?? "", { timeout: 5_000 }).toContain(text);

  it("publishes from review only, stores immutable revisions, and labels corrections with their note", async () => {
    let card = await createCardAs(ctx.alice, ctx.storyId, "Oil: what Washington wants", "Colombian crude and US sanctions");
    await typeBody(ctx.alice, card.id, "First text about oil exports.");
    await storedBody(card.id, "First text");

    // A draft cannot be published; the refusal changes nothing.
    const refused = ackError(await emitAck(ctx.alice, "card:publish", { cardId: card.id, baseVersion: card.version }), "INVALID_TRANSITION");
    expect(refused.message).toMatch(/review/);
    expect(await ctx.db.cardRevision.count({ where: { cardId: card.id } })).toBe(0);

    card = await toReview(card);
    card = okData(await emitAck(ctx.alice, "card:publish", { cardId: card.id, baseVersion: card.version }));
    expect(card).toMatchObject({ status: "published", publishedRevision: 1, changedSincePublish: false });

    // Nothing changed: nothing to publish.
    ackError(await emitAck(ctx.alice, "card:publish", { cardId: card.id, baseVersion: card.version }), "VALIDATION_FAILED");

    // The working copy changes: the desk sees it differs from what readers see.
    card = okData(
      await emitAck(ctx.alice, "card:update", { cardId: card.id, baseVersion: card.version, changes: { summary: "Colombian crude, US sanctions and Venezuela" } }),
    );
    expect(card.changedSincePublish).toBe(true);
    await typeBody(ctx.alice, card.id, "Second text: exports fell.");
    await storedBody(card.id, "Second text");

    // A correction needs a note.
    ackError(await emitAck(ctx.alice, "card:publish", { cardId: card.id, baseVersion: card.version, kind: "correction" }), "VALIDATION_FAILED");
    card = okData(
      await emitAck(ctx.alice, "card:publish", {
        cardId: card.id,
        baseVersion: card.version,
        kind: "correction",
        note: "An earlier version misstated the export figures.",
      }),
    );
    expect(card).toMatchObject({ publishedRevision: 2, changedSincePublish: false });

    const { revisions: history, working } = okData(await emitAck(ctx.bea, "card:history", { cardId: card.id }));
    // The working copy comes with it, to compare against (the desk's card list keeps only a preview).
    expect(working).toEqual({ title: card.title, summary: card.summary, text: "Second text: exports fell." });
    expect(history.map((r) => [r.number, r.kind, r.publishedBy])).toEqual([
      [2, "correction", "Alice"],
      [1, "publication", "Alice"],
    ]);
    expect(history[0]).toMatchObject({ note: "An earlier version misstated the export figures.", summary: "Colombian crude, US sanctions and Venezuela" });
    expect(history[0].bodyText).toBe("Second text: exports fell.");
    expect(history[1].bodyHtml).toBe("<p>First text about oil exports.</p>");

    // Revision rows are never rewritten: revision 1 still holds the first text.
    const rows = await ctx.db.cardRevision.findMany({ where: { cardId: card.id }, orderBy: { number: "asc" } });
    expect(rows.map((r) => r.bodyText)).toEqual(["First text about oil exports.", "Second text: exports fell."]);
    expect(rows.every((r) => r.docState !== null)).toBe(true);
  });

  it("readers and embeds see only published revisions: working-copy edits stay on the desk until republished", async () => {
    let card = await createCardAs(ctx.alice, ctx.storyId, "DEA cooperation", "Agents on the ground");
    await typeBody(ctx.alice, card.id, "Published wording.");
    await storedBody(card.id, "Published wording");

    const { reader } = await readers.reader();
    const embed = await readers.connect();
    // Before publication an embed learns nothing, not even that the card exists.
    ackError(await readerEmit(embed, "live:watchCard", { cardId: card.id }), "NOT_FOUND");

    card = await toReview(card);
    const toReaders = nextLive(reader, "live:card", (c) => c.id === card.id);
    card = okData(await emitAck(ctx.alice, "card:publish", { cardId: card.id, baseVersion: card.version }));
    expect((await toReaders).bodyHtml).toBe("<p>Published wording.</p>");

    const watched = okData((await readerEmit(embed, "live:watchCard", { cardId: card.id })) as { ok: true; data: PublicCard });
    expect(watched).toMatchObject({ id: card.id, title: "DEA cooperation", revision: 1, corrections: [] });

    // Working copy: title and text change on the desk; readers and the embed hear nothing.
    const heard = recordLive(embed);
    const heardByReader = recordLive(reader);
    card = okData(await emitAck(ctx.alice, "card:update", { cardId: card.id, baseVersion: card.version, changes: { title: "DEA cooperation resumes" } }));
    await typeBody(ctx.alice, card.id, "Unpublished wording.");
    await storedBody(card.id, "Unpublished wording");
    const { snapshot } = await readers.reader();
    expect(snapshot.cards.find((c) => c.id === card.id)).toMatchObject({ title: "DEA cooperation", bodyHtml: "<p>Published wording.</p>" });
    expect(heard.events).toEqual([]);
    expect(heardByReader.events.filter((e) => e.event === "live:card")).toEqual([]);

    // Republished as an update: both hear the new revision.
    const embedHears = nextLive(embed, "live:card", (c) => c.revision === 2);
    const readerHears = nextLive(reader, "live:card", (c) => c.id === card.id && c.revision === 2);
    card = okData(await emitAck(ctx.alice, "card:publish", { cardId: card.id, baseVersion: card.version, kind: "update" }));
    for (const seen of await Promise.all([embedHears, readerHears])) {
      expect(seen).toMatchObject({ title: "DEA cooperation resumes", bodyHtml: "<p>Unpublished wording.</p>" });
    }

    // Unpublished: withdrawn everywhere; watching again is NOT_FOUND.
    const withdrawn = nextLive(embed, "live:cardWithdrawn", (p) => p.id === card.id);
    card = okData(await emitAck(ctx.alice, "card:setStatus", { cardId: card.id, baseVersion: card.version, status: "draft" }));
    await withdrawn;
    ackError(await readerEmit(embed, "live:watchCard", { cardId: card.id }), "NOT_FOUND");
    heard.stop();
    heardByReader.stop();
  });

  it("revert brings a revision's title, summary and text back into the working copy, live in open editors, keeping history", async () => {
    let card = await createCardAs(ctx.alice, ctx.storyId, "ELN and the border", "Version one summary");
    await typeBody(ctx.alice, card.id, "Border text, version one.");
    await storedBody(card.id, "version one");
    card = await toReview(card);
    card = okData(await emitAck(ctx.alice, "card:publish", { cardId: card.id, baseVersion: card.version }));
    card = okData(await emitAck(ctx.alice, "card:update", { cardId: card.id, baseVersion: card.version, changes: { title: "ELN, border, version two", summary: "Version two summary" } }));
    await typeBody(ctx.alice, card.id, "Border text, version two.");
    await storedBody(card.id, "version two");
    card = okData(await emitAck(ctx.alice, "card:publish", { cardId: card.id, baseVersion: card.version }));

    // Bea has the text open while Alice reverts.
    const bea = openText({ socket: ctx.bea }, card.id);
    await bea.provider.whenSaved();
    expect(bodyXml(bea.doc)).toContain("version two");

    card = okData(await emitAck(ctx.alice, "card:revert", { cardId: card.id, revision: 1, baseVersion: card.version }));
    expect(card).toMatchObject({ title: "ELN and the border", summary: "Version one summary", status: "published", publishedRevision: 2 });
    await expect.poll(() => bodyXml(bea.doc), { timeout: 5_000 }).toBe("<paragraph>Border text, version one.</paragraph>");
    await storedBody(card.id, "version one");
    await expect.poll(async () => okData(await emitAck(ctx.alice, "card:history", { cardId: card.id })).revisions.length).toBe(2);
    const after = (await ctx.store.findCard(card.id))!;
    expect(after.body).toBe("Border text, version one.");
    // Readers still see revision 2 until someone publishes the restored text.
    const { snapshot } = await readers.reader();
    expect(snapshot.cards.find((c) => c.id === card.id)).toMatchObject({ revision: 2, title: "ELN, border, version two" });
    bea.provider.destroy();

    ackError(await emitAck(ctx.alice, "card:revert", { cardId: card.id, revision: 99, baseVersion: card.version }), "NOT_FOUND");

    // A revert based on a stale version whose title someone changed since is refused before
    // anything is written: the text stays as it is.
    const stale = card.version;
    okData(await emitAck(ctx.bea, "card:update", { cardId: card.id, baseVersion: stale, changes: { title: "Bea's newer title" } }));
    const textRows = await ctx.db.cardDocUpdate.count({ where: { cardId: card.id } });
    ackError(await emitAck(ctx.alice, "card:revert", { cardId: card.id, revision: 2, baseVersion: stale }), "CONFLICT");
    expect(await ctx.db.cardDocUpdate.count({ where: { cardId: card.id } })).toBe(textRows);
    expect((await ctx.store.findCard(card.id))?.body).toBe("Border text, version one.");
  });

  it("two editors publishing at once get distinct revision numbers and nothing is stored twice", async () => {
    let card = await createCardAs(ctx.alice, ctx.storyId, "Petro's succession", "Who runs next");
    card = await toReview(card);
    card = okData(await emitAck(ctx.alice, "card:publish", { cardId: card.id, baseVersion: card.version }));
    card = okData(await emitAck(ctx.alice, "card:update", { cardId: card.id, baseVersion: card.version, changes: { summary: "Who runs in the next election" } }));
    const [a, b] = await Promise.all([
      emitAck(ctx.alice, "card:publish", { cardId: card.id, baseVersion: card.version }),
      emitAck(ctx.bea, "card:publish", { cardId: card.id, baseVersion: card.version }),
    ]);
    // One wins; the other is told someone published meanwhile (and sees the card as it is now).
    expect([a.ok, b.ok].filter(Boolean)).toHaveLength(1);
    const loser = a.ok ? b : a;
    expect(loser.ok ? null : loser.error).toMatchObject({ code: "CONFLICT", message: expect.stringMatching(/published/) });
    const numbers = (await ctx.db.cardRevision.findMany({ where: { cardId: card.id } })).map((r) => r.number).sort();
    expect(numbers).toEqual([1, 2]);
  });

  it("the policy refuses publishing to a role that may not publish, and stores nothing", async () => {
    const card = await createCardAs(ctx.alice, ctx.storyId, "Contributor's card");
    const noText = { current: () => Promise.reject(new Error("must not be read")), restore: () => Promise.reject(new Error("no")) };
    await expect(
      publishCard(ctx.store, noText, { cardId: card.id, baseVersion: card.version }, { name: "Cleo", storyId: ctx.storyId, role: "contributor" }),
    ).rejects.toMatchObject({ code: "FORBIDDEN" });
    expect(await ctx.db.cardRevision.count({ where: { cardId: card.id } })).toBe(0);
  });

  it("refuses malformed publishing commands with clear errors", async () => {
    ackError(await emitAck(ctx.alice, "card:publish", { cardId: "", baseVersion: 1 }), "VALIDATION_FAILED");
    ackError(await emitAck(ctx.alice, "card:publish", { cardId: "nope", baseVersion: 1 }), "NOT_FOUND");
    const long = ackError(
      await emitAck(ctx.alice, "card:publish", { cardId: "nope", baseVersion: 1, kind: "correction", note: "x".repeat(301) }),
      "VALIDATION_FAILED",
    );
    expect(long.field).toBe("note");
    ackError(await emitAck(ctx.alice, "card:history", { cardId: "nope" }), "NOT_FOUND");
    ackError(await emitAck(ctx.alice, "card:revert", { cardId: "nope", revision: 0, baseVersion: 1 }), "VALIDATION_FAILED");
  });
});
