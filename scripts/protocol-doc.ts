/**
 * Writes the event list of docs/protocol.md (between `<!-- events:begin -->` and
 * `<!-- events:end -->`) from the contract's tables: CLIENT_EVENT_TABLE (lib/protocol/contract.ts)
 * and SERVER_EVENT_TABLE (lib/protocol/events.ts). Payloads are rendered from the zod schemas
 * themselves (through JSON Schema), so limits and defaults in the doc are the ones enforced.
 *
 *   npm run docs:protocol      rewrite the section
 * tests/protocol-doc.test.ts fails when the doc and the tables disagree.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { fileURLToPath, pathToFileURL } from "node:url";
import { z } from "zod";
import { CLIENT_EVENT_TABLE, SERVER_EVENT_ROOMS, SERVER_EVENT_TABLE } from "../lib/protocol/events";

export const DOC_PATH = fileURLToPath(new URL("../docs/protocol.md", import.meta.url));
const BEGIN = "<!-- events:begin -->";
const END = "<!-- events:end -->";

/** The part of JSON Schema that zod emits for the desk's payloads. */
interface Schema {
  type?: string;
  properties?: Record<string, Schema>;
  required?: string[];
  items?: Schema;
  anyOf?: Schema[];
  enum?: unknown[];
  const?: unknown;
  default?: unknown;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  minItems?: number;
  maxItems?: number;
  pattern?: string;
  format?: string;
}

/** Bounds as the doc writes them: `1–64`, `≤ 300`, `≥ 1` (the largest safe integer is no bound worth saying). */
function bounds(min: number | undefined, max: number | undefined): string {
  const hi = max === Number.MAX_SAFE_INTEGER ? undefined : max;
  const lo = min === 0 && hi === undefined ? undefined : min;
  if (lo !== undefined && hi !== undefined) return ` ${lo}–${hi}`;
  if (hi !== undefined) return ` ≤ ${hi}`;
  if (lo !== undefined) return ` ≥ ${lo}`;
  return "";
}

export function renderSchema(s: Schema): string {
  if (s.anyOf) return s.anyOf.map(renderSchema).join(" | ");
  if (s.const !== undefined) return JSON.stringify(s.const);
  if (s.enum) return s.enum.map((v) => JSON.stringify(v)).join(" | ");
  switch (s.type) {
    case "null":
      return "null";
    case "boolean":
      return "boolean";
    case "integer":
    case "number":
      return `${s.type}${bounds(s.minimum, s.maximum)}`;
    case "string":
      // The doc says once what an id is; a date-time's pattern is the ISO 8601 grammar.
      if (s.format === "date-time") return "ISO date-time";
      if (s.minLength === 1 && s.maxLength === 64 && !s.pattern) return "id";
      return `string${bounds(s.minLength, s.maxLength)}${s.pattern && s.pattern.length <= 32 ? ` /${s.pattern}/` : ""}`;
    case "array": {
      const item = renderSchema(s.items ?? {});
      return `${item.includes(" ") ? `(${item})` : item}[]${bounds(s.minItems, s.maxItems)}`;
    }
    case "object": {
      const required = new Set(s.required ?? []);
      const fields = Object.entries(s.properties ?? {}).map(([key, value]) => {
        const fallback = value.default === undefined ? "" : ` = ${JSON.stringify(value.default)}`;
        return `${key}${required.has(key) ? "" : "?"}: ${renderSchema(value)}${fallback}`;
      });
      return fields.length === 0 ? "{}" : `{ ${fields.join(", ")} }`;
    }
    default:
      return "unknown";
  }
}

/** A table cell: pipes escaped (also inside code), one line. */
const cell = (text: string) => text.replace(/\|/g, "\\|").replace(/\n/g, " ");
const code = (text: string) => cell(`\`${text}\``);

function clientTable(): string[] {
  const rows = Object.entries(CLIENT_EVENT_TABLE).map(([name, spec]) => {
    const payload = renderSchema(z.toJSONSchema(spec.input, { io: "input", unrepresentable: "any" }) as Schema);
    const ack = spec.ack.ack === null ? "no ack" : code(spec.ack.ack);
    const permission = spec.permission === null ? "—" : code(spec.permission);
    return `| ${code(name)} | ${code(payload)} | ${ack} | ${permission} | ${spec.joined ? "yes" : "no"} | ${cell(spec.description)} |`;
  });
  return ["| Event | Payload | Ack `data` | Permission | Joined | What it does |", "|---|---|---|---|---|---|", ...rows];
}

function serverTable(): string[] {
  const rows = Object.entries(SERVER_EVENT_TABLE).map(
    ([name, spec]) => `| ${code(name)} | ${spec.payload === "—" ? "—" : code(spec.payload)} | ${spec.room} | ${cell(spec.description)} |`,
  );
  return ["| Event | Payload | To | Sent when |", "|---|---|---|---|", ...rows];
}

/** The generated section, markers included. */
export function renderEventList(): string {
  return [
    BEGIN,
    "<!-- Generated from lib/protocol/contract.ts and lib/protocol/events.ts by `npm run docs:protocol`: edit the tables there, not here. -->",
    "",
    "### Client → server",
    "",
    "Payloads are shown as their zod schemas accept them: `?` marks an optional field, `= v` its default,",
    "`id` is a string of 1–64 characters, lengths count characters after trimming, and `{}` also",
    "accepts no payload at all. **Permission** is the one the sender's role must have",
    "(lib/protocol/roles.ts; the domain may check more, e.g. contributors edit drafts only); `—`: being",
    "signed in is enough. **Joined**: the event acts on the socket's joined story (`NOT_JOINED`",
    "before `story:join`); the others name their story themselves, or none. A `→` names what is",
    "broadcast afterwards.",
    "",
    ...clientTable(),
    "",
    "### Server → client",
    "",
    ...serverTable(),
    "",
    "To:",
    "",
    ...Object.entries(SERVER_EVENT_ROOMS).map(([room, who]) => `- **${room}**: ${who}`),
    END,
  ].join("\n");
}

/** Where the event list section of `doc` begins and ends (markers included). */
function sectionOf(doc: string): { begin: number; end: number } {
  const begin = doc.indexOf(BEGIN);
  const end = doc.indexOf(END);
  if (begin < 0 || end < begin) throw new Error(`${DOC_PATH}: the markers ${BEGIN} and ${END} are missing`);
  return { begin, end: end + END.length };
}

/** The event list section as `doc` has it now. */
export function eventListOf(doc: string): string {
  const { begin, end } = sectionOf(doc);
  return doc.slice(begin, end);
}

/** `doc` with its event list section replaced by the generated one. */
export function withEventList(doc: string): string {
  const { begin, end } = sectionOf(doc);
  return doc.slice(0, begin) + renderEventList() + doc.slice(end);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const doc = readFileSync(DOC_PATH, "utf8");
  const next = withEventList(doc);
  if (next === doc) console.log("docs/protocol.md: the event list is up to date");
  else {
    writeFileSync(DOC_PATH, next);
    console.log("docs/protocol.md: the event list was rewritten");
  }
}
