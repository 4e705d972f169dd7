import type { Metadata } from "next";
import { headers } from "next/headers";
import Link from "next/link";
import { notFound } from "next/navigation";
import { oembedUrl } from "@/lib/protocol/embed";
import { publicCardView } from "@/server/domain/public-cards";
import { getServices } from "@/server/registry";
import { originOf } from "../../_lib/origin";

export const dynamic = "force-dynamic";

type Props = { params: Promise<{ id: string }> };

async function load(params: Props["params"]) {
  const view = await publicCardView(getServices().store, (await params).id);
  return view?.state === "published" ? view : null;
}

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const view = await load(params);
  if (!view) return { title: "Not available" };
  const origin = originOf(await headers());
  return {
    title: view.card.title,
    description: view.card.summary,
    // oEmbed discovery: consumers given this page's URL find the endpoint here.
    alternates: { types: { "application/json+oembed": oembedUrl(origin, view.card.id) } },
  };
}

const when = (iso: string) => new Date(iso).toUTCString();

/** A published card's public page: its latest published revision, with corrections shown. */
export default async function PublicCardPage({ params }: Props) {
  const view = await load(params);
  if (!view) notFound();
  const { card, story } = view;
  return (
    <article className="mx-auto max-w-3xl" data-testid="public-card">
      <p className="text-sm text-slate-500">
        <Link href={`/live/${story.slug}`} className="underline hover:text-slate-800">
          {story.headline}
        </Link>
      </p>
      <h1 className="mt-2 text-3xl font-bold leading-tight">{card.title}</h1>
      {card.summary && <p className="mt-2 text-lg text-slate-700">{card.summary}</p>}
      <p className="mt-2 text-xs text-slate-500">
        Published <time dateTime={card.firstPublishedAt}>{when(card.firstPublishedAt)}</time>
        {card.updatedAt !== card.firstPublishedAt && (
          <>
            {" "}· updated <time dateTime={card.updatedAt}>{when(card.updatedAt)}</time>
          </>
        )}
      </p>
      {/* Sanitised when published (server/domain/sanitize.ts). */}
      <div className="prose-card mt-6 max-w-none text-slate-800" dangerouslySetInnerHTML={{ __html: card.bodyHtml }} />
      {card.corrections.length > 0 && (
        <aside className="mt-6 rounded border border-amber-300 bg-amber-50 p-3 text-sm" aria-label="Corrections">
          {card.corrections.map((c) => (
            <p key={c.at}>
              <strong>Correction</strong> (<time dateTime={c.at}>{when(c.at)}</time>): {c.note}
            </p>
          ))}
        </aside>
      )}
    </article>
  );
}
