/**
 * Deeply nested card text from the outside (issue 14, finding 4), on SQLite and Postgres: a
 * contributor's update holding thousands of nested blockquotes (small, within the size limits) is
 * refused with DOC_TOO_DEEP and nothing is stored, while the editor's real nesting passes; and a
 * deep document already stored (from before the rule) still renders and publishes.
 */
import * as Y from "yjs";
import { describe, expect, it } from "vitest";
import { BODY_FIELD, COLLAB_LIMITS } from "../lib/protocol/collab";
import { openCard, syncCard, syncStep1, updateMessage } from "./helpers/collab";
import { createCardAs, useDesk } from "./helpers/desk-fixture";
import { PROVIDERS } from "./helpers/databases";
import { ackError, emitAck, joinStory, okData, type Person } from "./helpers/server";

const CONTRIBUTOR: Person = { name: "Deep", clientId: "client-deep-0001", role: "contributor" };

/**
 * `levels` nested `wrapper`s (blockquote, or list + item pairs) around a paragraph saying `text`,
 * built from the outside in (each element inserted into one already in the document): no
 * recursion, whatever the depth, as a script would.
 */
function nested(levels: number, text: string, wrapper: "blockquote" | "list" = "blockquote"): Uint8Array {
  const doc = new Y.Doc();
  doc.transact(() => {
    let parent: Y.XmlFragment | Y.XmlElement = doc.getXmlFragment(BODY_FIELD);
    const add = (name: string) => {
      const el = new Y.XmlElement(name);
      parent.insert(0, [el]);
      parent = el;
    };
    for (let i = 0; i < levels; i++) {
      if (wrapper === "list") {
        add("bulletList");
        add("listItem");
      } else add("blockquote");
    }
    add("paragraph");
    parent.insert(0, [new Y.XmlText(text)]);
  });
  return Y.encodeStateAsUpdate(doc);
}

describe.each(PROVIDERS)("deeply nested card text (%s)", (provider) => {
  const ctx = useDesk(provider);

  it("a contributor's update of 3,000 nested blockquotes is refused with DOC_TOO_DEEP, nothing stored; the editor's own nesting passes", async () => {
    const contributor = await ctx.desk.connect({ as: CONTRIBUTOR });
    await joinStory(contributor, CONTRIBUTOR);
    const card = await createCardAs(contributor, ctx.storyId, "Bomb target");
    okData(await openCard(contributor, card.id, syncStep1(new Y.Doc())));

    const bomb = updateMessage(nested(3_000, "deep down"));
    expect(bomb.byteLength).toBeLessThan(COLLAB_LIMITS.messageBytesMax);
    const refused = ackError(await syncCard(contributor, card.id, bomb), "DOC_TOO_DEEP");
    expect(refused.message).toMatch(/nested too deeply/);
    expect(await ctx.db.cardDocUpdate.count({ where: { cardId: card.id } })).toBe(0);

    // A list nested ten deep (twenty levels and its paragraph) is ordinary writing.
    const fine = okData(await syncCard(contributor, card.id, updateMessage(nested(10, "outline", "list"))));
    expect(fine.stored).toBe(true);
    await expect.poll(async () => (await ctx.store.findCard(card.id))?.body ?? "", { timeout: 5_000 }).toContain("outline");
    contributor.disconnect();
  });

  it("a deep document stored before the rule still renders, and the card publishes", async () => {
    let card = await createCardAs(ctx.alice, ctx.storyId, "Stored deep");
    // Straight into the store, as an older server would have accepted it.
    await ctx.store.docs.appendUpdates([{ cardId: card.id, update: nested(3_000, "still readable") }]);
    card = okData(await emitAck(ctx.alice, "card:setStatus", { cardId: card.id, baseVersion: card.version, status: "in_review" }));
    card = okData(await emitAck(ctx.alice, "card:publish", { cardId: card.id, baseVersion: card.version }));
    expect(card.status).toBe("published");
    const revision = await ctx.db.cardRevision.findFirstOrThrow({ where: { cardId: card.id } });
    expect(revision.bodyHtml).toContain("still readable");
    expect(revision.bodyText).toContain("still readable");
  });
});
