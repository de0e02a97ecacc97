/**
 * Changes of the GitOps repo as people read them (jobs/gitops.ts, the change runners, the acknowledgement):
 * one line per change, what it did, and the replies in its thread. Facts: `app`, `image`, `replicas` (`count`),
 * `commit`/`sha`, `path`, `before`, `after`, `subject`.
 */
export const changes = {
  /** One line for a change, shared by the acknowledgement, the announcement and a dry run. */
  describe: {
    deploy: 'deploy `{{app}}` → `{{image}}`',
    scale_one: 'scale `{{app}}` to {{count}} replica',
    scale_other: 'scale `{{app}}` to {{count}} replicas',
    rollbackCommit: 'roll back `{{app}}` (revert `{{commit}}`)',
    rollbackLast: 'roll back `{{app}}` (its last Kanaria change)',
  },
  /** What a change did, or found already done. */
  summary: {
    edited: '{{before}} → {{after}} in `{{path}}`',
    already: '`{{path}}` already has {{after}}',
    reverted: 'reverted `{{sha}}` "{{subject}}"',
    revertedImage: 'reverted `{{sha}}` "{{subject}}"; image {{before}} → {{after}}',
    alreadyPushed: 'already pushed by an earlier attempt',
    pushedBeforeInterrupted: 'pushed before Kanaria was interrupted',
  },
  /** Replies in the change's thread. */
  thread: {
    unchanged: ':ballot_box_with_check: Nothing to change: {{summary}}.',
    noSync:
      ':warning: Kanaria could not queue the Argo CD sync; Argo CD will take the change at its next poll (or use `/sync`).',
    canaryAborted:
      ':rotating_light: Aborted the canary of `{{app}}` (Rollout `{{rollout}}`): traffic is back on the stable version. The revert keeps Argo CD from rolling forward again.',
    canaryNotAborted:
      ':warning: Could not abort the canary of `{{app}}` ({{reason}}); the revert goes ahead, and Argo CD rolls it out.',
    kubeDidNotAnswer: 'the Kubernetes API did not answer',
  },
  /** A change BullMQ gave up on because its worker kept dying. */
  abandoned: {
    message: 'Kanaria was interrupted again and again while committing this, and gave up; nothing was committed.',
    hint: 'Run the command again; if it keeps failing, tell the platform team (the Kanaria worker may be crashing).',
  },
};
