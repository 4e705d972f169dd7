"use client";
/**
 * The story desk: the story's cards in order, who is on it, and the live connection state. What
 * each control allows follows the signed-in account's role (lib/protocol/roles.ts); the server
 * checks every command again, and its refusals are shown like any other error.
 */
import { useCallback, useEffect, useMemo, useState, useSyncExternalStore } from "react";
import { announceAccount } from "../auth/account-events";
import { can, canEditCard, ROLE_LABELS, type AuditList, type Role, type SessionUser, type StoryWithCards } from "@/lib/protocol";
import { usePendingTextSync } from "../collab/usePendingTextSync";
import { FeedPanel } from "../feed/FeedPanel";
import { CARDS_SECTION_ID, LiveJump } from "../feed/LiveJump";
import type { FeedActions } from "../feed/FeedItem";
import { ActivityDialog } from "./ActivityDialog";
import { CardItem } from "./CardItem";
import type { CardActions } from "./card-actions";
import { ConnectionBadge } from "./ConnectionBadge";
import { useClientId } from "./identity";
import { NewCardForm } from "./NewCardForm";
import { SortableCards } from "./SortableCards";
import { memberColor, PresenceBar, uniqueMembers } from "./PresenceBar";
import { useDesk } from "./useDesk";
import { AudienceBar } from "./AudienceBar";
import { LocalTimes } from "../stories/LocalTimes";
import { SourceDialog } from "./SourceDialog";
import { StorySettings } from "./StorySettings";
import type { StoryStateAction } from "@/lib/protocol";
import { useReview } from "../review/useReview";

/** The page's address does not change while the desk is open (links navigate). */
const noSubscription = () => () => {};

/** What this role may do on the desk, said once at the top rather than on every control. */
const ROLE_NOTES: Partial<Record<Role, string>> = {
  viewer: "You are a viewer: you follow the story live but cannot change it.",
  contributor:
    "You are a contributor: you edit drafts and send them to review; an editor publishes. Your live updates wait for an editor’s approval.",
};

export function StoryDesk({ initialStory, me: signedIn, csrfToken }: { initialStory: StoryWithCards; me: SessionUser; csrfToken?: string }) {
  const clientId = useClientId();
  const { state, send, setEditing, socket, collab } = useDesk(initialStory, signedIn, clientId);
  const { story, members, connection, fatal, me } = state;
  // An archived story is read-only for everyone: every control acts as for a viewer.
  const archived = story.archivedAt !== null;
  const role: Role = archived ? "viewer" : me.role;
  const user = useMemo(() => (clientId ? { name: me.name, color: memberColor({ userId: me.id }) } : null), [clientId, me.name, me.id]);
  const online = connection === "connected";
  const reviewState = useReview(socket, send, online);
  // A notification's link: ?card=…&thread=… opens that card's text at the thread.
  const focusThreadId = useSyncExternalStore(
    noSubscription,
    () => new URLSearchParams(window.location.search).get("thread"),
    () => null,
  );
  const [activity, setActivity] = useState(false);
  // A live role (or name) change reaches the desk through its reconnection; the page header
  // follows (it would otherwise show the old role until a reload).
  useEffect(() => {
    if (me.role !== signedIn.role || me.name !== signedIn.name) announceAccount({ name: me.name, role: me.role });
  }, [me.role, me.name, signedIn.role, signedIn.name]);
  // Text typed offline in a tab since closed: sent as soon as the desk connects; listed meanwhile.
  const editable = useMemo(() => story.cards.filter((c) => canEditCard(role, c.status)).map((c) => c.id), [story.cards, role]);
  const waiting = usePendingTextSync(collab, online, editable);
  const [dialog, setDialog] = useState<"settings" | "source" | null>(null);
  const [stateError, setStateError] = useState<string | null>(null);
  const mayManage = can(me.role, "story:manage");
  const loadSource = useCallback(() => send("story:source", { storyId: story.id }), [send, story.id]);
  const loadAccess = useCallback(() => send("story:access", { storyId: story.id }), [send, story.id]);
  const setAccess = useCallback((restricted: boolean, memberIds: string[]) => send("story:setAccess", { storyId: story.id, restricted, memberIds }), [send, story.id]);
  const changeState = async (action: StoryStateAction) => {
    setStateError(null);
    const ack = await send("story:setState", { storyId: story.id, action });
    if (!ack.ok) setStateError(ack.error.message);
  };
  const stateButton = "rounded border border-slate-300 px-2 py-1 text-sm hover:bg-slate-50 disabled:opacity-40";

  const audit = useCallback((query: AuditList) => send("audit:list", query), [send]);
  const storyActivity = useCallback((before?: number) => audit(before ? { before } : {}), [audit]);

  const actions: CardActions = useMemo(
    () => ({
      update: (payload) => send("card:update", payload),
      setStatus: (card, status) => send("card:setStatus", { cardId: card.id, baseVersion: card.version, status }),
      move: (card, toIndex) => send("card:move", { cardId: card.id, toIndex }),
      remove: (card) => send("card:delete", { cardId: card.id }),
      publish: (payload) => send("card:publish", payload),
      history: (cardId) => send("card:history", { cardId }),
      preview: (cardId) => send("card:preview", { cardId }),
      revert: (card, revision) => send("card:revert", { cardId: card.id, revision, baseVersion: card.version }),
      audit,
      setEditing,
    }),
    [send, setEditing, audit],
  );

  const feedActions: FeedActions = useMemo(
    () => ({
      edit: (u, body, correction, note, more = {}) =>
        send("feed:edit", { updateId: u.id, baseVersion: u.version, body, correction, ...(note.trim() ? { note } : {}), ...more }),
      remove: (u) => send("feed:delete", { updateId: u.id }),
      pin: (updateId) => send("feed:pin", { updateId }),
      keyEvent: (u, keyEvent) => send("feed:keyEvent", { updateId: u.id, keyEvent }),
      approve: (u) => send("feed:approve", { updateId: u.id }),
    }),
    [send],
  );

  // Someone else on a card: another account (my own other tabs are not "someone").
  const others = uniqueMembers(members).filter((m) => m.userId !== me.id);
  const note = archived ? undefined : ROLE_NOTES[role];

  return (
    <div className="space-y-5 pb-14 lg:pb-0" data-role={role}>
      <LiveJump />
      <header className="space-y-2">
        <div className="flex flex-wrap items-center justify-between gap-2">
          <p className="text-xs font-medium text-slate-500" data-testid="story-state">
            <span className="uppercase tracking-wide">{archived ? "Archived story" : story.coverageEnd ? "Coverage ended" : "Live story"}</span>
            {story.coverageStart && (
              <>
                {" "}· from <LocalTimes iso={story.coverageStart} zones={story.timeZones} />
              </>
            )}
            {story.coverageEnd && (
              <>
                {" "}· ended <LocalTimes iso={story.coverageEnd} zones={story.timeZones} />
              </>
            )}
          </p>
          <div className="flex flex-wrap items-center gap-2">
            <button type="button" onClick={() => setDialog("source")} className={stateButton}>
              Source
            </button>
            {mayManage && !archived && (
              <>
                <button type="button" disabled={!online} onClick={() => setDialog("settings")} className={stateButton}>
                  Settings
                </button>
                {story.coverageEnd ? (
                  <button type="button" disabled={!online} onClick={() => changeState("reopen")} className={stateButton}>
                    Reopen coverage
                  </button>
                ) : (
                  <button type="button" disabled={!online} onClick={() => changeState("end")} className={stateButton}>
                    End coverage
                  </button>
                )}
              </>
            )}
            {mayManage && (
              <button type="button" disabled={!online} onClick={() => changeState(archived ? "unarchive" : "archive")} className={stateButton}>
                {archived ? "Unarchive" : "Archive"}
              </button>
            )}
            {can(me.role, "audit:read") && (
              <button type="button" onClick={() => setActivity(true)} className="rounded border border-slate-300 px-2 py-1 text-sm hover:bg-slate-50">
                Activity
              </button>
            )}
            <ConnectionBadge connection={connection} />
          </div>
        </div>
        <h1 className="text-2xl font-bold leading-tight sm:text-3xl">{story.headline}</h1>
        <p className="max-w-3xl text-slate-700">{story.summary}</p>
        <PresenceBar members={members} cards={story.cards} selfUserId={me.id} />
        <AudienceBar socket={socket} storyId={story.id} cards={story.cards} />
        {archived && (
          <p data-testid="archived-note" className="rounded border border-amber-300 bg-amber-50 px-3 py-2 text-sm text-amber-900">
            This story is archived: its desk is read-only for everyone. Its public pages and embeds keep working.
          </p>
        )}
        {stateError && (
          <p role="alert" className="rounded border border-red-300 bg-red-50 px-3 py-2 text-sm text-red-900">
            {stateError}
          </p>
        )}
        {waiting.length > 0 && (
          <p role="status" data-testid="text-waiting" className="rounded border border-amber-300 bg-amber-50 px-3 py-2 text-sm text-amber-900">
            Text typed offline in this browser is waiting to sync ({waiting.length} card{waiting.length === 1 ? "" : "s"}):{" "}
            {story.cards
              .filter((c) => waiting.includes(c.id))
              .map((c) => `“${c.title}”`)
              .join(", ")}
            . {online ? "Syncing now…" : "It is sent when the connection returns."}
          </p>
        )}
        {note && (
          <p data-testid="role-note" className="rounded border border-slate-200 bg-white px-3 py-2 text-sm text-slate-700">
            <span className="mr-2 rounded-full bg-slate-100 px-2 py-0.5 text-xs font-medium ring-1 ring-slate-300">{ROLE_LABELS[role]}</span>
            {note}
          </p>
        )}
      </header>

      {fatal && (
        <p role="alert" className="rounded border border-red-300 bg-red-50 px-4 py-3 text-red-900">
          {fatal}
        </p>
      )}

      <div className="grid items-start gap-5 xl:grid-cols-[1fr_24rem]">
        <div className="space-y-5">
          <section id={CARDS_SECTION_ID} aria-label="Topic cards" className="grid scroll-mt-4 items-start gap-4 lg:grid-cols-2">
            <SortableCards cards={story.cards} onMove={(card, to) => void actions.move(card, to)}>
            {story.cards.map((card, index) => (
              <CardItem
                key={card.id}
                card={card}
                index={index}
                count={story.cards.length}
                editors={others.filter((m) => m.editingCardId === card.id)}
                online={online}
                actions={actions}
                collab={collab}
                user={user}
                role={role}
                textWaiting={waiting.includes(card.id)}
                review={{ state: reviewState, meId: me.id, focusThreadId }}
              />
            ))}
            </SortableCards>
          </section>

          <NewCardForm
            online={online}
            allowed={can(role, "card:create")}
            onCreate={(title, summary) => send("card:create", { storyId: story.id, title, summary })}
          />
        </div>
        <aside className="xl:sticky xl:top-4">
          <FeedPanel
            slug={story.slug}
            feed={state.feed}
            cards={story.cards}
            online={online}
            post={(body, extras) => send("feed:post", { body, ...extras })}
            csrfToken={csrfToken}
            more={(before) => send("feed:more", { before })}
            actions={feedActions}
            role={role}
            review={{ state: reviewState, meId: me.id, mayComment: can(role, "comment:write"), mayModerate: can(role, "comment:moderate") }}
          />
        </aside>
      </div>

      {dialog === "settings" && (
        <StorySettings
          story={story}
          onClose={() => setDialog(null)}
          update={(payload) => send("story:update", payload)}
          loadAccess={loadAccess}
          setAccess={setAccess}
        />
      )}
      {dialog === "source" && <SourceDialog load={loadSource} onClose={() => setDialog(null)} />}
      {activity && <ActivityDialog title="Activity on this story" load={storyActivity} onClose={() => setActivity(false)} />}
    </div>
  );
}
