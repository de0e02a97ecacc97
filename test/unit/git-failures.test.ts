import { describe, expect, it } from 'vitest';
import { gitFailureLine, isBrokenWorkingCopy, isPushRace, shownGitFailure } from '../../src/domain/git-failures.js';

// Messages as git 2.39 prints them (stdout and stderr of the failed command, as simple-git reports them).
const REMOTE_LOCK = `!\tHEAD:refs/heads/main\t[remote rejected] (failed to update ref)
Done
remote: error: cannot lock ref 'refs/heads/main': Unable to create '/srv/git/gitops.git/./refs/heads/main.lock': File exists.
error: failed to push some refs to 'https://git.example.com/gitops.git'`;
const LOCAL_TRACKING_LOCK = `error: cannot lock ref 'refs/remotes/origin/main': Unable to create '/var/lib/kanaria/work/.git/refs/remotes/origin/main.lock': File exists.
 ! 8b20ba5..953bbc6  main       -> origin/main  (unable to update local ref)`;

describe('isPushRace', () => {
  it.each<[string, string, boolean]>([
    ['the branch moved (porcelain)', '!\tHEAD:refs/heads/main\t[rejected] (fetch first)', true],
    ['the branch moved (human)', ' ! [rejected]        HEAD -> main (non-fast-forward)', true],
    ['another push held the ref lock', REMOTE_LOCK, true],
    [
      'only the remote stderr line',
      "remote: error: cannot lock ref 'refs/heads/main': is at 1a2b but expected 3c4d",
      true,
    ],
    ['an older git: failed to lock', ' ! [remote rejected] main -> main (failed to lock)', true],
    ['a lease gone stale', '!\tHEAD:refs/heads/main\t[remote rejected] (stale info)', true],
    ['a hook refused the push', ' ! [remote rejected] main -> main (pre-receive hook declined)', false],
    [
      'a protected branch',
      'remote: error: GH006: Protected branch update failed for refs/heads/main.\n ! [remote rejected] main -> main (protected branch hook declined)',
      false,
    ],
    ['authentication', "fatal: Authentication failed for 'https://git.example.com/gitops.git/'", false],
    [
      'unreachable',
      "fatal: unable to access 'https://git.example.com/gitops.git/': Could not resolve host: git.example.com",
      false,
    ],
  ])('%s → %s', (_, message, expected) => {
    expect(isPushRace(message)).toBe(expected);
  });
});

describe('isBrokenWorkingCopy', () => {
  it.each<[string, string, boolean]>([
    [
      '.git without objects (a killed init)',
      'fatal: not a git repository (or any of the parent directories): .git',
      true,
    ],
    [
      'a stale index.lock',
      "fatal: Unable to create '/var/lib/kanaria/work/.git/index.lock': File exists.\n\nAnother git process seems to be running in this repository",
      true,
    ],
    [
      'a stale config.lock',
      "error: could not lock config file .git/config: File exists\nfatal: could not set 'remote.origin.url' to 'https://git.example.com/gitops.git'",
      true,
    ],
    ['a stale lock on the tracking ref', LOCAL_TRACKING_LOCK, true],
    [
      'an empty object file',
      'error: object file .git/objects/ee/bfed94e75e7760540d1485c740902590a00332 is empty\nfatal: loose object eebfed94e75e7760540d1485c740902590a00332 (stored in .git/objects/ee/bfed94e75e7760540d1485c740902590a00332) is corrupt',
      true,
    ],
    ['a missing tree', 'fatal: unable to read tree 953bbc6f45e78aabbcf7e5770207842b5bfe92f9', true],
    [
      'fsck finds a hole',
      'broken link from  commit 953bbc6f45e78aabbcf7e5770207842b5bfe92f9\n              to    tree eebfed94e75e7760540d1485c740902590a00332\nmissing tree eebfed94e75e7760540d1485c740902590a00332',
      true,
    ],
    ['a damaged index', 'error: bad signature 0x00000000\nfatal: index file corrupt', true],
    ['the remote holds the lock (a push race, not us)', REMOTE_LOCK, false],
    [
      'a remote path that is not a repository',
      "fatal: '/srv/git/missing.git' does not appear to be a git repository\nfatal: Could not read from remote repository.",
      false,
    ],
    ['authentication', "fatal: Authentication failed for 'https://git.example.com/gitops.git/'", false],
    [
      'a rebase conflict',
      'CONFLICT (content): Merge conflict in apps/a.yaml\nerror: could not apply 1a2b3c4... set apps/a.yaml to a:2',
      false,
    ],
  ])('%s → %s', (_, message, expected) => {
    expect(isBrokenWorkingCopy(message)).toBe(expected);
  });
});

describe('gitFailureLine', () => {
  it.each<[string, string]>([
    [
      "warning: redirecting to https://git.example.com/gitops.git/\nfatal: Authentication failed for 'https://git.example.com/gitops.git/'",
      "fatal: Authentication failed for 'https://git.example.com/gitops.git/'",
    ],
    ['  fatal: spaces around  ', 'fatal: spaces around'],
    ['nothing recognisable', 'nothing recognisable'],
  ])('%j → %j', (message, line) => {
    expect(gitFailureLine(message)).toBe(line);
  });
});

describe('shownGitFailure', () => {
  it.each<[string, string]>([
    [
      "Cloning…\nfatal: unable to access 'https://kanaria:ghp_s3cret@git.example.com/gitops.git/': Could not resolve host",
      "fatal: unable to access 'https://***@git.example.com/gitops.git/': Could not resolve host",
    ],
    [
      'fatal: not a git repository (or any of the parent directories): .git',
      'fatal: not a git repository (or any of the parent directories): .git',
    ],
  ])('%j → %j', (message, shown) => {
    expect(shownGitFailure(message)).toBe(shown);
  });
});
