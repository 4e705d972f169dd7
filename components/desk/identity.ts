"use client";
/**
 * The browser's display name and a stable client id, kept in localStorage: asked once,
 * remembered after. Accounts replace this in a later issue.
 */
import { useCallback, useEffect, useState } from "react";
import type { Identity } from "./useDesk";

const NAME_KEY = "newsdesk:name";
const CLIENT_KEY = "newsdesk:clientId";

function newClientId(): string {
  // randomUUID exists only in secure contexts; a LAN address over http is not one.
  if (typeof crypto !== "undefined" && "randomUUID" in crypto) return crypto.randomUUID();
  return `c${Date.now().toString(36)}${Math.random().toString(36).slice(2, 12)}`;
}

/** `ready` turns true once localStorage was read; `identity` is null until a name is known. */
export function useIdentity() {
  const [identity, setIdentity] = useState<Identity | null>(null);
  const [ready, setReady] = useState(false);

  useEffect(() => {
    let clientId = localStorage.getItem(CLIENT_KEY);
    if (!clientId) {
      clientId = newClientId();
      localStorage.setItem(CLIENT_KEY, clientId);
    }
    const name = localStorage.getItem(NAME_KEY);
    // Reading localStorage can only happen after mount; this one-time sync is the point.
    // eslint-disable-next-line react-hooks/set-state-in-effect
    if (name) setIdentity({ name, clientId });
    setReady(true);
  }, []);

  const setName = useCallback((name: string) => {
    const clientId = localStorage.getItem(CLIENT_KEY) ?? newClientId();
    localStorage.setItem(NAME_KEY, name);
    localStorage.setItem(CLIENT_KEY, clientId);
    setIdentity({ name, clientId });
  }, []);

  return { identity, ready, setName };
}
