"use client";
/**
 * This tab's client id for presence: the account says who someone is; the client id tells
 * their tabs apart (two tabs are two connections, each with its own cursor). Kept in
 * sessionStorage, so a reload keeps it and a new tab gets its own.
 */
import { useEffect, useState } from "react";

const CLIENT_KEY = "newsdesk:clientId";

function newClientId(): string {
  // randomUUID exists only in secure contexts; a LAN address over http is not one.
  if (typeof crypto !== "undefined" && "randomUUID" in crypto) return crypto.randomUUID();
  return `c${Date.now().toString(36)}${Math.random().toString(36).slice(2, 12)}`;
}

/** Null until mounted (storage is read in the browser only). */
export function useClientId(): string | null {
  const [clientId, setClientId] = useState<string | null>(null);
  useEffect(() => {
    let id: string | null = null;
    try {
      id = sessionStorage.getItem(CLIENT_KEY);
      if (!id) {
        id = newClientId();
        sessionStorage.setItem(CLIENT_KEY, id);
      }
    } catch {
      id = newClientId(); // storage blocked: one id for this page's life
    }
    // Reading storage can only happen after mount; this one-time sync is the point.
    // eslint-disable-next-line react-hooks/set-state-in-effect
    setClientId(id);
  }, []);
  return clientId;
}
