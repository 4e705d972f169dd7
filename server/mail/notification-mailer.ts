/**
 * Notification emails, batched: a new notification opens a window (EMAIL_BATCH_MS); when it
 * closes, each person gets ONE email with everything of theirs not yet sent, if they want email
 * at all (their preference; off means the bell only). Rows are claimed one by one before sending
 * (Notification.emailedAt), so several processes never send the same notification twice; a send
 * that fails gives its rows back for the next batch. A slow sweep also picks up notifications
 * stored by other processes whose mailer is not running.
 */
import nodemailer from "nodemailer";
import { threadHref } from "../../lib/protocol/review";
import { toReviewNotification } from "../domain/notifications";
import { loggerFor } from "../logger";
import type { NotificationRecord } from "../store/review-types";
import type { DeskStore } from "../store/types";

const log = loggerFor("mail");

export interface MailerOptions {
  store: DeskStore;
  smtpUrl: string;
  from: string;
  /** Base of the links (the desk's address). */
  deskUrl: string;
  batchMs: number;
}

export interface NotificationMailer {
  /** A notification was stored: send within one batch window. */
  nudge(): void;
  /** Sends what is due now (tests, shutdown). */
  flush(): Promise<void>;
  stop(): Promise<void>;
}

const BATCH_ROWS = 500;

function emailText(name: string, items: NotificationRecord[], deskUrl: string): { subject: string; text: string } {
  const lines = items.map((row) => {
    const n = toReviewNotification(row);
    const what = n.kind === "mention" ? `${n.actorName} mentioned you` : `${n.actorName} replied in a thread you are in`;
    return `- ${what}: "${n.excerpt}"\n  ${new URL(threadHref(n), deskUrl).href}`;
  });
  const subject = items.length === 1 ? `${items[0].actorName} ${items[0].kind === "mention" ? "mentioned you" : "replied"} on Newsdesk` : `${items.length} new notifications on Newsdesk`;
  const text = `Hello ${name},\n\n${lines.join("\n\n")}\n\nTurn these emails off from the bell in the desk.\n`;
  return { subject, text };
}

export function startNotificationMailer(opts: MailerOptions): NotificationMailer {
  const transport = nodemailer.createTransport(opts.smtpUrl);
  let window: NodeJS.Timeout | undefined;
  let running: Promise<void> = Promise.resolve();
  let stopped = false;

  async function sendDue(): Promise<void> {
    const due = await opts.store.review.unmailed(new Date(), BATCH_ROWS);
    const byUser = new Map<string, NotificationRecord[]>();
    for (const n of due) byUser.set(n.userId, [...(byUser.get(n.userId) ?? []), n]);
    for (const [userId, rows] of byUser) {
      const claimed = new Set(await opts.store.review.claimForEmail(rows.map((r) => r.id), new Date()));
      const mine = rows.filter((r) => claimed.has(r.id));
      if (mine.length === 0) continue; // another process took them
      const user = await opts.store.users.findById(userId);
      // Claimed either way: someone who turned email off, or left, is not written to later either.
      if (!user || !user.active || !(await opts.store.review.emailPreference(userId))) continue;
      const { subject, text } = emailText(user.name, mine, opts.deskUrl);
      try {
        await transport.sendMail({ from: opts.from, to: user.email, subject, text });
      } catch (err) {
        log.warn({ err, userId, count: mine.length }, "notification email not sent; retrying with the next batch");
        await opts.store.review.unclaimEmail(mine.map((r) => r.id));
      }
    }
  }

  const flush = (): Promise<void> => {
    running = running.then(sendDue).catch((err: unknown) => log.error({ err }, "notification emails failed"));
    return running;
  };

  const sweep = setInterval(() => void flush(), opts.batchMs * 5);
  sweep.unref();

  return {
    nudge() {
      if (stopped || window) return;
      window = setTimeout(() => {
        window = undefined;
        void flush();
      }, opts.batchMs);
      window.unref();
    },
    flush,
    async stop() {
      stopped = true;
      clearInterval(sweep);
      if (window) clearTimeout(window);
      await running;
      transport.close();
    },
  };
}
