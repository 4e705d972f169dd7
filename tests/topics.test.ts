/**
 * The topic proposer on real articles: recall against hand-labelled topic lists (printed), and
 * bad input (empty, one paragraph, Spanish, HTML with scripts, oversized) that must not crash.
 * The seed article is read from the shared seed folder (a source of facts kept outside the repo);
 * the other two articles were written for these tests.
 */
import { existsSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { ZProposeTopics, STORY_LIMITS, type Proposals } from "../lib/protocol/stories";
import { proposeTopics } from "../server/domain/topics";

const SEED = process.env.SEED_ARTICLE ?? resolve(__dirname, "../../shared/seed/petro-trump-meeting.txt");
const fixture = (name: string) => readFileSync(join(__dirname, "fixtures/articles", name), "utf8");

/** A topic counts as found when a proposal's title or terms name any of its keys. */
interface Labelled {
  topic: string;
  keys: string[];
}

function recall(result: Proposals, topics: Labelled[]): { recall: number; missed: string[] } {
  const said = result.proposals.map((p) => [p.title, ...p.terms].join(" | ").toLowerCase());
  const missed = topics.filter((t) => !said.some((s) => t.keys.some((k) => s.includes(k.toLowerCase())))).map((t) => t.topic);
  return { recall: (topics.length - missed.length) / topics.length, missed };
}

function report(name: string, result: Proposals, topics: Labelled[]) {
  const r = recall(result, topics);
  console.log(
    `[topic recall] ${name}: ${(r.recall * 100).toFixed(0)}% (${topics.length - r.missed.length}/${topics.length}), ` +
      `${result.proposals.length} proposals: ${result.proposals.map((p) => p.title).join("; ")}` +
      (r.missed.length ? ` — missed: ${r.missed.join(", ")}` : ""),
  );
  return r;
}

const SEED_TOPICS: Labelled[] = [
  { topic: "Venezuela and Maduro", keys: ["venezuela", "maduro"] },
  { topic: "cocaine and drug trafficking", keys: ["cocaine", "drug"] },
  { topic: "boat strikes", keys: ["strike", "boat", "vessel"] },
  { topic: "ELN and the border", keys: ["eln", "national liberation army", "border"] },
  { topic: "DEA cooperation", keys: ["dea", "drug enforcement"] },
  { topic: "ICE and immigration", keys: ["ice", "immigration"] },
  { topic: "Petro's succession and Cepeda", keys: ["cepeda", "successor", "succession"] },
];

const ERUPTION_TOPICS: Labelled[] = [
  { topic: "Grindavik evacuation", keys: ["grindavik", "evacuation"] },
  { topic: "Blue Lagoon and tourism", keys: ["blue lagoon", "tourism", "tourist"] },
  { topic: "Keflavik airport and flights", keys: ["keflavik", "airport", "flight"] },
  { topic: "Svartsengi power plant and hot water", keys: ["svartsengi", "hs orka", "power plant"] },
  { topic: "Meteorological Office and earthquakes", keys: ["meteorological office", "earthquake"] },
  { topic: "volcanic period (University of Iceland)", keys: ["university of iceland", "volcan"] },
];

const STRIKE_TOPICS: Labelled[] = [
  { topic: "the FNV union and job guarantees", keys: ["fnv", "union"] },
  { topic: "automation", keys: ["automation", "crane"] },
  { topic: "terminal operators ECT and APM", keys: ["ect", "apm", "terminal operator"] },
  { topic: "ships diverted to Antwerp", keys: ["antwerp", "maersk", "msc"] },
  { topic: "supermarkets and supplies", keys: ["supermarket", "shelves", "importer"] },
  { topic: "the government and mediation", keys: ["minister", "mediator", "economy"] },
  { topic: "Hamburg and other ports", keys: ["hamburg"] },
];

describe("topic proposer", () => {
  it("covers most of the seed article's topics", () => {
    expect(existsSync(SEED), `the seed article is needed at ${SEED} (or set SEED_ARTICLE)`).toBe(true);
    const result = proposeTopics(readFileSync(SEED, "utf8"));
    const r = report("seed (Petro–Trump)", result, SEED_TOPICS);
    expect(r.recall).toBeGreaterThanOrEqual(5 / 7);
    expect(result.warning).toBeNull();
    for (const p of result.proposals) {
      expect(p.title.length).toBeGreaterThan(1);
      expect(p.summary.length).toBeGreaterThan(10);
      // One sentence: no sentence break inside.
      expect(p.summary.slice(0, -1)).not.toMatch(/[.!?]\s+[A-Z]/);
      expect(p.paragraphs.every((i) => i >= 0 && i < result.paragraphs.length)).toBe(true);
    }
  });

  it("covers most topics of an article on a volcanic eruption", () => {
    const r = report("Reykjanes eruption", proposeTopics(fixture("reykjanes-eruption.txt")), ERUPTION_TOPICS);
    expect(r.recall).toBeGreaterThanOrEqual(0.6);
  });

  it("covers most topics of an article on a port strike", () => {
    const r = report("Rotterdam port strike", proposeTopics(fixture("harbour-strike.txt")), STRIKE_TOPICS);
    expect(r.recall).toBeGreaterThanOrEqual(0.6);
  });

  it("gives an empty list for empty or blank text", () => {
    expect(proposeTopics("")).toEqual({ paragraphs: [], proposals: [], warning: null });
    expect(proposeTopics("   \n\n  ").proposals).toEqual([]);
    expect(ZProposeTopics.safeParse({ article: "  " }).success).toBe(false);
  });

  it("handles a single paragraph", () => {
    const result = proposeTopics("The mayor of Lyon, Grégory Doucet, opened a new tram line on Friday after three years of works.");
    expect(result.paragraphs).toHaveLength(1);
    for (const p of result.proposals) expect(p.paragraphs).toEqual([0]);
  });

  it("does not crash on Spanish and says proposals may be weak", () => {
    const result = proposeTopics(fixture("cosecha-cafe.txt"));
    expect(result.paragraphs).toHaveLength(2);
    expect(result.warning).toMatch(/English/);
  });

  it("drops scripts and markup from HTML before reading it", () => {
    const result = proposeTopics(
      "<p>Rain flooded the centre of Porto on Monday.</p><script>alert('x')</script><p onclick=\"steal()\">The <b>Douro</b> rose two metres in Porto.</p>",
    );
    expect(result.paragraphs).toEqual(["Rain flooded the centre of Porto on Monday.", "The Douro rose two metres in Porto."]);
    expect(JSON.stringify(result)).not.toMatch(/script|alert|onclick|<b>/);
  });

  it("refuses an article above the limit with a message naming it", () => {
    const parsed = ZProposeTopics.safeParse({ article: "a".repeat(STORY_LIMITS.articleBytesMax + 1) });
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues[0].message).toMatch(/200 KB/);
  });
});
