import { chmodSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { GitConflict, GitUnavailable, PathRefused } from '../../src/adapters/git-errors.js';
import { explain, wordsFor } from '../../src/i18n/index.js';
import { GitRemote } from '../helpers/git-remote.js';
import { openRepo, replace } from '../helpers/gitops-repo.js';

const cleanup: (() => void)[] = [];
afterEach(() => cleanup.splice(0).forEach((f) => f()));

function setup(files: Record<string, string>) {
  const remote = new GitRemote().seed(files);
  const workdir = mkdtempSync(join(tmpdir(), 'kanaria-work-'));
  const { repo, pushes } = openRepo(remote.bare, workdir);
  cleanup.push(() => {
    remote.remove();
    rmSync(workdir, { recursive: true, force: true });
  });
  return { remote, repo, pushes, workdir };
}

describe('GitOpsRepository against a real bare remote', () => {
  it('commits concurrent changes separately and pushes them in a few batches', async () => {
    const files = Object.fromEntries(
      Array.from({ length: 20 }, (_, i) => [`apps/app-${i}.yaml`, `image: app:1 # app ${i}\n`]),
    );
    const { remote, repo, pushes } = setup(files);
    const outcomes = await Promise.all(
      Array.from({ length: 20 }, (_, i) => repo.submit(replace(`req-${i}`, `apps/app-${i}.yaml`, 'app:1', 'app:2'))),
    );
    expect(outcomes.every((o) => o.status === 'committed')).toBe(true);
    for (let i = 0; i < 20; i++) expect(remote.show(`apps/app-${i}.yaml`)).toBe(`image: app:2 # app ${i}\n`);
    const log = remote.log();
    expect(log).toHaveLength(21);
    expect(log[0]?.author).toBe('Ana Lima <ana@example.com>');
    expect(log.filter((c) => c.body.includes('Kanaria-Request: req-'))).toHaveLength(20);
    expect(pushes.length).toBeLessThanOrEqual(3);
  });

  it('rebases on a commit pushed meanwhile to another file, and keeps both', async () => {
    const { remote, repo, pushes } = setup({ 'apps/a.yaml': 'image: a:1\n', 'apps/b.yaml': 'image: b:1\n' });
    const outsider = () => remote.commitOutside('outsider bumps b', { 'apps/b.yaml': 'image: b:9\n' });
    const outcome = await repo.submit(replace('race', 'apps/a.yaml', 'a:1', 'a:2', outsider));
    expect(outcome.status).toBe('committed');
    expect(pushes).toEqual(['rejected', 'ok']);
    expect(remote.show('apps/a.yaml')).toBe('image: a:2\n');
    expect(remote.show('apps/b.yaml')).toBe('image: b:9\n');
    const [ours, theirs] = remote.log();
    expect(ours?.subject).toBe('set apps/a.yaml to a:2');
    expect(theirs?.subject).toBe('outsider bumps b');
    if (outcome.status === 'committed') expect(outcome.sha).toBe(ours?.sha);
  });

  it('takes a push that lost the remote ref lock to another push as a rejection: pushes again, and nothing is reported', async () => {
    const { remote, repo, pushes } = setup({ 'apps/a.yaml': 'image: a:1\n' });
    // Another push holds refs/heads/main.lock while the first of ours updates the ref: git's real "cannot lock ref".
    const hook = join(remote.bare, 'hooks', 'pre-receive');
    writeFileSync(
      hook,
      '#!/bin/sh\nif [ -e raced ]; then rm -f refs/heads/main.lock; else touch raced refs/heads/main.lock; fi\n',
    );
    chmodSync(hook, 0o755);
    const outcome = await repo.submit(replace('locked', 'apps/a.yaml', 'a:1', 'a:2'));
    expect(outcome).toMatchObject({ status: 'committed', pushes: 2 });
    expect(pushes).toEqual(['rejected', 'ok']);
    expect(remote.show('apps/a.yaml')).toBe('image: a:2\n');
    expect(remote.log().filter((c) => c.body.includes('Kanaria-Request: locked'))).toHaveLength(1);
  });

  it('gives up on a change whose lines were changed meanwhile, naming that commit, and still pushes the others', async () => {
    const { remote, repo } = setup({ 'apps/a.yaml': 'image: a:1\n', 'apps/b.yaml': 'image: b:1\n' });
    const outsider = () => remote.commitOutside('hotfix a by hand', { 'apps/a.yaml': 'image: a:hotfix\n' });
    const [conflicting, other] = await Promise.allSettled([
      repo.submit(replace('conflict', 'apps/a.yaml', 'a:1', 'a:2', outsider)),
      repo.submit(replace('other', 'apps/b.yaml', 'b:1', 'b:2')),
    ]);
    expect(conflicting.status).toBe('rejected');
    const error = (conflicting as PromiseRejectedResult).reason as GitConflict;
    expect(error).toBeInstanceOf(GitConflict);
    const { message } = explain(wordsFor('en'), error);
    expect(message).toContain('"hotfix a by hand"');
    expect(message).toContain('Nothing was committed');
    expect(other.status).toBe('fulfilled');
    expect(remote.show('apps/a.yaml')).toBe('image: a:hotfix\n');
    expect(remote.show('apps/b.yaml')).toBe('image: b:2\n');
  });

  it('does not apply a request twice: a retry finds its commit on the remote', async () => {
    const { remote, repo } = setup({ 'apps/a.yaml': 'replicas: 1\n' });
    const first = await repo.submit(replace('same-request', 'apps/a.yaml', 'replicas: 1', 'replicas: 2'));
    const again = await repo.submit(replace('same-request', 'apps/a.yaml', 'replicas: 2', 'replicas: 3'));
    expect(again).toEqual({ status: 'already-applied', sha: first.status === 'committed' ? first.sha : 'x' });
    expect(remote.show('apps/a.yaml')).toBe('replicas: 2\n');
  });

  it('answers whether one commit contains another by what git says, not by what it prints (a "no" is silent)', async () => {
    const { repo } = setup({ 'apps/a.yaml': 'replicas: 1\n' });
    const first = await repo.submit(replace('one', 'apps/a.yaml', 'replicas: 1', 'replicas: 2'));
    const second = await repo.submit(replace('two', 'apps/a.yaml', 'replicas: 2', 'replicas: 3'));
    if (first.status !== 'committed' || second.status !== 'committed') throw new Error('both should commit');
    const answers = await repo.read(async (tree) => [
      await tree.contains(second.sha, first.sha),
      await tree.contains(first.sha, second.sha),
      await tree.resolve('0123456'),
    ]);
    expect(answers).toEqual([true, false, undefined]);
  });

  it('reports an unchanged file without committing', async () => {
    const { remote, repo } = setup({ 'apps/a.yaml': 'image: a:1\n' });
    const outcome = await repo.submit(replace('noop', 'apps/a.yaml', 'a:1', 'a:1'));
    expect(outcome.status).toBe('unchanged');
    expect(remote.log()).toHaveLength(1);
  });

  it('refuses to write through a symlink in the repo', async () => {
    const { remote, repo } = setup({ 'apps/real.yaml': 'image: a:1\n' });
    // Someone commits a link apps/link.yaml -> real.yaml; writing through it would change another file.
    const clone = join(remote.root, 'outside');
    symlinkSync('real.yaml', join(clone, 'apps/link.yaml'));
    remote.git(clone, 'add', '-A');
    remote.git(clone, 'commit', '-qm', 'add link');
    remote.git(clone, 'push', '-q', 'origin', 'HEAD:main');
    const refused = await repo.submit(replace('link', 'apps/link.yaml', 'a:1', 'a:2')).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(PathRefused);
    expect(refused).toMatchObject({ reason: 'symlink', path: 'apps/link.yaml' });
    expect(remote.show('apps/real.yaml')).toBe('image: a:1\n');
  });

  it('says the remote is unreachable without leaking credentials from its URL', async () => {
    const workdir = mkdtempSync(join(tmpdir(), 'kanaria-work-'));
    cleanup.push(() => rmSync(workdir, { recursive: true, force: true }));
    const { repo } = openRepo('http://kanaria:s3cr3t-token@127.0.0.1:9/gitops.git', workdir, { pushAttempts: 2 });
    const error = (await repo.submit(replace('x', 'a.yaml', 'a', 'b')).catch((e: unknown) => e)) as GitUnavailable;
    expect(error).toBeInstanceOf(GitUnavailable);
    const words = explain(wordsFor('en'), error);
    expect(words.message).toMatch(/Could not fetch from the GitOps remote/);
    // Neither the words, the log line nor the facts (the remote's URL among them) carry the credentials.
    expect(JSON.stringify({ words, log: error.message, ...error.params })).not.toContain('s3cr3t-token');
  });
});
