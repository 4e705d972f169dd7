"use client";
/**
 * The rich-text editor of a card's body, edited together: Tiptap bound to the card's Yjs
 * document, synced by CardTextProvider over the desk's socket, with the others' named cursors.
 * Every change is also kept in the browser (IndexedDB), so edits made offline survive a closed
 * tab and are sent on the next visit.
 */
import Collaboration from "@tiptap/extension-collaboration";
import CollaborationCaret from "@tiptap/extension-collaboration-caret";
import { EditorContent, useEditor } from "@tiptap/react";
import StarterKit from "@tiptap/starter-kit";
import { useEffect, useState } from "react";
import type { Socket } from "socket.io-client";
import { IndexeddbPersistence } from "y-indexeddb";
import * as Y from "yjs";
import { CardTextProvider, type SyncStatus } from "@/lib/collab/card-text-provider";
import { BODY_FIELD, type ClientToServerEvents, type ServerToClientEvents } from "@/lib/protocol";
import { EditorToolbar } from "./EditorToolbar";
import { SyncBadge } from "./SyncBadge";

type DeskSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

export interface EditorUser {
  name: string;
  color: string;
}

interface Session {
  doc: Y.Doc;
  provider: CardTextProvider;
}

/** Opens the card's document: local copy first (offline edits), then the server. */
function useCardSession(socket: DeskSocket, cardId: string): Session | null {
  const [session, setSession] = useState<Session | null>(null);
  useEffect(() => {
    const doc = new Y.Doc();
    const local = new IndexeddbPersistence(`newsdesk:card:${cardId}`, doc);
    let provider: CardTextProvider | null = null;
    let cancelled = false;
    void local.whenSynced.then(() => {
      if (cancelled) return;
      provider = new CardTextProvider(socket, cardId, doc);
      setSession({ doc, provider });
    });
    return () => {
      cancelled = true;
      provider?.destroy();
      void local.destroy();
      doc.destroy();
      setSession(null);
    };
  }, [socket, cardId]);
  return session;
}

export function CardTextEditor({ socket, cardId, user, label }: { socket: DeskSocket; cardId: string; user: EditorUser; label: string }) {
  const session = useCardSession(socket, cardId);
  if (!session) return <p className="text-sm text-slate-500">Opening the text…</p>;
  return <BoundEditor key={session.doc.guid} session={session} user={user} label={label} />;
}

function BoundEditor({ session, user, label }: { session: Session; user: EditorUser; label: string }) {
  const { doc, provider } = session;
  const [status, setStatus] = useState<SyncStatus>(provider.status);
  useEffect(() => provider.onStatus(setStatus), [provider]);

  const editor = useEditor({
    immediatelyRender: false,
    extensions: [
      // Yjs keeps the history of a shared document; the local undo stack would fight it.
      StarterKit.configure({ undoRedo: false, link: { openOnClick: false, autolink: true } }),
      Collaboration.configure({ document: doc, field: BODY_FIELD }),
      CollaborationCaret.configure({ provider, user }),
    ],
    editorProps: {
      attributes: {
        "aria-label": label,
        "aria-multiline": "true",
        role: "textbox",
        class: "prose-card min-h-32 rounded-b border border-t-0 border-slate-300 bg-white px-3 py-2 focus:outline-none",
      },
    },
  });

  return (
    <div className="mt-2" data-testid="card-text-editor">
      <div className="flex items-center justify-between rounded-t border border-slate-300 bg-slate-50 px-2 py-1">
        <EditorToolbar editor={editor} />
        <SyncBadge status={status} error={provider.error} />
      </div>
      <EditorContent editor={editor} />
    </div>
  );
}
