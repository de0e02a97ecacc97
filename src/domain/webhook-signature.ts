import { createHmac, timingSafeEqual } from 'node:crypto';

/*
 * The signature of Kanaria's own webhooks (POST /webhooks/image), shaped like Slack's request signing so a CI step
 * can make it with openssl: `X-Kanaria-Signature: v1=<hex HMAC-SHA256 of "v1:<timestamp>:<body>">` and
 * `X-Kanaria-Timestamp: <unix seconds>`.
 */

/** How far a timestamp may be from now, either way: older requests are replays or stuck retries. */
export const WEBHOOK_WINDOW_SECONDS = 5 * 60;

export const SIGNATURE_HEADER = 'x-kanaria-signature';
export const TIMESTAMP_HEADER = 'x-kanaria-timestamp';

/** The header value for a body sent at `timestamp` (unix seconds). */
export const webhookSignature = (secret: string, timestamp: number | string, body: string): string =>
  `v1=${createHmac('sha256', secret).update(`v1:${timestamp}:${body}`).digest('hex')}`;

/** Why a request's headers are refused before its body is read. */
export type StampFault = 'unsigned' | 'stale' | 'future';

/** The timestamp header, checked against now: a missing or malformed one is `unsigned`. */
export function checkTimestamp(
  headers: { signature?: string; timestamp?: string },
  nowMs: number,
): { ok: true; timestamp: number } | { ok: false; fault: StampFault } {
  const { signature, timestamp } = headers;
  if (!signature || timestamp === undefined || !/^\d{1,12}$/.test(timestamp)) return { ok: false, fault: 'unsigned' };
  const seconds = Number(timestamp);
  const now = Math.floor(nowMs / 1000);
  if (seconds < now - WEBHOOK_WINDOW_SECONDS) return { ok: false, fault: 'stale' };
  if (seconds > now + WEBHOOK_WINDOW_SECONDS) return { ok: false, fault: 'future' };
  return { ok: true, timestamp: seconds };
}

/** Whether `signature` signs `body` at `timestamp`, compared in constant time. */
export function signatureMatches(secret: string, timestamp: number, body: string, signature: string): boolean {
  const expected = Buffer.from(webhookSignature(secret, timestamp, body));
  const given = Buffer.from(signature);
  return given.length === expected.length && timingSafeEqual(given, expected);
}
