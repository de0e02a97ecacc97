import { execFile, execFileSync } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { GitUnavailable } from '../../src/adapters/git-errors.js';
import { explain, wordsFor } from '../../src/i18n/index.js';
import { startGitHttp } from '../helpers/git-http.js';
import { GitRemote } from '../helpers/git-remote.js';
import { openRepo, replace } from '../helpers/gitops-repo.js';

const cleanup: (() => unknown)[] = [];
afterEach(async () => {
  for (const f of cleanup.splice(0).reverse()) await f();
});

function seeded() {
  const remote = new GitRemote().seed({ 'apps/a.yaml': 'image: a:1\n', 'apps/b.yaml': 'image: b:1\n' });
  cleanup.push(() => remote.remove());
  return remote;
}

function scratch(): string {
  const dir = mkdtempSync(join(tmpdir(), 'kanaria-work-'));
  cleanup.push(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/** What `kill -9` during the first clone left: `.git` without objects/, and git's locks still there. */
function killedMidClone(workdir: string): void {
  rmSync(join(workdir, '.git', 'objects'), { recursive: true, force: true });
  writeFileSync(join(workdir, '.git', 'config.lock'), '');
  writeFileSync(join(workdir, '.git', 'index.lock'), '');
}

const git = (cwd: string, ...args: string[]): string =>
  execFileSync('git', args, { cwd, encoding: 'utf8', env: { ...process.env, GIT_TERMINAL_PROMPT: '0' } });

/** Every file under `dir` whose bytes contain `secret`, as paths relative to it. */
function filesHolding(dir: string, secret: string, prefix = ''): string[] {
  return readdirSync(join(dir, prefix)).flatMap((name) => {
    const path = join(prefix, name);
    if (statSync(join(dir, path)).isDirectory()) return filesHolding(dir, secret, path);
    return readFileSync(join(dir, path)).includes(secret) ? [path] : [];
  });
}

const requests = (remote: GitRemote, id: string) =>
  remote
    .log()
    .filter((c) => c.body.includes(`Kanaria-Request: ${id}\n`) || c.body.trimEnd().endsWith(`Kanaria-Request: ${id}`));

describe('the GitOps working copy heals itself', () => {
  it('after a kill -9 during the first clone, the next start heals it and the change lands once', async () => {
    const remote = seeded();
    const workdir = scratch();
    await openRepo(remote.bare, workdir).repo.submit(replace('before', 'apps/b.yaml', 'b:1', 'b:2'));
    killedMidClone(workdir);

    const { repo, healed } = openRepo(remote.bare, workdir); // the restarted process
    const outcome = await repo.submit(replace('after-crash', 'apps/a.yaml', 'a:1', 'a:2'));

    expect(outcome.status).toBe('committed');
    expect(remote.show('apps/a.yaml')).toBe('image: a:2\n');
    expect(requests(remote, 'after-crash')).toHaveLength(1);
    expect(healed.map((h) => h.action)).toEqual(['removed-stale-locks', 'recloned']);
    expect(healed[0]?.reason).toContain('.git/config.lock');
    expect(healed[1]?.reason).toContain('not a git repository');
    expect(existsSync(join(workdir, '.git', 'index.lock'))).toBe(false);
  });

  it('heals a copy damaged while running, and a retried request is not committed twice', async () => {
    const remote = seeded();
    const workdir = scratch();
    const { repo, healed } = openRepo(remote.bare, workdir);
    const first = await repo.submit(replace('retried', 'apps/a.yaml', 'a:1', 'a:2'));
    killedMidClone(workdir);

    // The job is retried (its first attempt did push), then another request comes.
    const retry = await repo.submit(replace('retried', 'apps/a.yaml', 'a:2', 'a:3'));
    const next = await repo.submit(replace('next', 'apps/b.yaml', 'b:1', 'b:2'));

    expect(retry).toEqual({ status: 'already-applied', sha: first.status === 'committed' ? first.sha : 'pushed' });
    expect(next.status).toBe('committed');
    expect(remote.show('apps/a.yaml')).toBe('image: a:2\n');
    expect(requests(remote, 'retried')).toHaveLength(1);
    expect(healed.map((h) => h.action)).toContain('recloned');
  });

  it('removes a lock a killed git left while running, and keeps the copy', async () => {
    const remote = seeded();
    const workdir = scratch();
    const { repo, healed } = openRepo(remote.bare, workdir);
    await repo.submit(replace('one', 'apps/a.yaml', 'a:1', 'a:2'));
    writeFileSync(join(workdir, '.git', 'index.lock'), '');
    const marker = join(workdir, '.git', 'kept');
    writeFileSync(marker, ''); // gone if the copy were re-cloned

    const outcome = await repo.submit(replace('two', 'apps/b.yaml', 'b:1', 'b:2'));

    expect(outcome.status).toBe('committed');
    expect(remote.show('apps/b.yaml')).toBe('image: b:2\n');
    expect(healed).toEqual([{ action: 'removed-stale-locks', reason: expect.stringContaining('.git/index.lock') }]);
    expect(existsSync(marker)).toBe(true);
  });

  it('re-clones a copy whose objects are corrupt', async () => {
    const remote = seeded();
    const workdir = scratch();
    const { repo, healed } = openRepo(remote.bare, workdir);
    await repo.submit(replace('one', 'apps/a.yaml', 'a:1', 'a:2'));
    // A killed write: the object of the tree we have checked out is now empty.
    const tree = git(workdir, 'rev-parse', 'HEAD^{tree}').trim();
    const object = join(workdir, '.git', 'objects', tree.slice(0, 2), tree.slice(2));
    rmSync(object, { force: true });
    writeFileSync(object, '');

    const outcome = await repo.submit(replace('two', 'apps/b.yaml', 'b:1', 'b:2'));

    expect(outcome.status).toBe('committed');
    expect(remote.show('apps/b.yaml')).toBe('image: b:2\n');
    expect(healed.at(-1)).toMatchObject({ action: 'recloned' });
  });

  it('never works on an enclosing repository when its own .git is broken', async () => {
    const remote = seeded();
    const outer = scratch();
    git(outer, 'init', '--quiet');
    writeFileSync(join(outer, 'notes.txt'), 'mine\n');
    git(outer, 'add', 'notes.txt');
    git(outer, '-c', 'user.name=O', '-c', 'user.email=o@example.com', 'commit', '--quiet', '-m', 'outer');
    const outerHead = git(outer, 'rev-parse', 'HEAD');
    const workdir = join(outer, 'work');
    mkdirSync(workdir);
    const { repo } = openRepo(remote.bare, workdir);
    await repo.submit(replace('one', 'apps/a.yaml', 'a:1', 'a:2'));
    killedMidClone(workdir);

    await repo.submit(replace('two', 'apps/b.yaml', 'b:1', 'b:2'));

    expect(remote.show('apps/b.yaml')).toBe('image: b:2\n');
    expect(git(outer, 'rev-parse', 'HEAD')).toBe(outerHead);
    expect(git(outer, 'remote')).toBe('');
    expect(readFileSync(join(outer, 'notes.txt'), 'utf8')).toBe('mine\n');
  });
});

/** Runs `fn` with HOME set to `home`: the environment Kanaria's git processes are given is taken when the repo is made. */
function withHome<T>(home: string, fn: () => T): T {
  const saved = process.env['HOME'];
  process.env['HOME'] = home;
  try {
    return fn();
  } finally {
    process.env['HOME'] = saved;
  }
}

describe('credentials stay off the disk', () => {
  const USER = 'kanaria-bot';
  const SECRET = 'Pa55:w0rd-s3cr3t';

  async function served() {
    const remote = seeded();
    const http = await startGitHttp({ projectRoot: remote.root, user: USER, password: SECRET });
    cleanup.push(() => http.stop());
    const plain = http.url('gitops.git');
    const withPassword = (password: string) => plain.replace('://', `://${USER}:${encodeURIComponent(password)}@`);
    return { remote, plain, withPassword };
  }

  it('clones and pushes over HTTP with the credentials of the URL, and writes them nowhere', async () => {
    const { remote, plain, withPassword } = await served();
    const workdir = scratch();
    // The user's git config asks to store credentials in ~/.git-credentials: Kanaria's must not end up there.
    const home = scratch();
    writeFileSync(join(home, '.gitconfig'), '[credential]\n\thelper = store\n');
    const { repo } = withHome(home, () => openRepo(withPassword(SECRET), workdir));

    const outcome = await repo.submit(replace('http', 'apps/a.yaml', 'a:1', 'a:2'));

    expect(outcome.status).toBe('committed');
    expect(remote.show('apps/a.yaml')).toBe('image: a:2\n');
    expect(git(workdir, 'config', 'remote.origin.url').trim()).toBe(plain);
    expect(filesHolding(workdir, SECRET)).toEqual([]);
    expect(filesHolding(workdir, encodeURIComponent(SECRET))).toEqual([]);
    expect(filesHolding(home, SECRET)).toEqual([]);
    expect(readdirSync(home)).toEqual(['.gitconfig']);
  });

  it('cleans a working copy whose .git/config an older version left with the password', async () => {
    const { remote, plain, withPassword } = await served();
    const workdir = scratch();
    // As an older Kanaria did; not synchronous: the HTTP server answering it runs on this event loop.
    await promisify(execFile)('git', ['clone', '--quiet', withPassword(SECRET), '.'], {
      cwd: workdir,
      env: { ...process.env, GIT_TERMINAL_PROMPT: '0' },
    });
    expect(filesHolding(workdir, encodeURIComponent(SECRET))).toEqual(['.git/config']);
    const { repo, healed } = openRepo(withPassword(SECRET), workdir);

    const outcome = await repo.submit(replace('legacy', 'apps/a.yaml', 'a:1', 'a:2'));

    expect(outcome.status).toBe('committed');
    expect(remote.show('apps/a.yaml')).toBe('image: a:2\n');
    expect(git(workdir, 'config', 'remote.origin.url').trim()).toBe(plain);
    expect(filesHolding(workdir, encodeURIComponent(SECRET))).toEqual([]);
    expect(healed).toEqual([
      expect.objectContaining({ action: 'recloned', reason: expect.stringContaining('credentials') }),
    ]);
    expect(JSON.stringify(healed)).not.toContain(encodeURIComponent(SECRET));
  });

  it('refuses wrong credentials with the clear git-unavailable error, without the password, and changes nothing', async () => {
    const { remote, withPassword } = await served();
    const workdir = scratch();
    const wrong = 'wrong-s3cr3t';
    const { repo } = openRepo(withPassword(wrong), workdir, { pushAttempts: 2 });

    const error = (await repo
      .submit(replace('denied', 'apps/a.yaml', 'a:1', 'a:2'))
      .catch((e: unknown) => e)) as GitUnavailable;

    expect(error).toBeInstanceOf(GitUnavailable);
    const words = explain(wordsFor('en'), error);
    expect(words.message).toMatch(/Could not fetch from the GitOps remote: .*Authentication failed/);
    // Neither the words, the log line nor the facts (the remote's URL among them) carry the credentials.
    expect(JSON.stringify({ words, log: error.message, ...error.params })).not.toContain(wrong);
    expect(filesHolding(workdir, wrong)).toEqual([]);
    expect(remote.log()).toHaveLength(1);
  });
});
