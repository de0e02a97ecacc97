/**
 * What failures of the GitOps repository mean for people (src/adapters/git-errors.ts). Facts: `remote` (no
 * credentials), `branch`, `failed`, `detail` (git's telling line, Slack-escaped), `why` (which of `why.*` tells
 * git's side), `exitCode`, `pushes`; a conflict's `files` and the commit that got there first (`commit`, `author`,
 * `subject`); a path's `path`.
 */
export const errorsGit = {
  /** git's side of a failed fetch or push: its own words, or how it ended when it said nothing. */
  why: {
    said: '{{detail}}',
    silent: 'no answer',
    killed: 'git ended without an exit code of 0 (killed by a signal)',
    exited: 'git ended without an exit code of 0 (exit code {{exitCode}})',
  },
  fetchFailed: {
    message: 'Could not fetch from the GitOps remote: $t(errorsGit.why.{{why}})',
    hint: 'Kanaria retries with backoff; if this persists, check GITOPS_REPO_URL and the git credentials.',
  },
  pushFailed: {
    message: 'Could not push to the GitOps remote: $t(errorsGit.why.{{why}})',
    hint: 'Kanaria retries with backoff; if this persists, check GITOPS_REPO_URL and the git credentials.',
  },
  pushRaced: {
    message_one: 'The GitOps branch `{{branch}}` kept moving: {{pushes}} push was rejected.',
    message_other: 'The GitOps branch `{{branch}}` kept moving: {{pushes}} pushes were rejected.',
    hint: 'Kanaria retries with backoff.',
  },
  conflict: {
    message:
      'While Kanaria was pushing, {{files, quote}} was changed on `{{branch}}`, on the same lines. Nothing was committed.',
    hint: 'Check the new state (/history), then run the command again if it is still wanted.',
  },
  conflictWithCommit: {
    message:
      'While Kanaria was pushing, {{files, quote}} was changed on `{{branch}}` by commit `{{commit}}` ({{author}}: "{{subject}}"), on the same lines. Nothing was committed.',
    hint: 'Check the new state (/history), then run the command again if it is still wanted.',
  },
  firstCommit: {
    message: "`{{commit}}` is the repository's first commit: there is nothing before it to go back to.",
    hint: 'Roll back a later commit (see `/history`), or set the version you want with `/deploy`.',
  },
  revertConflict: {
    message: 'Reverting `{{commit}}` conflicts with later changes to the same lines.',
    hint: 'Roll back the later change first, or use /deploy to set the version you want.',
  },
  path: {
    escapes: {
      message: 'The manifest path `{{path}}` escapes the GitOps repo.',
      hint: 'Use a path relative to the repo root in kanaria.yaml.',
    },
    missing: {
      message: '`{{path}}` does not exist on branch `{{branch}}` of the GitOps repo.',
      hint: 'Check apps.<app>.manifest in kanaria.yaml, or whether someone moved the file.',
    },
    symlink: {
      message: '`{{path}}` is a symbolic link; Kanaria edits only regular files inside the repo.',
      hint: 'Point apps.<app>.manifest at the real file.',
    },
  },
};
