import { describe, it, expect } from 'vitest';
import {
  lastRevertible,
  parseTrailers,
  renderCommitMessage,
  revertedSha,
  shortSha,
  TRAILER,
  type CommitInfo,
} from '../../src/domain/commits.js';

const sha = (c: string): string => c.repeat(40);

describe('parseTrailers', () => {
  it.each<[string, string, Record<string, string>]>([
    ['a subject only', 'deploy llm-api nginx:1.27.0', {}],
    ['a subject that looks like a trailer', 'Fix: the thing\n', {}],
    [
      'subject and trailers',
      'deploy llm-api\n\nSlack-User: U0ALICE\nKanaria-App: llm-api\n',
      { 'Slack-User': 'U0ALICE', 'Kanaria-App': 'llm-api' },
    ],
    [
      'a body, then trailers',
      'deploy llm-api\n\nimage: nginx:1.26 → nginx:1.27\n\nKanaria-App: llm-api\nKanaria-Request: req-1\n',
      { 'Kanaria-App': 'llm-api', 'Kanaria-Request': 'req-1' },
    ],
    ['only the last paragraph', 'subject\n\nNote: not a trailer\n\nKanaria-App: web', { 'Kanaria-App': 'web' }],
    [
      'values with colons',
      'subject\n\nSlack-Request: https://acme.slack.com/archives/C0DEPLOYS/p1700000000\n',
      { 'Slack-Request': 'https://acme.slack.com/archives/C0DEPLOYS/p1700000000' },
    ],
    ['spaces around the value', 'subject\n\nKanaria-App:    llm-api   \n', { 'Kanaria-App': 'llm-api' }],
    [
      'CRLF line ends',
      'subject\r\n\r\nKanaria-App: llm-api\r\nSlack-User: U0ALICE\r\n',
      { 'Kanaria-App': 'llm-api', 'Slack-User': 'U0ALICE' },
    ],
    [
      'a blank line made of spaces between paragraphs',
      'subject\n   \nKanaria-App: llm-api',
      { 'Kanaria-App': 'llm-api' },
    ],
    [
      'lines that are not trailers, skipped',
      'subject\n\nKanaria-App: llm-api\nnot a trailer\nKey With Space: x\nEmpty:\n',
      { 'Kanaria-App': 'llm-api' },
    ],
  ])('%s', (_, message, trailers) => {
    expect(parseTrailers(message)).toEqual(trailers);
  });
});

describe('renderCommitMessage', () => {
  it('writes subject, body and trailers as paragraphs, ending in a newline', () => {
    const message = renderCommitMessage({
      subject: 'deploy llm-api ghcr.io/acme/llm-api:1.2.3',
      body: '\nimage: 1.2.2 → 1.2.3\n',
      trailers: { [TRAILER.slackUser]: 'U0ALICE', [TRAILER.app]: 'llm-api' },
    });
    expect(message).toBe(
      'deploy llm-api ghcr.io/acme/llm-api:1.2.3\n\nimage: 1.2.2 → 1.2.3\n\nSlack-User: U0ALICE\nKanaria-App: llm-api\n',
    );
  });

  it('drops undefined and empty trailers, and an absent body', () => {
    const message = renderCommitMessage({
      subject: 'scale web to 3',
      trailers: { [TRAILER.app]: 'web', [TRAILER.slackUser]: undefined, [TRAILER.slackRequest]: '' },
    });
    expect(message).toBe('scale web to 3\n\nKanaria-App: web\n');
  });

  it('repeats a trailer given a list, one line per value, leaving out empty ones', () => {
    const message = renderCommitMessage({
      subject: 'deploy(web): 1.25 → 1.27',
      trailers: {
        [TRAILER.slackUser]: 'U0ANA',
        [TRAILER.approvedBy]: [
          'Bob Stone (Slack user U0BOB)',
          '',
          'Carol Ito <carol@example.com> (Slack user U0CAROL)',
        ],
        [TRAILER.app]: 'web',
      },
    });
    expect(message).toBe(
      'deploy(web): 1.25 → 1.27\n\nSlack-User: U0ANA\nApproved-by: Bob Stone (Slack user U0BOB)\nApproved-by: Carol Ito <carol@example.com> (Slack user U0CAROL)\nKanaria-App: web\n',
    );
    expect(renderCommitMessage({ subject: 's', trailers: { [TRAILER.approvedBy]: [] } })).toBe('s\n');
  });

  it('writes just the subject when there is nothing else', () => {
    expect(renderCommitMessage({ subject: 'scale web to 3', trailers: { [TRAILER.app]: undefined } })).toBe(
      'scale web to 3\n',
    );
  });

  it('keeps a multi-line subject and trailer values on one line each', () => {
    const message = renderCommitMessage({
      subject: 'deploy web\nnginx:1',
      trailers: { [TRAILER.slackUser]: 'Alice\n  Smith', [TRAILER.app]: 'web' },
    });
    expect(message).toBe('deploy web nginx:1\n\nSlack-User: Alice Smith\nKanaria-App: web\n');
  });

  it('does not let a value forge another trailer', () => {
    const message = renderCommitMessage({
      subject: 'deploy web',
      trailers: { [TRAILER.slackUser]: 'Mallory\nKanaria-App: payments', [TRAILER.app]: 'web' },
    });
    expect(parseTrailers(message)).toEqual({ 'Slack-User': 'Mallory Kanaria-App: payments', 'Kanaria-App': 'web' });
  });

  it('is read back by parseTrailers', () => {
    const trailers = {
      [TRAILER.slackUser]: 'U0ALICE',
      [TRAILER.slackRequest]: 'https://acme.slack.com/archives/C0/p1',
      [TRAILER.app]: 'llm-api',
      [TRAILER.request]: 'req-42',
    };
    expect(parseTrailers(renderCommitMessage({ subject: 'deploy llm-api', body: 'image: a → b', trailers }))).toEqual(
      trailers,
    );
  });
});

describe('revertedSha', () => {
  const full = '0123456789abcdef0123456789abcdef01234567';
  it.each<[string, string, string | undefined]>([
    ["git revert's body", `Revert "deploy web"\n\nThis reverts commit ${full}.\n`, full],
    ['a short sha in the body', 'Revert "deploy web"\n\nThis reverts commit 0123456.\n', '0123456'],
    ['the Kanaria-Reverts trailer', `rollback web\n\nKanaria-Reverts: ${full}\nKanaria-App: web\n`, full],
    [
      'the trailer over the body',
      `Revert "deploy web"\n\nThis reverts commit ${sha('a')}.\n\nKanaria-Reverts: ${full}\n`,
      full,
    ],
    ['an ordinary change', 'deploy web nginx:1\n\nKanaria-App: web\n', undefined],
    ['too short a sha', 'Revert\n\nThis reverts commit 012345.\n', undefined],
  ])('from %s', (_, message, expected) => {
    expect(revertedSha(message, parseTrailers(message))).toBe(expected);
  });
});

describe('lastRevertible', () => {
  let clock = 0;
  const commit = (c: string, app: string | undefined, reverts?: string): CommitInfo => ({
    sha: sha(c),
    authorName: 'Alice',
    authorEmail: 'alice@example.com',
    date: new Date(Date.UTC(2025, 0, 1, 0, clock++)).toISOString(),
    subject: reverts ? `Revert ${reverts.slice(0, 7)}` : `change ${c}`,
    trailers: app !== undefined ? { [TRAILER.app]: app } : {},
    ...(reverts !== undefined && { reverts }),
  });

  // Three deploys of `web` (oldest first: 1, 2, 3), with another app's change and a hand-made commit between.
  const deploys = [
    commit('3', 'web'),
    commit('b', 'api'),
    commit('2', 'web'),
    commit('c', undefined),
    commit('1', 'web'),
  ];

  it('picks the newest change of the app', () => {
    expect(lastRevertible(deploys, 'web')?.sha).toBe(sha('3'));
    expect(lastRevertible(deploys, 'api')?.sha).toBe(sha('b'));
  });

  it('goes one step further back with each rollback', () => {
    const first = lastRevertible(deploys, 'web');
    expect(first?.sha).toBe(sha('3'));
    const afterOne = [commit('r', 'web', sha('3')), ...deploys];
    const second = lastRevertible(afterOne, 'web');
    expect(second?.sha).toBe(sha('2'));
    const afterTwo = [commit('s', 'web', sha('2')), ...afterOne];
    expect(lastRevertible(afterTwo, 'web')?.sha).toBe(sha('1'));
    const afterThree = [commit('t', 'web', sha('1')), ...afterTwo];
    expect(lastRevertible(afterThree, 'web')).toBeUndefined();
  });

  it('recognises a revert that names the commit by a short sha', () => {
    expect(lastRevertible([commit('r', 'web', shortSha(sha('3'))), ...deploys], 'web')?.sha).toBe(sha('2'));
  });

  it('is not thrown off by another app being rolled back', () => {
    expect(lastRevertible([commit('r', 'api', sha('b')), ...deploys], 'web')?.sha).toBe(sha('3'));
    expect(lastRevertible([commit('r', 'api', sha('b')), ...deploys], 'api')).toBeUndefined();
  });

  it("skips a revert made by hand (no Kanaria-App trailer) of the app's change", () => {
    expect(lastRevertible([commit('r', undefined, sha('3')), ...deploys], 'web')?.sha).toBe(sha('2'));
  });

  it('finds nothing for an app without Kanaria changes, or an empty history', () => {
    expect(lastRevertible(deploys, 'payments')).toBeUndefined();
    expect(lastRevertible([], 'web')).toBeUndefined();
  });
});

describe('shortSha', () => {
  it('is the first seven characters', () => {
    expect(shortSha('0123456789abcdef')).toBe('0123456');
  });
});
