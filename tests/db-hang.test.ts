/**
 * A hung Postgres (the connection stays open and nothing is answered — a TCP proxy between the
 * server and the database, frozen by the test; the machine's Postgres is never stopped). For
 * 10 s: a command gets an error within the query bound (never a wait for the whole hang), a
 * typed edit is not acknowledged, readiness says the database is unreachable; once Postgres
 * answers again, the edit is saved and everything acknowledged is in the database.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DB_QUERY_TIMEOUT_MS } from "../server/db/client";
import type { DeskStore } from "../server/store/types";
import { connectEditor, createCard, firstText, holds, loadStored, openText, sleep, tokensIn, type Editor } from "./helpers/collab";
import { createTestDatabase, openSeededStore, type TestDatabase } from "./helpers/databases";
import { startFreezeProxy, type FreezeProxy } from "./helpers/freeze-proxy";
import { emitAck, SEED_SLUG, startDesk, type RunningDesk } from "./helpers/server";

const HANG_MS = 10_000;
/** The bound plus room for a busy machine: still far from the hang's end. */
const ERROR_WITHIN_MS = DB_QUERY_TIMEOUT_MS + 2_500;

describe("a hung Postgres turns into errors, never into waits or false acknowledgements", () => {
  let database: TestDatabase;
  let proxy: FreezeProxy;
  let direct: DeskStore; // the test's own look at the database, not through the proxy
  let store: DeskStore; // the server's, through the proxy
  let desk: RunningDesk;
  let editor: Editor;

  beforeAll(async () => {
    database = await createTestDatabase("postgres");
    direct = await openSeededStore(database);
    const target = new URL(database.url);
    proxy = await startFreezeProxy({ host: target.hostname, port: Number(target.port || 5432) });
    store = await openSeededStore({ ...database, url: proxy.urlFor(database.url) });
    desk = await startDesk(store);
  }, 120_000);

  afterAll(async () => {
    proxy?.thaw();
    editor?.socket.disconnect();
    await desk?.stop();
    await store?.close();
    await direct?.close();
    await proxy?.close();
    await database?.drop();
  });

  it("a 10-s hang: commands fail within the bound, edits wait unacknowledged, then everything is saved", async () => {
    const storyId = (await direct.findStoryBySlug(SEED_SLUG))!.id;
    const card = await createCard(direct, storyId, "[base]");
    editor = await connectEditor(desk.url, { name: "Hana", clientId: "client-hang-pg-01" }, { store: direct });
    const text = openText(editor, card.id);
    await text.provider.whenSaved();

    proxy.freeze();
    const frozenAt = performance.now();
    firstText(text.doc)!.insert(firstText(text.doc)!.length, "[during]");
    const started = performance.now();
    const raw = editor.socket as unknown as import("socket.io-client").Socket;
    const ack = (await raw
      .timeout(HANG_MS)
      .emitWithAck("card:update", { cardId: card.id, baseVersion: 1, changes: { summary: "during the hang" } })) as { ok: boolean };
    const answeredIn = performance.now() - started;
    expect(ack.ok).toBe(false);
    expect(answeredIn).toBeLessThan(ERROR_WITHIN_MS);
    // Readiness reports the database while it hangs (bounded too).
    const readiness = await Promise.race([store.ping().then(() => "ok", () => "unreachable"), sleep(ERROR_WITHIN_MS).then(() => "waited")]);
    expect(readiness).toBe("unreachable");
    // Until the database answers, nothing typed during the hang is acknowledged.
    await sleep(Math.max(0, HANG_MS - (performance.now() - frozenAt)));
    expect(editor.acked.some(holdsToken), "an edit was acknowledged while the database hung").toBe(false);
    expect(text.provider.status).not.toBe("saved");

    proxy.thaw();
    await text.provider.whenSaved(30_000);
    const stored = await loadStored(direct.docs, card.id);
    expect(tokensIn(firstText(stored)!.toString())).toEqual(["[base]", "[during]"]);
    for (const u of editor.acked) expect(holds(stored, u), "an acknowledged update is missing").toBe(true);
    // Commands work again.
    const current = (await direct.findCard(card.id))!;
    const again = await emitAck(editor.socket, "card:update", { cardId: card.id, baseVersion: current.version, changes: { summary: "after the hang" } });
    expect(again.ok).toBe(true);
    text.provider.destroy();
  }, 90_000);
});

/** Whether a Yjs update carries the "[during]" insertion (its bytes hold the inserted string). */
function holdsToken(update: Uint8Array): boolean {
  return Buffer.from(update).includes(Buffer.from("[during]"));
}
