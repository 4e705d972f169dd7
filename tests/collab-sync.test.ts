/**
 * Card text over the real server: two editors' providers converge, every acknowledged edit is
 * stored, and the seeded text is loaded once (never doubled), on SQLite and Postgres.
 */
import { describe, expect, it } from "vitest";
import * as Y from "yjs";
import { CardTextProvider } from "../lib/collab/card-text-provider";
import { openChannel } from "./helpers/collab";
import { BODY_FIELD } from "../lib/protocol/collab";
import { PROVIDERS } from "./helpers/databases";
import { useDesk } from "./helpers/desk-fixture";

const text = (doc: Y.Doc) => doc.getXmlFragment(BODY_FIELD).toString();

describe.each(PROVIDERS)("card text sync (%s)", (provider) => {
  const ctx = useDesk(provider);

  it("two editors typing in the same card converge, and the text is stored", async () => {
    const card = ctx.joined.story.cards[1];
    const docA = new Y.Doc();
    const docB = new Y.Doc();
    const a = new CardTextProvider(await openChannel(ctx.alice), card.id, docA);
    const b = new CardTextProvider(await openChannel(ctx.bea), card.id, docB);
    await a.whenSaved();
    await b.whenSaved();
    // The seeded body arrives once in each editor.
    expect(text(docA)).toBe(text(docB));
    const seeded = text(docA);
    expect(seeded).toContain(card.body.split("\n\n")[0].slice(0, 30));

    const firstA = docA.getXmlFragment(BODY_FIELD).get(0) as Y.XmlElement;
    const firstB = docB.getXmlFragment(BODY_FIELD).get(0) as Y.XmlElement;
    (firstA.get(0) as Y.XmlText).insert(0, "ALICE ");
    (firstB.get(0) as Y.XmlText).insert(0, "BEA ");
    await a.whenSaved();
    await b.whenSaved();
    await expect.poll(() => text(docA) === text(docB)).toBe(true);
    expect(text(docA)).toContain("ALICE ");
    expect(text(docA)).toContain("BEA ");

    // What is stored, loaded fresh, is what both see.
    const stored = await ctx.store.docs.loadDoc(card.id);
    const fresh = new Y.Doc();
    if (stored?.state) Y.applyUpdate(fresh, stored.state);
    for (const u of stored?.updates ?? []) Y.applyUpdate(fresh, u.update);
    expect(text(fresh)).toBe(text(docA));
    // Derived text reaches the card row.
    await expect.poll(async () => (await ctx.store.findCard(card.id))?.body ?? "", { timeout: 5_000 }).toMatch(/^(ALICE BEA|BEA ALICE) /);
    a.destroy();
    b.destroy();
  });
});
