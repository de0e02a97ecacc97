import { Readable } from 'node:stream';
import type { IncomingMessage } from 'node:http';
import { describe, expect, it } from 'vitest';
import { guardSlackRequest, MAX_BODY_BYTES, MemoryReplayStore } from '../../src/slack/request-guard.js';
import { sign } from '../helpers/slack-requests.js';

const SECRET = 'guard-secret';
const NOW = 1_800_000_000_000;
const body = 'command=%2Fdeploy&text=web+nginx%3A1.27.0&trigger_id=1.2.3';

const request = (headers: Record<string, string>, text = body): IncomingMessage =>
  Object.assign(Readable.from([Buffer.from(text)]), { headers }) as unknown as IncomingMessage;

const signedAt = (offsetSeconds: number, text = body) =>
  request(sign(SECRET, text, Math.floor(NOW / 1000) + offsetSeconds), text);

describe('guardSlackRequest', () => {
  it.each([
    ['now', 0, { ok: true }],
    ['4 minutes ago', -240, { ok: true }],
    ['4 minutes ahead (clock skew)', 240, { ok: true }],
    ['6 minutes ago', -360, { ok: false, reason: 'stale' }],
    ['6 minutes ahead', 360, { ok: false, reason: 'future' }],
  ])('a request signed %s → %j', async (_, offset, verdict) => {
    expect(
      await guardSlackRequest(signedAt(offset), { signingSecret: SECRET, replay: new MemoryReplayStore(), nowMs: NOW }),
    ).toEqual(verdict);
  });

  it('rejects a body changed after signing, and a missing signature', async () => {
    const headers = sign(SECRET, body, Math.floor(NOW / 1000));
    const tampered = request(headers, body.replace('1.27.0', '6.6.6'));
    expect(
      await guardSlackRequest(tampered, { signingSecret: SECRET, replay: new MemoryReplayStore(), nowMs: NOW }),
    ).toEqual({ ok: false, reason: 'signature' });
    expect(
      await guardSlackRequest(request({}), { signingSecret: SECRET, replay: new MemoryReplayStore(), nowMs: NOW }),
    ).toEqual({ ok: false, reason: 'signature' });
  });

  it('accepts a signed request once, then rejects it as a replay', async () => {
    const replay = new MemoryReplayStore(() => NOW);
    expect(await guardSlackRequest(signedAt(0), { signingSecret: SECRET, replay, nowMs: NOW })).toEqual({ ok: true });
    expect(await guardSlackRequest(signedAt(0), { signingSecret: SECRET, replay, nowMs: NOW })).toEqual({
      ok: false,
      reason: 'replay',
    });
  });

  it('does not let forged requests use up signatures', async () => {
    const replay = new MemoryReplayStore(() => NOW);
    const headers = sign('wrong-secret', body, Math.floor(NOW / 1000));
    expect((await guardSlackRequest(request(headers), { signingSecret: SECRET, replay, nowMs: NOW })).ok).toBe(false);
    // The forged signature was not remembered: claiming it still succeeds.
    expect(await replay.claim(headers['x-slack-signature'] ?? '', 600)).toBe(true);
  });
});

describe('guardSlackRequest: the body cap', () => {
  const MIB = 1024 * 1024;
  /** A 32 MiB body made on demand, counting what was read of it. */
  const hugeBody = (headers: Record<string, string>) => {
    const read = { bytes: 0 };
    const stream = Readable.from(
      (function* () {
        for (let i = 0; i < 32; i++) {
          read.bytes += MIB;
          yield Buffer.alloc(MIB, 'a');
        }
      })(),
    );
    return { req: Object.assign(stream, { headers }) as unknown as IncomingMessage, read };
  };
  const headers = sign(SECRET, 'not-this-body', Math.floor(NOW / 1000));

  it('refuses a declared length over the cap without reading a byte', async () => {
    const { req, read } = hugeBody({ ...headers, 'content-length': String(32 * MIB) });
    expect(
      await guardSlackRequest(req, { signingSecret: SECRET, replay: new MemoryReplayStore(), nowMs: NOW }),
    ).toEqual({ ok: false, reason: 'body' });
    expect(read.bytes).toBe(0);
  });

  it('refuses a body without a length once more than the cap has arrived, and reads no further', async () => {
    const { req, read } = hugeBody(headers);
    expect(
      await guardSlackRequest(req, { signingSecret: SECRET, replay: new MemoryReplayStore(), nowMs: NOW }),
    ).toEqual({ ok: false, reason: 'body' });
    // Readable.from pulls a chunk or so ahead of what was consumed; nowhere near the 32 MiB sent.
    expect(read.bytes).toBeLessThanOrEqual(MAX_BODY_BYTES + 2 * MIB);
  });

  it('accepts a signed body just under the cap', async () => {
    const text = `command=%2Fdeploy&text=${'a'.repeat(MAX_BODY_BYTES - 100)}`;
    expect(
      await guardSlackRequest(signedAt(0, text), {
        signingSecret: SECRET,
        replay: new MemoryReplayStore(),
        nowMs: NOW,
      }),
    ).toEqual({ ok: true });
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
