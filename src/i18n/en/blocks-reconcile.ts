/** The progress message of a change in Argo CD and the channel notices of the Application watch (src/blocks/reconcile.ts). */
export const reconcile = {
  steps: {
    committed: 'committed',
    refreshRequested: 'refresh requested',
    syncing: 'syncing',
    autoSync: 'auto-sync',
    synced: 'synced',
    healthy: 'healthy',
  },
  inProgress: 'in progress',
  /** How it ended; Healthy, Degraded and Missing are Argo CD's health states. */
  headline: {
    healthy: 'live and Healthy',
    degraded: 'Degraded',
    missing: 'resources Missing',
    failed: 'sync failed',
    timeout: 'timed out',
    superseded: 'superseded',
    error: 'could not reconcile',
    retrying: 'retrying',
  },
  /** What Argo CD last reported; the statuses and phases are Argo CD's. */
  state: {
    sync: 'sync {{status}}',
    syncAt: 'sync {{status}} at `{{sha}}`',
    health: 'health {{status}}',
    operation: 'last operation {{phase}}',
  },
  timeout: 'Not live after {{after}}; Kanaria stopped following it. Argo CD may still get there: check `/status`.',
  superseded: 'A newer change `{{sha}}` was pushed; its progress is followed in its own thread.',
  retrying: '{{message}} (attempt {{attempt}} of {{attempts}} failed; trying again).',
  notice: {
    drift:
      'Argo CD `{{application}}` ({{app}}) :warning: is *OutOfSync* with Git, and no Kanaria change is in flight (drift or an outside commit).',
    driftAt:
      'Argo CD `{{application}}` ({{app}}) :warning: is *OutOfSync* with Git, and no Kanaria change is in flight (drift or an outside commit) at `{{sha}}`.',
    degraded: 'Argo CD `{{application}}` ({{app}}) :x: is *Degraded*.',
    degradedAt: 'Argo CD `{{application}}` ({{app}}) :x: is *Degraded* at `{{sha}}`.',
    healthy: 'Argo CD `{{application}}` ({{app}}) :white_check_mark: is *Healthy* again.',
    healthyAt: 'Argo CD `{{application}}` ({{app}}) :white_check_mark: is *Healthy* again at `{{sha}}`.',
    footer: '`/status {{app}}` for details · `/sync {{app}}` to sync now',
  },
};
