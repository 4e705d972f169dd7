"use client";
/** The story desk: the story's cards in order, who is on it, and the live connection state. */
import { useMemo, useState } from "react";
import type { Role, StoryWithCards } from "@/lib/protocol";
import { FeedPanel } from "../feed/FeedPanel";
import type { FeedActions } from "../feed/FeedItem";
import { CardItem, type CardActions } from "./CardItem";
import { colorFor } from "./colors";
import { ConnectionBadge } from "./ConnectionBadge";
import { useIdentity } from "./identity";
import { NamePrompt } from "./NamePrompt";
import { NewCardForm } from "./NewCardForm";
import { PresenceBar, uniqueMembers } from "./PresenceBar";
import { useDesk } from "./useDesk";

/** Every desk user acts as an editor until accounts arrive (lib/protocol/roles.ts). */
const DESK_ROLE: Role = "editor";

export function StoryDesk({ initialStory }: { initialStory: StoryWithCards }) {
  const { identity, ready, setName } = useIdentity();
  const [renaming, setRenaming] = useState(false);
  const { state, send, setEditing, socket } = useDesk(initialStory, identity);
  const user = useMemo(() => (identity ? { name: identity.name, color: colorFor(identity.clientId) } : null), [identity]);
  const { story, members, connection, fatal } = state;
  const online = connection === "connected";

  const actions: CardActions = useMemo(
    () => ({
      update: (payload) => send("card:update", payload),
      setStatus: (card, status) => send("card:setStatus", { cardId: card.id, baseVersion: card.version, status }),
      move: (card, toIndex) => send("card:move", { cardId: card.id, toIndex }),
      remove: (card) => send("card:delete", { cardId: card.id }),
      publish: (payload) => send("card:publish", payload),
      history: (cardId) => send("card:history", { cardId }),
      revert: (card, revision) => send("card:revert", { cardId: card.id, revision, baseVersion: card.version }),
      setEditing,
    }),
    [send, setEditing],
  );

  const feedActions: FeedActions = useMemo(
    () => ({
      edit: (u, body, correction, note) =>
        send("feed:edit", { updateId: u.id, baseVersion: u.version, body, correction, ...(note.trim() ? { note } : {}) }),
      remove: (u) => send("feed:delete", { updateId: u.id }),
      pin: (updateId) => send("feed:pin", { updateId }),
      keyEvent: (u, keyEvent) => send("feed:keyEvent", { updateId: u.id, keyEvent }),
    }),
    [send],
  );

  const others = uniqueMembers(members).filter((m) => m.clientId !== identity?.clientId);

  return (
    <div className="space-y-5">
      {ready && (!identity || renaming) && (
        <NamePrompt
          initial={identity?.name}
          onSubmit={(name) => {
            setName(name);
            setRenaming(false);
          }}
          onCancel={identity ? () => setRenaming(false) : undefined}
        />
      )}

      <header className="space-y-2">
        <div className="flex flex-wrap items-center justify-between gap-2">
          <p className="text-xs font-medium uppercase tracking-wide text-slate-500">
            Story{story.coverageStart && <> · coverage from {new Date(story.coverageStart).toUTCString().slice(0, 22)} UTC</>}
          </p>
          <ConnectionBadge connection={connection} />
        </div>
        <h1 className="text-2xl font-bold leading-tight sm:text-3xl">{story.headline}</h1>
        <p className="max-w-3xl text-slate-700">{story.summary}</p>
        {identity && (
          <PresenceBar members={members} cards={story.cards} selfId={identity.clientId} onRename={() => setRenaming(true)} />
        )}
      </header>

      {fatal && (
        <p role="alert" className="rounded border border-red-300 bg-red-50 px-4 py-3 text-red-900">
          {fatal}
        </p>
      )}

      <div className="grid items-start gap-5 xl:grid-cols-[1fr_24rem]">
      <div className="space-y-5">
      <section aria-label="Topic cards" className="grid items-start gap-4 lg:grid-cols-2">
        {story.cards.map((card, index) => (
          <CardItem
            key={card.id}
            card={card}
            index={index}
            count={story.cards.length}
            editors={others.filter((m) => m.editingCardId === card.id)}
            online={online}
            actions={actions}
            socket={socket}
            user={user}
            role={DESK_ROLE}
          />
        ))}
      </section>

      <NewCardForm online={online} onCreate={(title, summary) => send("card:create", { storyId: story.id, title, summary })} />
      </div>
      <aside className="xl:sticky xl:top-4">
        <FeedPanel
          slug={story.slug}
          feed={state.feed}
          cards={story.cards}
          online={online}
          post={(body, cardId, keyEvent) => send("feed:post", { body, cardId, keyEvent })}
          more={(before) => send("feed:more", { before })}
          actions={feedActions}
        />
      </aside>
      </div>
    </div>
  );
}
