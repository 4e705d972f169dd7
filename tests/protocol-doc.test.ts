/**
 * docs/protocol.md's event list is generated from the contract's tables
 * (lib/protocol/contract.ts, lib/protocol/events.ts): this fails when the two disagree.
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { CLIENT_EVENT_TABLE, CLIENT_EVENTS, PERMISSIONS, SERVER_EVENT_TABLE } from "../lib/protocol";
import { DOC_PATH, eventListOf, renderEventList, renderSchema } from "../scripts/protocol-doc";

describe("docs/protocol.md", () => {
  it("lists exactly the events of the contract (run npm run docs:protocol if this fails)", () => {
    const doc = readFileSync(DOC_PATH, "utf8");
    expect(eventListOf(doc), "docs/protocol.md's event list differs from the contract: run npm run docs:protocol").toBe(renderEventList());
  });

  it("names every event of both tables", () => {
    const doc = readFileSync(DOC_PATH, "utf8");
    for (const event of [...CLIENT_EVENTS, ...Object.keys(SERVER_EVENT_TABLE)]) expect(doc).toContain(`| \`${event}\` |`);
  });
});

describe("the client event table", () => {
  it("gives every event a real schema, and a permission from the roles table", () => {
    for (const [event, spec] of Object.entries(CLIENT_EVENT_TABLE)) {
      expect(spec.input, event).toBeInstanceOf(z.ZodType);
      if (spec.permission !== null) expect(PERMISSIONS, event).toHaveProperty(spec.permission);
      expect(spec.description.length, event).toBeGreaterThan(10);
    }
  });

  it("refuses a feed:approve or feed:more payload the server used to refuse", () => {
    expect(CLIENT_EVENT_TABLE["feed:approve"].input.safeParse({ updateId: 0 }).success).toBe(false);
    expect(CLIENT_EVENT_TABLE["feed:more"].input.safeParse({ before: 0 }).success).toBe(false);
    expect(CLIENT_EVENT_TABLE["feed:more"].input.safeParse({ before: 12 }).success).toBe(true);
  });

  it("renders payloads as the doc explains them", () => {
    expect(renderSchema({ type: "object", properties: { id: { type: "string", minLength: 1, maxLength: 64 }, n: { type: "integer", minimum: 1, maximum: Number.MAX_SAFE_INTEGER } }, required: ["id"] })).toBe(
      "{ id: id, n?: integer ≥ 1 }",
    );
  });
});
