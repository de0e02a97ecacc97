/** `/status`: where an app stands in Argo CD and in Git (src/blocks/status.ts). Statuses and phases are Argo CD's. */
export const status = {
  autoSync: 'auto-sync',
  sync: 'Sync: *{{status}}*',
  syncAt: 'Sync: *{{status}}* at `{{sha}}`',
  /** How the revision Argo CD synced compares with Git, after the sync line. */
  against: {
    head: 'the Git head',
    includes: "includes the app's last change (Git head `{{head}}` changed only other apps)",
    behind: "*behind*: the app's last change `{{last}}` is not in it (Git head `{{head}}`)",
    unknown: 'Git head is `{{head}}`',
  },
  health: 'Health:',
  operationPending: 'Operation: requested, not finished yet',
  operationPendingTo: 'Operation: requested (sync to `{{sha}}`), not finished yet',
  lastOperation: 'Last operation: *{{phase}}*',
  lastOperationAt: 'Last operation: *{{phase}}* at `{{sha}}`',
  notConfigured: 'no Argo CD Application configured (apps.&lt;app&gt;.argocd in kanaria.yaml)',
  gitHead: 'Git head: `{{sha}}`',
  lastChange: 'Last change: `{{sha}}` {{subject}} ({{who}})',
  inFlight: 'A Kanaria change to this app is being reconciled.',
};
