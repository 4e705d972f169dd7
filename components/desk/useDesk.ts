"use client";
/**
 * The live connection of one browser to one story: joins on every (re)connect, so the state is
 * rebuilt from the server after any gap; applies broadcasts; sends commands and resolves with
 * their acks. Commands are refused locally while disconnected rather than queued, so the desk
 * never claims to have saved what it has not. The connection is authenticated by the session
 * cookie: refused as signed out, the desk sends the user to sign in and back.
 */
import { useCallback, useEffect, useReducer, useRef, useState } from "react";
import { CollabChannel } from "@/lib/collab/collab-channel";
import { io } from "socket.io-client";
import { PROTOCOL_VERSION, type Ack, type AckOf, type CommandName, type PayloadOf, type SessionUser, type StoryWithCards } from "@/lib/protocol";
import { signInPath } from "../auth/safe-next";
import { ackActions } from "./ack-effects";
import { emitCommand, type DeskSocket } from "./desk-socket";
import { deskReducer, type DeskState } from "./desk-state";

/** What the desk sends through `send`: every acknowledged command but the join (sent on connect). */
type DeskCommand = Exclude<CommandName, "story:join">;

/** How long a command may wait for its ack before the desk says it failed. */
const ACK_TIMEOUT_MS = 10_000;

/** The session ended (expired, signed out elsewhere, deactivated): sign in again, then come back here. */
function toSignIn(): void {
  window.location.assign(signInPath(`${window.location.pathname}${window.location.search}`));
}

export function useDesk(initialStory: StoryWithCards, me: SessionUser, clientId: string | null) {
  const [state, dispatch] = useReducer(deskReducer, {
    me,
    story: initialStory,
    members: [],
    feed: { updates: [], pinnedUpdateId: null, hasMore: false },
    connection: "connecting",
    fatal: null,
  } satisfies DeskState);
  const socketRef = useRef<DeskSocket | null>(null);
  /** The live socket, and the card-text channel the editors share (it follows the socket). */
  const [socket, setSocket] = useState<DeskSocket | null>(null);
  const [collab, setCollab] = useState<CollabChannel | null>(null);
  const slug = initialStory.slug;

  useEffect(() => {
    if (!clientId) return;
    const socket: DeskSocket = io({ auth: { protocol: PROTOCOL_VERSION }, reconnectionDelayMax: 5_000 });
    socketRef.current = socket;
    const channel = new CollabChannel(socket, { baseUrl: window.location.origin });
    // The socket is an external system created here; editors render once it exists.
    // eslint-disable-next-line react-hooks/set-state-in-effect
    setSocket(socket);
    setCollab(channel);

    const join = () => {
      socket.emit("story:join", { slug, clientId }, (ack) => {
        if (ack.ok) {
          dispatch({ type: "joined", me: ack.data.me, story: ack.data.story, members: ack.data.members, feed: ack.data.feed });
          // Card text opens on its own channel once the story is joined (its cards are checked against it).
          channel.start();
        }
        else if (ack.error.code === "UNAUTHORIZED") toSignIn();
        else dispatch({ type: "fatal", message: ack.error.message });
      });
    };
    // The browser says the network is gone: drop the socket now rather than wait for its
    // heartbeat to fail, so nothing pretends to be live (edits wait in the documents).
    const onOffline = () => {
      socket.disconnect();
      dispatch({ type: "connection", connection: "offline" });
    };
    const onOnline = () => {
      // The socket may have outlived a short network loss.
      if (socket.connected) return dispatch({ type: "connection", connection: "connected" });
      dispatch({ type: "connection", connection: "reconnecting" });
      // Do not wait out the back-off timer that grew while offline: reconnect now.
      socket.disconnect();
      socket.connect();
    };

    socket.on("connect", join);
    socket.on("disconnect", (reason) => {
      // A server-side disconnect is not retried by socket.io on its own.
      if (reason === "io server disconnect") socket.connect();
      dispatch({ type: "connection", connection: navigator.onLine ? "reconnecting" : "offline" });
    });
    socket.on("connect_error", (err) => {
      if (err.message.startsWith("UNAUTHORIZED")) {
        socket.disconnect();
        toSignIn();
        return;
      }
      if (err.message.startsWith("PROTOCOL_MISMATCH")) {
        dispatch({ type: "fatal", message: "The desk was updated. Reload the page to continue." });
        socket.disconnect();
        return;
      }
      dispatch({ type: "connection", connection: navigator.onLine ? "reconnecting" : "offline" });
    });
    socket.on("card:created", (card) => dispatch({ type: "cardUpserted", card }));
    socket.on("card:updated", (card) => dispatch({ type: "cardUpserted", card }));
    socket.on("card:text", (changes) => changes.forEach((change) => dispatch({ type: "cardText", change })));
    socket.on("card:moved", (order) => dispatch({ type: "cardsMoved", order }));
    socket.on("card:deleted", ({ cardId }) => dispatch({ type: "cardDeleted", cardId }));
    socket.on("presence:joined", ({ storyId, member }) => dispatch({ type: "memberJoined", storyId, member }));
    socket.on("presence:left", ({ storyId, clientId }) => dispatch({ type: "memberLeft", storyId, clientId }));
    socket.on("story:updated", (story) => dispatch({ type: "storyUpdated", story }));
    socket.on("story:gone", () => dispatch({ type: "fatal", message: "This story was restricted and you are not one of its members. Go back to the story list." }));
    socket.on("feed:posted", (update) => dispatch({ type: "feedUpserted", update }));
    socket.on("feed:changed", (update) => dispatch({ type: "feedUpserted", update }));
    socket.on("feed:deleted", ({ updateId }) => dispatch({ type: "feedDeleted", updateId }));
    socket.on("feed:pinned", ({ pinnedUpdateId }) => dispatch({ type: "feedPinned", pinnedUpdateId }));
    window.addEventListener("offline", onOffline);
    window.addEventListener("online", onOnline);

    return () => {
      window.removeEventListener("offline", onOffline);
      window.removeEventListener("online", onOnline);
      channel.destroy();
      socket.removeAllListeners();
      socket.disconnect();
      socketRef.current = null;
      setSocket(null);
      setCollab(null);
    };
  }, [slug, clientId]);

  /** Sends a command; resolves with its ack (an error ack when offline or on time-out). */
  const send = useCallback(async <E extends DeskCommand>(event: E, payload: PayloadOf<E>): Promise<Ack<AckOf<E>>> => {
    const ack = await emitCommand(socketRef.current, event, payload, {
      timeoutMs: ACK_TIMEOUT_MS,
      offline: "Not connected: the change was not sent. Try again when the desk is back online.",
      late: "The server did not confirm the change in time; it may not be saved.",
    });
    // Apply our own change at once; the broadcast of the same version will be ignored.
    if (ack.ok) {
      for (const action of ackActions(event, ack.data, payload)) dispatch(action);
    } else {
      if (ack.error.code === "UNAUTHORIZED") toSignIn();
      else if (ack.error.current) dispatch({ type: "cardUpserted", card: ack.error.current });
      if (ack.error.currentStory) dispatch({ type: "storyUpdated", story: ack.error.currentStory });
    }
    return ack;
  }, []);

  const setEditing = useCallback((editingCardId: string | null) => {
    socketRef.current?.volatile.emit("presence:update", { editingCardId });
  }, []);

  return { state, send, setEditing, socket, collab };
}
