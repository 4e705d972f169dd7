/**
 * Cursors are not taken on trust: whatever name a client writes into its awareness state, the
 * others see its account's name and colour, and a connection cannot move another connection's
 * cursor by reusing its awareness client id. On SQLite and Postgres, real server and clients.
 */
import * as decoding from "lib0/decoding";
import * as encoding from "lib0/encoding";
import { describe, expect, it } from "vitest";
import { fromWire } from "../lib/protocol/collab";
import { colorFor } from "../lib/protocol/colors";
import { connectEditor, createCard, syncStep1 } from "./helpers/collab";
import { PROVIDERS } from "./helpers/databases";
import { useDesk } from "./helpers/desk-fixture";
import { ackError, emitRaw, nextEvent, okData, SEED_SLUG, type Person } from "./helpers/server";
import * as Y from "yjs";

const EDITOR: Person = { name: "Elena Cursor", clientId: "client-cursor-e1" };
const VIEWER: Person = { name: "Victor Viewer", clientId: "client-cursor-v1", role: "viewer" };

/** An awareness update holding one state for `clientId` at `clock`. */
function awareness(clientId: number, clock: number, state: unknown): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, 1);
  encoding.writeVarUint(encoder, clientId);
  encoding.writeVarUint(encoder, clock);
  encoding.writeVarString(encoder, JSON.stringify(state));
  return encoding.toUint8Array(encoder);
}

/** The states of an awareness update, by client id. */
function statesOf(message: Uint8Array): Map<number, { user?: { name: string; color: string } } | null> {
  const decoder = decoding.createDecoder(message);
  const states = new Map();
  for (let n = decoding.readVarUint(decoder); n > 0; n--) {
    const clientId = decoding.readVarUint(decoder);
    decoding.readVarUint(decoder);
    states.set(clientId, JSON.parse(decoding.readVarString(decoder)));
  }
  return states;
}

describe.each(PROVIDERS)("cursors carry the account, not what the client claims (%s)", (provider) => {
  const ctx = useDesk(provider, { join: false });

  it("a forged name is replaced by the account's, and another connection's cursor cannot be taken over", async () => {
    const storyId = (await ctx.store.findStoryBySlug(SEED_SLUG))!.id;
    const card = await createCard(ctx.store, storyId, "[cursor test]");
    const as = async (p: Person) => connectEditor(ctx.desk.url, p, { cookie: await ctx.desk.cookieFor(p) });
    const [elena, victor] = [await as(EDITOR), await as(VIEWER)];
    for (const e of [elena, victor]) okData(await emitRaw(e.socket, "collab:open", { cardId: card.id, message: syncStep1(new Y.Doc()) }));
    const victorAccount = (await ctx.store.users.findByEmail("victor-viewer.viewer@test.local"))!;
    const elenaAccount = (await ctx.store.users.findByEmail("elena-cursor.editor@test.local"))!;

    // Elena's cursor, under her own client id.
    const victorSees = nextEvent(victor.socket, "collab:awareness", (m) => m.cardId === card.id);
    okData(await emitRaw(elena.socket, "collab:awareness", { cardId: card.id, message: awareness(1001, 1, { user: { name: "Elena" }, cursor: "at 3" }) }));
    const fromElena = statesOf(fromWire((await victorSees).message)).get(1001);
    expect(fromElena).toMatchObject({ user: { name: "Elena Cursor", color: colorFor(elenaAccount.id) }, cursor: "at 3" });

    // Victor (a viewer) calls himself "Admin": Elena sees his account's name.
    const elenaSees = nextEvent(elena.socket, "collab:awareness", (m) => m.cardId === card.id);
    okData(await emitRaw(victor.socket, "collab:awareness", { cardId: card.id, message: awareness(2002, 1, { user: { name: "Admin", color: "#000" } }) }));
    expect(statesOf(fromWire((await elenaSees).message)).get(2002)).toEqual({
      user: { name: "Victor Viewer", color: colorFor(victorAccount.id) },
    });

    // Victor reuses Elena's client id with a higher clock: refused, and nobody hears of it.
    const heard: Uint8Array[] = [];
    elena.socket.on("collab:awareness", ({ message }) => heard.push(fromWire(message)));
    ackError(
      await emitRaw(victor.socket, "collab:awareness", { cardId: card.id, message: awareness(1001, 99, { user: { name: "Elena" }, cursor: "moved" }) }),
      "FORBIDDEN",
    );
    // The next opener still gets Elena's own cursor from the server's copy.
    const third = await as({ name: "Third Reader", clientId: "client-cursor-t1" });
    const opened = okData(await emitRaw(third.socket, "collab:open", { cardId: card.id, message: syncStep1(new Y.Doc()) })) as {
      awareness: Uint8Array | null;
    };
    expect(statesOf(new Uint8Array(opened.awareness!)).get(1001)).toMatchObject({ cursor: "at 3", user: { name: "Elena Cursor" } });
    expect(heard.filter((m) => statesOf(m).has(1001))).toEqual([]);
    for (const e of [elena, victor, third]) e.disconnect();
  });
});
