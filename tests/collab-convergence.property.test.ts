/**
 * Card text under random schedules: three editors, each with its own socket, insert and delete
 * unique tokens in the same card while individual editors drop off and come back (typing while
 * offline). At random checkpoints, everything acknowledged so far must already be stored, and
 * an editor that shows "saved" must have nothing the store lacks. When everyone is back and
 * settled, all copies are identical to a fresh load of what is stored, every token that was not
 * deleted is there exactly once, and every deleted one is gone. On SQLite and Postgres.
 */
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as Y from "yjs";
import type { CardTextProvider } from "../lib/collab/card-text-provider";
import {
  bodyXml,
  connectEditor,
  createCard,
  firstText,
  holds,
  loadStored,
  openText,
  sleep,
  tokensIn,
  type Editor,
} from "./helpers/collab";
import { PROVIDERS } from "./helpers/databases";
import { useDesk } from "./helpers/desk-fixture";
import { SEED_SLUG, type Person } from "./helpers/server";

const EDITORS = 3;
const PEOPLE: Person[] = Array.from({ length: EDITORS }, (_, i) => ({ name: `Editor ${i}`, clientId: `client-prop-000${i}` }));
const BASE = "[base]";

type Op =
  | { kind: "insert"; who: number; at: number; tokens: number }
  | { kind: "delete"; who: number; at: number }
  | { kind: "disconnect"; who: number }
  | { kind: "reconnect"; who: number }
  | { kind: "wait"; ms: number }
  | { kind: "check" };

const who = fc.nat({ max: EDITORS - 1 });
const opArb: fc.Arbitrary<Op> = fc.oneof(
  { weight: 8, arbitrary: fc.record({ kind: fc.constant("insert" as const), who, at: fc.nat(), tokens: fc.integer({ min: 1, max: 3 }) }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant("delete" as const), who, at: fc.nat() }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant("disconnect" as const), who }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant("reconnect" as const), who }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant("wait" as const), ms: fc.integer({ min: 0, max: 12 }) }) },
  { weight: 1, arbitrary: fc.constant({ kind: "check" as const }) },
);
const scheduleArb = fc.array(opArb, { minLength: 10, maxLength: 60 });

describe.each(PROVIDERS)("card text converges under random concurrent schedules (%s)", (provider) => {
  const ctx = useDesk(provider, { join: false });
  const editors: Editor[] = [];

  beforeAll(async () => {
    for (const person of PEOPLE) editors.push(await connectEditor(ctx.desk.url, person, { cookie: await ctx.desk.cookieFor(person) }));
    ctx.storyId = (await ctx.store.findStoryBySlug(SEED_SLUG))!.id;
  });
  afterAll(() => {
    for (const e of editors) e.disconnect();
  });

  /** Runs one schedule on a fresh card and checks every property; throws on the first violation. */
  async function run(schedule: Op[]): Promise<void> {
    const card = await createCard(ctx.store, ctx.storyId, BASE);
    for (const e of editors) e.acked.length = 0;
    const sessions = editors.map((e) => openText(e, card.id));
    const inserted = new Set<string>([BASE]);
    const deleted = new Set<string>();
    let serial = 0;
    const audits: Promise<boolean>[] = [];
    try {
      await Promise.all(sessions.map((s) => s.provider.whenSaved()));
      // The moment an editor shows "saved", the store must already hold everything that editor
      // wrote (what it received from others may still be on its way to the store: the server
      // relays an update before storing it, and its author shows "saving" until it is stored).
      for (const { doc, provider: p } of sessions) {
        const own: Uint8Array[] = [];
        doc.on("update", (update: Uint8Array, origin: unknown) => {
          if (origin !== p) own.push(update);
        });
        p.onStatus((status) => {
          if (status !== "saved" || own.length === 0) return;
          const mine = Y.mergeUpdates(own);
          audits.push(loadStored(ctx.store.docs, card.id).then((stored) => holds(stored, mine)));
        });
      }
      for (const op of schedule) {
        if (op.kind === "wait") await sleep(op.ms);
        else if (op.kind === "check") await checkpoint(card.id, sessions);
        else if (op.kind === "disconnect") editors[op.who].disconnect();
        else if (op.kind === "reconnect") editors[op.who].reconnect();
        else {
          const text = firstText(sessions[op.who].doc);
          if (!text) continue; // this editor has not received the paragraph yet
          const current = text.toString();
          if (op.kind === "insert") {
            // Only between tokens, so a token is never split and can be counted.
            const bounds = [...current.matchAll(/\[/g)].map((m) => m.index).concat(current.length);
            const tokens = Array.from({ length: op.tokens }, () => `[e${op.who}.${serial++}]`);
            tokens.forEach((t) => inserted.add(t));
            text.insert(bounds[op.at % bounds.length], tokens.join(""));
          } else {
            const present = tokensIn(current);
            if (present.length === 0) continue;
            const token = present[op.at % present.length];
            text.delete(current.indexOf(token), token.length);
            deleted.add(token);
          }
        }
      }

      // Everyone back; everything settles.
      await Promise.all(editors.map((e) => e.whenConnected()));
      await Promise.all(sessions.map((s) => s.provider.whenSaved(15_000)));
      await expect
        .poll(() => new Set(sessions.map((s) => bodyXml(s.doc))).size, { timeout: 10_000, interval: 20 })
        .toBe(1);

      const stored = await loadStored(ctx.store.docs, card.id);
      const sv = (d: Y.Doc) => Buffer.from(Y.encodeStateVector(d)).toString("base64");
      for (const s of sessions) {
        expect(bodyXml(s.doc)).toBe(bodyXml(stored));
        expect(sv(s.doc)).toBe(sv(stored));
      }
      const final = firstText(stored)?.toString() ?? "";
      // Nothing but whole tokens, each present exactly once unless someone deleted it.
      expect(tokensIn(final).join("")).toBe(final);
      const counts = new Map<string, number>();
      for (const t of tokensIn(final)) counts.set(t, (counts.get(t) ?? 0) + 1);
      for (const t of counts.keys()) expect(inserted.has(t), `unknown token ${t}`).toBe(true);
      for (const t of inserted) expect(counts.get(t) ?? 0, `token ${t}`).toBe(deleted.has(t) ? 0 : 1);
      for (const e of editors) for (const u of e.acked) expect(holds(stored, u)).toBe(true);
      expect(await Promise.all(audits), "an editor showed saved before the store had its text").not.toContain(false);
      stored.destroy();
    } finally {
      for (const s of sessions) {
        s.provider.destroy();
        s.doc.destroy();
      }
    }
  }

  /** Acked means stored; "saved" means the store has everything the editor has. */
  async function checkpoint(cardId: string, sessions: { doc: Y.Doc; provider: CardTextProvider }[]) {
    const saved = sessions.filter((s) => s.provider.status === "saved").map((s) => Y.encodeStateAsUpdate(s.doc));
    const acked = editors.flatMap((e) => [...e.acked]);
    const stored = await loadStored(ctx.store.docs, cardId);
    for (const u of acked) expect(holds(stored, u), "an acknowledged update is not stored").toBe(true);
    for (const state of saved) expect(holds(stored, state), "an editor shows saved but the store lacks some of its text").toBe(true);
    stored.destroy();
  }

  it(
    "all copies and the store end identical, with every token once and every acked update stored",
    async () => {
      await fc.assert(
        fc.asyncProperty(scheduleArb, (schedule) => run(schedule)),
        { numRuns: provider === "sqlite" ? 20 : 10, endOnFailure: true },
      );
    },
    60_000,
  );
});
