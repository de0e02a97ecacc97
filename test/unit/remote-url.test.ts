import { describe, expect, it } from 'vitest';
import { splitRemoteUrl, type RemoteUrl } from '../../src/domain/remote-url.js';

describe('splitRemoteUrl', () => {
  it.each<[string, string, RemoteUrl]>([
    [
      'a token as password',
      'https://x-access-token:ghp_SECRET@github.com/acme/gitops.git',
      {
        url: 'https://github.com/acme/gitops.git',
        credentials: { username: 'x-access-token', password: 'ghp_SECRET' },
      },
    ],
    [
      'percent-encoded characters',
      'http://bot:p%40ss%3Aw0rd@127.0.0.1:8080/gitops.git',
      { url: 'http://127.0.0.1:8080/gitops.git', credentials: { username: 'bot', password: 'p@ss:w0rd' } },
    ],
    [
      'a token as the only userinfo',
      'https://ghp_TOKEN@github.com/acme/gitops.git',
      { url: 'https://github.com/acme/gitops.git', credentials: { username: 'ghp_TOKEN', password: '' } },
    ],
    [
      'a raw @ in the password',
      'https://bot:p@ss@git.example.com/gitops.git',
      { url: 'https://git.example.com/gitops.git', credentials: { username: 'bot', password: 'p@ss' } },
    ],
    [
      'an @ in the path, not userinfo',
      'https://git.example.com/team@acme/gitops.git',
      { url: 'https://git.example.com/team@acme/gitops.git' },
    ],
    [
      'the scheme in capitals',
      'HTTPS://bot:tok@git.example.com/g.git',
      { url: 'HTTPS://git.example.com/g.git', credentials: { username: 'bot', password: 'tok' } },
    ],
    ['no credentials', 'https://git.example.com/gitops.git', { url: 'https://git.example.com/gitops.git' }],
    ['an empty userinfo', 'https://@git.example.com/gitops.git', { url: 'https://git.example.com/gitops.git' }],
    [
      'ssh: the user is a login, kept',
      'ssh://git@git.example.com:2222/acme/gitops.git',
      { url: 'ssh://git@git.example.com:2222/acme/gitops.git' },
    ],
    ['scp-style, kept', 'git@github.com:acme/gitops.git', { url: 'git@github.com:acme/gitops.git' }],
    ['a local path, kept', '/srv/git/gitops.git', { url: '/srv/git/gitops.git' }],
    ['a file URL, kept', 'file:///srv/git/gitops.git', { url: 'file:///srv/git/gitops.git' }],
  ])('%s', (_, remote, expected) => {
    expect(splitRemoteUrl(remote)).toEqual(expected);
  });
});
