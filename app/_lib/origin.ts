/**
 * What pages and routes need to write absolute URLs: the site's origin (lib/http/origin.ts, shared
 * with the Node server's fast path) and the publisher's name (PUBLISHER_NAME, read and defaulted
 * in server/env.ts only).
 */
import { publisher } from "@/server/services";

export { originOf } from "@/lib/http/origin";
export { publisher };

/** The publisher readers and oEmbed consumers see. */
export const publisherName = () => publisher().name;
