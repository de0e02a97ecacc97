/** A change's announcement in the channel, its thread replies, dry runs and /history (src/blocks/gitops.ts). */
export const gitops = {
  asked: '<@{{who}}> asked to {{description}}',
  status: {
    committing: 'committing…',
    requeued: 'retrying (attempt {{attempt}})',
    unchanged: 'nothing to change: {{summary}}',
    pushed: 'pushed `{{sha}}` to `{{branch}}`',
    retrying: '{{reason}} Retrying (attempt {{attempt}} of {{attempts}} failed).',
    failed: 'failed: {{reason}}',
  },
  pushed: 'Pushed `{{sha}}` to `{{branch}}`: {{change}}',
  rollBack: {
    button: 'Roll back',
    title: 'Roll back {{app}}?',
    text: 'This commits a `git revert` of `{{sha}}` to `{{branch}}`.',
  },
  dryRun: {
    title: 'Dry run, nothing committed: {{description}}',
    unchanged: 'Nothing would change: the repo already is as asked.',
    truncated: '… (diff truncated)',
  },
  history: {
    none: 'No commits touch `{{app}}` on `{{branch}}`.',
    title: 'Recent commits of `{{app}}` on `{{branch}}`:',
  },
};
