/**
 * Who is reading, counted from the `/live` namespace: live-page readers per story, embed frames
 * per card and per partner site. Every AUDIENCE_REPORT_MS each process counts its own readers
 * (a walk over its sockets: a few milliseconds for 10,000), sends the counts to the other
 * processes through the adapter, adds theirs (dropped when a process stops reporting), and tells
 * each story's desk on this process (`story:audience`, only when the numbers changed).
 *
 * Counts only: a reader is a socket in a room; the partner site is an origin the embed frame
 * reports. Nothing is stored, no reader is identified. /metrics shows this process's own counts
 * (Prometheus sums the processes).
 */
import { z } from "zod";
import { AUDIENCE_SITES_MAX, type AudienceReport } from "../../lib/protocol/audience";
import { loggerFor } from "../logger";
import { audienceCounts } from "../ops/audience-metrics";
import type { DeskServer } from "../realtime/types";
import { storyRoom } from "../realtime/rooms";

const log = loggerFor("public");

/** What the live namespace keeps on each reader's socket for counting (never sent anywhere). */
export interface ReaderData {
  /** The story whose live page the socket joined. */
  storyId?: string;
  /** Cards the socket watches (an embed frame), with their story. */
  watching?: Map<string, string>;
  /** The embedding page's origin, as the frame reported it. */
  site?: string;
}

/** Counts keyed "p|story", "e|story|card", "s|story|origin". */
type Counts = Map<string, number>;

const ZReport = z.object({
  process: z.string().max(64),
  at: z.number(),
  counts: z.record(z.string().max(400), z.number().int().min(0)),
});

function countLocal(sockets: Iterable<{ data: ReaderData }>): Counts {
  const counts: Counts = new Map();
  const add = (key: string) => counts.set(key, (counts.get(key) ?? 0) + 1);
  for (const { data } of sockets) {
    if (data.storyId) add(`p|${data.storyId}`);
    if (!data.watching) continue;
    const stories = new Set<string>();
    for (const [cardId, storyId] of data.watching) {
      add(`e|${storyId}|${cardId}`);
      stories.add(storyId);
    }
    if (data.site) for (const storyId of stories) add(`s|${storyId}|${data.site}`);
  }
  return counts;
}

const ranked = <K extends string>(map: Map<string, number>, key: K) =>
  [...map].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).map(([name, readers]) => ({ [key]: name, readers }) as Record<K, string> & { readers: number });

/** Per-story reports from the counts of every process. */
export function reportsOf(all: Counts): Map<string, AudienceReport> {
  const reports = new Map<string, { live: number; cards: Map<string, number>; sites: Map<string, number> }>();
  const of = (storyId: string) => {
    let r = reports.get(storyId);
    if (!r) reports.set(storyId, (r = { live: 0, cards: new Map(), sites: new Map() }));
    return r;
  };
  for (const [key, n] of all) {
    const [kind, storyId, rest] = [key.slice(0, 1), key.split("|")[1], key.split("|").slice(2).join("|")];
    if (kind === "p") of(storyId).live += n;
    else if (kind === "e") of(storyId).cards.set(rest, (of(storyId).cards.get(rest) ?? 0) + n);
    else if (kind === "s") of(storyId).sites.set(rest, (of(storyId).sites.get(rest) ?? 0) + n);
  }
  return new Map(
    [...reports].map(([storyId, r]) => [
      storyId,
      {
        storyId,
        live: r.live,
        embeds: [...r.cards.values()].reduce((a, b) => a + b, 0),
        cards: ranked(r.cards, "cardId"),
        sites: ranked(r.sites, "origin").slice(0, AUDIENCE_SITES_MAX),
      },
    ]),
  );
}

export interface Audience {
  /** The latest report of a story (all processes), for a desk that just joined. */
  of(storyId: string): AudienceReport;
  stop(): void;
}

export function startAudience(io: DeskServer, readers: () => Iterable<{ data: ReaderData }>, opts: { intervalMs: number; clustered: boolean }): Audience {
  const me = `${process.pid}-${Math.random().toString(36).slice(2, 8)}`;
  const others = new Map<string, { at: number; counts: Counts }>();
  let reports = new Map<string, AudienceReport>();
  /** Stories whose desks were last told of some readers. */
  const told = new Map<string, string>();

  if (opts.clustered) {
    io.on("public:audience", (raw: unknown) => {
      const parsed = ZReport.safeParse(raw);
      if (!parsed.success) {
        log.warn({ issue: parsed.error.issues[0]?.message }, "ignoring a malformed audience report from another process");
        return;
      }
      if (parsed.data.process === me) return;
      others.set(parsed.data.process, { at: Date.now(), counts: new Map(Object.entries(parsed.data.counts)) });
    });
  }

  function tick(): void {
    const local = countLocal(readers());
    audienceCounts.set(local);
    if (opts.clustered) io.serverSideEmit("public:audience", { process: me, at: Date.now(), counts: Object.fromEntries(local) });
    const all: Counts = new Map(local);
    // A process that stopped reporting (killed, partitioned) no longer counts after three rounds.
    for (const [id, other] of others) {
      if (Date.now() - other.at > opts.intervalMs * 3) others.delete(id);
      else for (const [key, n] of other.counts) all.set(key, (all.get(key) ?? 0) + n);
    }
    reports = reportsOf(all);
    for (const storyId of new Set([...reports.keys(), ...told.keys()])) {
      const report = reports.get(storyId) ?? empty(storyId);
      const none = report.live === 0 && report.embeds === 0;
      // Sent every round while there are readers (a desk opened meanwhile learns it within a
      // round), and once more when the last one leaves.
      if (none && !told.has(storyId)) continue;
      if (none) told.delete(storyId);
      else told.set(storyId, "");
      // This process's desks only: every process tells its own, from the same totals.
      io.local.to(storyRoom(storyId)).emit("story:audience", report);
    }
  }

  const timer = setInterval(tick, opts.intervalMs);
  timer.unref();
  return {
    of: (storyId) => reports.get(storyId) ?? empty(storyId),
    stop: () => clearInterval(timer),
  };
}

const empty = (storyId: string): AudienceReport => ({ storyId, live: 0, embeds: 0, cards: [], sites: [] });
