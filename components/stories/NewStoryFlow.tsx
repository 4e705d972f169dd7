"use client";
/**
 * Opening a story: headline, slug (derived from the headline until edited), summary, coverage
 * start and time zones; then, optionally, a pasted article whose topics the server proposes as
 * cards. Nothing is stored until "Create story", which stores the story and its draft cards at
 * once (one transaction) and opens its desk.
 */
import { useRouter } from "next/navigation";
import { useMemo, useState } from "react";
import { isTimeZone, slugify, STORY_LIMITS, type AckError, type SessionUser } from "@/lib/protocol";
import { Field } from "../ui/Field";
import { ProposalEditor } from "./ProposalEditor";
import type { DraftCard } from "./proposal-edits";
import { useStoriesSocket } from "./useStoriesSocket";

/** "2026-12-05T14:30" in the browser's zone, for a datetime-local input. */
function localInputValue(date: Date): string {
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(date.getHours())}:${pad(date.getMinutes())}`;
}

const bytes = (s: string) => new TextEncoder().encode(s).length;

export function NewStoryFlow({ me }: { me: SessionUser }) {
  const router = useRouter();
  const { send, connected } = useStoriesSocket();
  const [headline, setHeadline] = useState("");
  const [slugEdited, setSlugEdited] = useState<string | null>(null);
  const [summary, setSummary] = useState("");
  const [start, setStart] = useState(() => localInputValue(new Date()));
  const [zones, setZones] = useState("");
  const [restricted, setRestricted] = useState(false);
  const [article, setArticle] = useState("");
  const [cards, setCards] = useState<DraftCard[] | null>(null);
  const [paragraphs, setParagraphs] = useState<string[]>([]);
  const [warning, setWarning] = useState<string | null>(null);
  const [error, setError] = useState<AckError | null>(null);
  const [busy, setBusy] = useState<"propose" | "create" | null>(null);

  const slug = slugEdited ?? slugify(headline);
  const zoneList = useMemo(() => zones.split(/[,\s]+/).filter(Boolean), [zones]);
  const badZone = zoneList.find((z) => !isTimeZone(z));
  const size = bytes(article);
  const tooBig = size > STORY_LIMITS.articleBytesMax;
  const fieldError = (f: string) => (error?.field === f ? error.message : null);

  async function propose() {
    setBusy("propose");
    setError(null);
    const ack = await send("story:propose", { article });
    setBusy(null);
    if (!ack.ok) return setError(ack.error);
    setParagraphs(ack.data.paragraphs);
    setWarning(ack.data.warning);
    setCards(ack.data.proposals.map((p, i) => ({ key: `p-${i}`, title: p.title, summary: p.summary, paragraphs: p.paragraphs })));
  }

  async function create() {
    setBusy("create");
    setError(null);
    const ack = await send("story:create", {
      headline,
      summary,
      slug,
      coverageStart: new Date(start).toISOString(),
      timeZones: zoneList,
      article,
      cards: (cards ?? []).map((c) => ({ title: c.title, summary: c.summary })),
      restricted,
    });
    setBusy(null);
    if (!ack.ok) return setError(ack.error);
    router.push(`/stories/${ack.data.slug}`);
  }

  const emptyTitle = cards?.some((c) => !c.title.trim());

  return (
    <div className="space-y-6" data-testid="new-story">
      <h1 className="text-2xl font-semibold">New story</h1>
      <section aria-labelledby="details" className="grid gap-4 rounded-lg border border-slate-200 bg-white p-4 md:grid-cols-2">
        <h2 id="details" className="text-lg font-semibold md:col-span-2">
          1. The story
        </h2>
        <Field label="Headline" value={headline} maxLength={STORY_LIMITS.headlineMax} onChange={(e) => setHeadline(e.target.value)} error={fieldError("headline")} className="md:col-span-2" />
        <Field
          label="Slug (its public address)"
          value={slug}
          maxLength={STORY_LIMITS.slugMax}
          onChange={(e) => setSlugEdited(e.target.value)}
          hint={`/live/${slug || "…"} · fixed once anything is published`}
          error={fieldError("slug")}
        />
        <Field label="Coverage starts" type="datetime-local" value={start} onChange={(e) => setStart(e.target.value)} error={fieldError("coverageStart")} />
        <Field
          label="Time zones of the event"
          value={zones}
          placeholder="America/Bogota, America/New_York"
          onChange={(e) => setZones(e.target.value)}
          hint="IANA names; the desk, the live page and embeds show local times in them"
          error={badZone ? `"${badZone}" is not a time-zone name (use e.g. America/Bogota)` : fieldError("timeZones")}
        />
        <label className="flex items-center gap-2 self-end text-sm text-slate-700">
          <input type="checkbox" checked={restricted} onChange={(e) => setRestricted(e.target.checked)} />
          Restricted (embargo, investigation): only members you name and admins see it
        </label>
        <label className="block md:col-span-2">
          <span className="block text-sm font-medium text-slate-700">Summary</span>
          <textarea value={summary} maxLength={STORY_LIMITS.summaryMax} rows={2} onChange={(e) => setSummary(e.target.value)} className="mt-1 w-full rounded border border-slate-300 px-3 py-2" />
        </label>
      </section>

      <section aria-labelledby="source" className="space-y-3 rounded-lg border border-slate-200 bg-white p-4">
        <h2 id="source" className="text-lg font-semibold">
          2. Source article (optional)
        </h2>
        <p className="text-sm text-slate-600">
          Paste an article (text or HTML, up to {STORY_LIMITS.articleBytesMax / 1000} KB). It is kept with the story as its source, seen only on the desk, and its
          recurring topics are proposed as draft cards. The proposer reads English; other languages get weaker proposals.
        </p>
        <label className="block">
          <span className="sr-only">Source article</span>
          <textarea
            value={article}
            rows={8}
            onChange={(e) => setArticle(e.target.value)}
            aria-label="Source article"
            className={`w-full rounded border px-3 py-2 font-mono text-sm ${tooBig ? "border-red-500" : "border-slate-300"}`}
          />
        </label>
        <div className="flex flex-wrap items-center gap-3">
          <button
            type="button"
            disabled={!connected || busy !== null || !article.trim() || tooBig}
            onClick={propose}
            className="rounded border border-slate-900 px-3 py-1.5 text-sm font-semibold hover:bg-slate-50 disabled:opacity-40"
          >
            {busy === "propose" ? "Reading…" : "Propose cards"}
          </button>
          <span className={`text-xs ${tooBig ? "text-red-700" : "text-slate-500"}`}>
            {(size / 1000).toFixed(1)} KB of {STORY_LIMITS.articleBytesMax / 1000} KB
          </span>
        </div>
        {warning && (
          <p role="status" className="rounded border border-amber-300 bg-amber-50 px-3 py-2 text-sm text-amber-900">
            {warning}
          </p>
        )}
      </section>

      <section aria-labelledby="cards" className="space-y-3 rounded-lg border border-slate-200 bg-white p-4">
        <h2 id="cards" className="text-lg font-semibold">
          3. Draft cards
        </h2>
        {cards === null ? (
          <p className="text-sm text-slate-600">Propose cards from the article, or create the story and add cards on its desk.</p>
        ) : (
          <ProposalEditor cards={cards} paragraphs={paragraphs} onChange={setCards} />
        )}
      </section>

      {error && !error.field && (
        <p role="alert" className="rounded border border-red-300 bg-red-50 px-4 py-3 text-red-900">
          {error.message}
        </p>
      )}
      {error?.field && !["headline", "slug", "coverageStart", "timeZones"].includes(error.field) && (
        <p role="alert" className="rounded border border-red-300 bg-red-50 px-4 py-3 text-red-900">
          {error.message}
        </p>
      )}
      <div className="flex items-center gap-3">
        <button
          type="button"
          disabled={!connected || busy !== null || !headline.trim() || !slug || !!badZone || tooBig || emptyTitle}
          onClick={create}
          className="rounded bg-slate-900 px-4 py-2 font-semibold text-white hover:bg-slate-700 disabled:opacity-40"
        >
          {busy === "create" ? "Creating…" : `Create story${cards?.length ? ` with ${cards.length} cards` : ""}`}
        </button>
        <span className="text-xs text-slate-500">Opened by {me.name}. Cards start as drafts.</span>
      </div>
    </div>
  );
}
