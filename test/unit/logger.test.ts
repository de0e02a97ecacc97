import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createLogger } from '../../src/logger.js';

describe('logs', () => {
  it('never carry tokens or credentials embedded in remote URLs', () => {
    let out = '';
    const sink = new Writable({ write: (chunk: Buffer, _enc, done) => ((out += chunk.toString()), done()) });
    const logger = createLogger('info', sink);
    const error = new Error("fatal: unable to access 'https://x-access-token:ghp_SECRET123@git.example.com/gitops.git/': 403");
    logger.error({ err: error, slack: { token: 'xoxb-SECRET456', signingSecret: 'SECRET789' } }, 'push failed');
    expect(out).toContain('push failed');
    expect(out).toContain('https://***@git.example.com/gitops.git');
    expect(out).not.toMatch(/SECRET123|SECRET456|SECRET789/);
  });
});
