/**
 * Readers in /metrics: this process's live-page readers and embed frames per story, and embed
 * frames per partner site (the largest AUDIENCE_SITES_MAX per story, so a flood of origins cannot
 * blow up the label set). Per process: Prometheus sums them (`sum by (story, place)`).
 */
import { Gauge } from "prom-client";
import { AUDIENCE_SITES_MAX } from "../../lib/protocol/audience";
import { registry } from "./metrics";

let latest = new Map<string, number>();

const readers = new Gauge({
  name: "newsdesk_live_readers",
  help: "Readers connected to this process: on a story's live page (place=page) or in its embeds (place=embed)",
  labelNames: ["story", "place"] as const,
  registers: [registry],
  collect() {
    this.reset();
    for (const [key, n] of latest) {
      const [kind, story] = key.split("|");
      if (kind === "p") this.inc({ story, place: "page" }, n);
      else if (kind === "e") this.inc({ story, place: "embed" }, n);
    }
  },
});

const sites = new Gauge({
  name: "newsdesk_live_reader_sites",
  help: "Embed frames connected to this process by the partner site (origin) that embeds them",
  labelNames: ["story", "origin"] as const,
  registers: [registry],
  collect() {
    this.reset();
    const byStory = new Map<string, [string, number][]>();
    for (const [key, n] of latest) {
      if (!key.startsWith("s|")) continue;
      const [, story, ...origin] = key.split("|");
      byStory.set(story, [...(byStory.get(story) ?? []), [origin.join("|"), n]]);
    }
    for (const [story, list] of byStory) {
      for (const [origin, n] of list.sort((a, b) => b[1] - a[1]).slice(0, AUDIENCE_SITES_MAX)) this.set({ story, origin }, n);
    }
  },
});

/** The audience counter's latest local counts (server/public/audience.ts). */
export const audienceCounts = {
  set(counts: Map<string, number>): void {
    latest = counts;
  },
};

void readers;
void sites;
