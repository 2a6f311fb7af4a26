/**
 * Where families' replies to Tickmark's email go (`MAIL_REPLY_TO`) and the secret a mail
 * provider's inbound route sends with each reply it posts back (`INBOUND_MAIL_SECRET`), checked
 * at start by config.ts. Each first-day email's Reply-To is `MAIL_REPLY_TO` with the message's
 * token after a plus (`replies+TOKEN@inbound.school.example`), so the reply names the message it
 * answers; its Message-ID carries the same token, for mail programs that keep In-Reply-To.
 */
import type { z } from 'zod';

export interface ReplySettings {
  /** The address replies go to, with a `+token` added to its local part; null: no Reply-To. */
  readonly replyTo: string | null;
  /** The shared secret the inbound route must present; null: the inbound route refuses all. */
  readonly inboundSecret: string | null;
}

export interface ReplyEnv {
  readonly MAIL_REPLY_TO: string | undefined;
  readonly INBOUND_MAIL_SECRET: string | undefined;
}

/** The shortest secret taken: long enough that it cannot be guessed by trying. */
export const MIN_INBOUND_SECRET_LENGTH = 24;

export function readReplySettings(env: ReplyEnv, ctx: z.RefinementCtx): ReplySettings {
  if (
    env.MAIL_REPLY_TO !== undefined &&
    !/^[^\s@<>+]+@[^\s@<>]+\.[^\s@<>]+$/.test(env.MAIL_REPLY_TO)
  ) {
    ctx.addIssue({
      code: 'custom',
      path: ['MAIL_REPLY_TO'],
      message: `${JSON.stringify(env.MAIL_REPLY_TO)} is not a bare email address without a plus; write it like replies@inbound.school.example (your mail provider's inbound address)`,
    });
  }
  if (
    env.INBOUND_MAIL_SECRET !== undefined &&
    env.INBOUND_MAIL_SECRET.length < MIN_INBOUND_SECRET_LENGTH
  ) {
    ctx.addIssue({
      code: 'custom',
      path: ['INBOUND_MAIL_SECRET'],
      message: `is shorter than ${MIN_INBOUND_SECRET_LENGTH} characters; use a long random secret (openssl rand -hex 24)`,
    });
  }
  return {
    replyTo: env.MAIL_REPLY_TO ?? null,
    inboundSecret: env.INBOUND_MAIL_SECRET ?? null,
  };
}

/** `replies@x.example` with `token` → `replies+token@x.example`. */
export function replyAddress(replyTo: string, token: string): string {
  const at = replyTo.lastIndexOf('@');
  return `${replyTo.slice(0, at)}+${token}${replyTo.slice(at)}`;
}

/** The Message-ID of a first-day email with this token (angle brackets included). */
export const firstDayMessageId = (token: string): string => `<first-day.${token}@tickmark.invalid>`;

/** The token a reply carries: in a `+token` recipient, or in In-Reply-To/References. */
export function tokenOfReply(
  recipients: readonly string[],
  references: readonly string[],
): string | null {
  for (const address of recipients) {
    const match = /\+([a-z0-9]{20,40})@/i.exec(address);
    if (match?.[1] !== undefined) return match[1].toLowerCase();
  }
  for (const reference of references) {
    const match = /first-day\.([a-z0-9]{20,40})@tickmark\.invalid/i.exec(reference);
    if (match?.[1] !== undefined) return match[1].toLowerCase();
  }
  return null;
}
