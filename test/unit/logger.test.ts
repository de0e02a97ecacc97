import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createLogger } from '../../src/boot/logger.js';

describe('logs', () => {
  it('never carry tokens or credentials embedded in remote URLs', () => {
    let out = '';
    const sink = new Writable({ write: (chunk: Buffer, _enc, done) => ((out += chunk.toString()), done()) });
    const logger = createLogger('info', sink);
    const error = new Error(
      "fatal: unable to access 'https://x-access-token:ghp_SECRET123@git.example.com/gitops.git/': 403",
    );
    logger.error(
      {
        err: error,
        slack: { token: 'xoxb-SECRET456', signingSecret: 'SECRET789' },
        settings: { webhookSecret: 'SECRET0AB' },
      },
      'push failed',
    );
    expect(out).toContain('push failed');
    expect(out).toContain('https://***@git.example.com/gitops.git');
    expect(out).not.toMatch(/SECRET123|SECRET456|SECRET789|SECRET0AB/);
  });
});

describe('the error serializer', () => {
  const capture = () => {
    let out = '';
    const sink = new Writable({ write: (chunk: Buffer, _enc, done) => ((out += chunk.toString()), done()) });
    return {
      logger: createLogger('info', sink),
      lines: () =>
        out
          .trim()
          .split('\n')
          .map((l) => JSON.parse(l) as { err?: { message?: string } }),
    };
  };

  it.each([
    ['a string', 'connect ECONNREFUSED 127.0.0.1:6379', 'connect ECONNREFUSED 127.0.0.1:6379'],
    ['undefined', undefined, undefined],
    ['null', null, 'null'],
    ['a number', 42, '42'],
    ['a plain object', { code: 'ECONNRESET' }, '{"code":"ECONNRESET"}'],
    ['an object without a message that cannot be printed as JSON', { self: undefined as unknown }, '{}'],
    ['an Error whose message is not a string', Object.assign(new Error(), { message: undefined }), ''],
    [
      'a URL with credentials in a string',
      'fatal: https://user:hunter2@git.example.com/x.git',
      'fatal: https://***@git.example.com/x.git',
    ],
  ])('accepts %s and never throws', (_name, value, message) => {
    const { logger, lines } = capture();
    expect(() => logger.warn({ err: value }, 'Redis connection error')).not.toThrow();
    const [line] = lines();
    expect(line?.err?.message).toBe(message);
  });

  it('accepts a value whose JSON form throws (a cycle)', () => {
    const cyclic: Record<string, unknown> = {};
    cyclic['self'] = cyclic;
    const { logger, lines } = capture();
    expect(() => logger.error({ err: cyclic }, 'odd')).not.toThrow();
    expect(lines()[0]?.err?.message).toBe('[object Object]');
  });
});
