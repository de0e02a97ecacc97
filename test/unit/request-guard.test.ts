import { Readable } from 'node:stream';
import type { IncomingMessage } from 'node:http';
import { describe, expect, it } from 'vitest';
import { guardSlackRequest, MemoryReplayStore } from '../../src/slack/request-guard.js';
import { sign } from '../helpers/slack-requests.js';

const SECRET = 'guard-secret';
const NOW = 1_800_000_000_000;
const body = 'command=%2Fdeploy&text=web+nginx%3A1.27.0&trigger_id=1.2.3';

const request = (headers: Record<string, string>, text = body): IncomingMessage =>
  Object.assign(Readable.from([Buffer.from(text)]), { headers }) as unknown as IncomingMessage;

const signedAt = (offsetSeconds: number, text = body) => request(sign(SECRET, text, Math.floor(NOW / 1000) + offsetSeconds), text);

describe('guardSlackRequest', () => {
  it.each([
    ['now', 0, { ok: true }],
    ['4 minutes ago', -240, { ok: true }],
    ['4 minutes ahead (clock skew)', 240, { ok: true }],
    ['6 minutes ago', -360, { ok: false, reason: 'stale' }],
    ['6 minutes ahead', 360, { ok: false, reason: 'future' }],
  ])('a request signed %s → %j', async (_, offset, verdict) => {
    expect(await guardSlackRequest(signedAt(offset), { signingSecret: SECRET, replay: new MemoryReplayStore(), nowMs: NOW })).toEqual(verdict);
  });

  it('rejects a body changed after signing, and a missing signature', async () => {
    const headers = sign(SECRET, body, Math.floor(NOW / 1000));
    const tampered = request(headers, body.replace('1.27.0', '6.6.6'));
    expect(await guardSlackRequest(tampered, { signingSecret: SECRET, replay: new MemoryReplayStore(), nowMs: NOW })).toEqual({ ok: false, reason: 'signature' });
    expect(await guardSlackRequest(request({}), { signingSecret: SECRET, replay: new MemoryReplayStore(), nowMs: NOW })).toEqual({ ok: false, reason: 'signature' });
  });

  it('accepts a signed request once, then rejects it as a replay', async () => {
    const replay = new MemoryReplayStore(() => NOW);
    expect(await guardSlackRequest(signedAt(0), { signingSecret: SECRET, replay, nowMs: NOW })).toEqual({ ok: true });
    expect(await guardSlackRequest(signedAt(0), { signingSecret: SECRET, replay, nowMs: NOW })).toEqual({ ok: false, reason: 'replay' });
  });

  it('does not let forged requests use up signatures', async () => {
    const replay = new MemoryReplayStore(() => NOW);
    const headers = sign('wrong-secret', body, Math.floor(NOW / 1000));
    expect((await guardSlackRequest(request(headers), { signingSecret: SECRET, replay, nowMs: NOW })).ok).toBe(false);
    // The forged signature was not remembered: claiming it still succeeds.
    expect(await replay.claim(headers['x-slack-signature'] ?? '', 600)).toBe(true);
  });
});

describe('MemoryReplayStore', () => {
  it('forgets a signature after its time to live', async () => {
    let now = 0;
    const store = new MemoryReplayStore(() => now);
    expect(await store.claim('sig', 600)).toBe(true);
    now = 599_000;
    expect(await store.claim('sig', 600)).toBe(false);
    now = 601_000;
    expect(await store.claim('sig', 600)).toBe(true);
  });
});
