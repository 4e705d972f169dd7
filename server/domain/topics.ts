/**
 * The topic proposer: reads a pasted article and proposes topic cards, each a title, a
 * one-sentence summary and the paragraphs it draws on. Offline: `compromise` (a maintained
 * English NLP library from npm, rule-based, no model download, no network) tags people, places,
 * organisations, acronyms and nouns; paragraphs are then grouped around the terms that recur.
 *
 * Why terms and not sentences: an editor thinks of a story's topics as "who/where/what" (Maduro,
 * the ELN, boat strikes), and a card per recurring term is easy to rename, merge or drop.
 */
import nlp from "compromise";
import type { Proposals, TopicProposal } from "../../lib/protocol/stories";
import { cleanArticle } from "./story-commands";

/** At most this many proposals: more is noise an editor has to drop by hand. */
const PROPOSALS_MAX = 12;
/** A term found in more than this share of the paragraphs is the story itself, not a topic. */
const UBIQUITOUS = 0.6;
const SUMMARY_MAX = 240;

type Kind = "person" | "place" | "organization" | "acronym" | "noun";
/** Named things make better cards than common nouns. */
const WEIGHT: Record<Kind, number> = { person: 3, organization: 3, acronym: 3, place: 2.5, noun: 1 };

/** Nouns too general to name a topic on their own. */
const GENERIC = new Set(
  "time times month months year years week weeks day days people person country countries part parts way ways thing things official officials interview side sides leader leaders man men woman women effort efforts concern concerns implication implications outcome approach focus term terms call calls number numbers lot kind group groups member members statement statements report reports source sources area areas place places case cases percent issue issues point points fact today tomorrow yesterday".split(
    " ",
  ),
);

/** Frequent verbs that would otherwise pass as nouns. */
const VERBISH = new Set("meet wait say said goe doe make take give seem remain follow show keep come want need know think look use find tell ask work feel try leave call".split(" "));

/** A light singular for one English word (no dictionary: good enough to merge plurals). */
function singular(word: string): string {
  const w = word.replace(/[^\p{L}-]/gu, "");
  if (/ies$/.test(w) && w.length > 4) return `${w.slice(0, -3)}y`;
  if (/(ss|us|is|ics)$/.test(w)) return w;
  return w.endsWith("s") ? w.slice(0, -1) : w;
}

const PRONOUNS = new Set("it its he she they them his her their this that these those we us our".split(" "));

/** Common English words: if few appear, the text is likely not English and proposals are weak. */
const ENGLISH = new Set("the of and to in a is that for on with as was by at from be it are has have this will".split(" "));

interface Term {
  key: string;
  label: string;
  kind: Kind;
  paragraphs: Set<number>;
}

function normalise(text: string): string {
  return text
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .replace(/['’]s\b/g, "")
    .replace(/[^\p{L}\p{N} -]/gu, " ")
    .replace(/\s+/g, " ")
    .trim();
}

/** Paragraphs of the cleaned article (blank-line separated; single lines when there are none). */
export function splitParagraphs(article: string): string[] {
  const text = cleanArticle(article);
  if (!text) return [];
  const blocks = text.split(/\n\s*\n/);
  const parts = blocks.length > 1 ? blocks : text.split(/\n/);
  return parts.map((p) => p.replace(/\s+/g, " ").trim()).filter((p) => p.length > 0);
}

function termsOf(paragraph: string): { key: string; label: string; kind: Kind }[] {
  const doc = nlp(paragraph);
  const found: { key: string; label: string; kind: Kind }[] = [];
  const add = (texts: string[], kind: Kind) => {
    for (const raw of texts) {
      const label = normalise(raw)
        .replace(/^(the|a|an) /i, "")
        // Titles change, names do not: "President Nicolas Maduro" is Maduro.
        .replace(/^((former|foreign|prime|us|colombian|vice) )*(president|senator|minister|mayor|governor|general|dr|mr|mrs|ms) /i, "");
      if (label.length < 2 || PRONOUNS.has(label.toLowerCase())) continue;
      const words = label.toLowerCase().split(" ");
      // People are known by their last name ("Gustavo Petro" and "Petro" are one topic).
      const key = kind === "person" ? words.at(-1)! : words.join(" ");
      if (kind === "noun" && (GENERIC.has(key) || key.length < 3)) continue;
      found.push({ key, label, kind });
    }
  };
  add(doc.people().out("array") as string[], "person");
  add(doc.organizations().out("array") as string[], "organization");
  add(doc.places().out("array") as string[], "place");
  add(doc.acronyms().out("array") as string[], "acronym");
  // Common nouns, singular, one word: "strikes" and "strike" are the same topic.
  // Common nouns, one word, singular ("strikes" and "strike" are one topic). Present-tense verbs
  // are read too: the tagger takes "US strikes on…" for a verb, and such words recur only as nouns.
  const words = doc.match("(#Noun|#PresentTense)").not("(#ProperNoun|#Pronoun|#Acronym|#Value|#Date|#Auxiliary|#Copula|#Gerund)").out("array") as string[];
  add(
    words.map((w) => singular(w.toLowerCase())).filter((w) => w.length >= 4 && !VERBISH.has(w)),
    "noun",
  );
  return found;
}

function firstSentenceWith(paragraphs: string[], indexes: number[], terms: Term[]): string {
  for (const i of indexes) {
    const sentences = nlp(paragraphs[i]).sentences().out("array") as string[];
    const hit = sentences.find((s) => terms.some((t) => normalise(s).toLowerCase().includes(t.key)));
    const sentence = (hit ?? sentences[0] ?? paragraphs[i]).trim();
    if (sentence) return sentence.length > SUMMARY_MAX ? `${sentence.slice(0, SUMMARY_MAX - 1).trimEnd()}…` : sentence;
  }
  return "";
}

const capitalise = (s: string) => (s ? s[0].toUpperCase() + s.slice(1) : s);

function looksEnglish(text: string): boolean {
  const words = text.toLowerCase().match(/\p{L}+/gu) ?? [];
  if (words.length < 20) return true;
  return words.filter((w) => ENGLISH.has(w)).length / words.length > 0.08;
}

/** Proposals for an article; never throws on text (empty text gives an empty list). */
export function proposeTopics(article: string): Proposals {
  const paragraphs = splitParagraphs(article);
  const warning =
    paragraphs.length > 0 && !looksEnglish(paragraphs.join(" "))
      ? "This article does not look English: the proposer reads English, so its proposals may be weak. Add or rename cards by hand."
      : null;
  if (paragraphs.length === 0) return { paragraphs, proposals: [], warning };

  const terms = new Map<string, Term>();
  paragraphs.forEach((p, index) => {
    for (const t of termsOf(p)) {
      const known = terms.get(t.key);
      if (!known) terms.set(t.key, { ...t, paragraphs: new Set([index]) });
      else {
        known.paragraphs.add(index);
        // Keep the fullest name ("Nicolas Maduro" over "Maduro") and the most specific kind.
        if (t.label.length > known.label.length && t.kind !== "noun") known.label = t.label;
        if (WEIGHT[t.kind] > WEIGHT[known.kind]) known.kind = t.kind;
      }
    }
  });

  const limit = paragraphs.length >= 4 ? Math.floor(paragraphs.length * UBIQUITOUS) : paragraphs.length;
  const score = (t: Term) => WEIGHT[t.kind] * t.paragraphs.size;
  const candidates = [...terms.values()]
    .filter((t) => t.paragraphs.size <= Math.max(1, limit))
    // In a long article a topic recurs; in a short one, a named thing met once still counts.
    .filter((t) => t.paragraphs.size >= 2 || (paragraphs.length <= 15 && t.kind !== "noun"))
    .sort((a, b) => score(b) - score(a) || a.key.localeCompare(b.key));

  // Group: a term joins the topic whose paragraphs contain all of its own (Maduro joins Venezuela
  // when he is only mentioned where Venezuela is), else it starts a topic of its own.
  const groups: { terms: Term[]; paragraphs: Set<number> }[] = [];
  for (const term of candidates) {
    const home = groups.find((g) => [...term.paragraphs].every((p) => g.paragraphs.has(p)) && g.terms.length < 4);
    if (home) home.terms.push(term);
    else if (groups.length < PROPOSALS_MAX) groups.push({ terms: [term], paragraphs: new Set(term.paragraphs) });
  }

  const proposals: TopicProposal[] = groups.map((g) => {
    const indexes = [...g.paragraphs].sort((a, b) => a - b);
    const named = g.terms.filter((t) => t.kind !== "noun");
    // Two names at most, and not one inside the other ("FNV and FNV union" says FNV twice).
    const titleTerms: string[] = [];
    for (const t of named.length ? named : g.terms) {
      const name = capitalise(t.kind === "noun" ? t.key : t.label);
      const lower = name.toLowerCase();
      if (titleTerms.some((x) => x.toLowerCase().includes(lower) || lower.includes(x.toLowerCase()))) continue;
      if (titleTerms.push(name) === 2) break;
    }
    return {
      title: titleTerms.join(" and ").slice(0, 200),
      summary: firstSentenceWith(paragraphs, indexes, g.terms),
      paragraphs: indexes,
      terms: g.terms.map((t) => t.label),
    };
  });
  // In the article's order: the editor reads them as the story unfolds.
  proposals.sort((a, b) => a.paragraphs[0] - b.paragraphs[0]);
  return { paragraphs, proposals, warning };
}
