/**
 * The Argo Rollouts canary card, its buttons and the rollout's alerts (src/blocks/canary.ts). Phases, pause reasons
 * and step texts (`setWeight 20`) are Argo Rollouts' own and stay as they are.
 */
export const canary = {
  /** Button labels. */
  actions: { promote: 'Promote', 'promote-full': 'Promote full', abort: 'Abort', retry: 'Retry' },
  /** What a press did, on the card's last line. */
  done: { promote: 'Promoted', 'promote-full': 'Fully promoted', abort: 'Aborted', retry: 'Retried' },
  pressed: '{{action}} by {{by}} at {{at}}',
  promotedToStep: 'Promoted to step {{step}} by {{by}} at {{at}}',
  confirm: {
    title: '{{action}} {{app}}?',
    'promote-full':
      'Skip every remaining step, analysis and pause of `{{app}}` and send all traffic to the new version?',
    abort:
      'Abort the canary of `{{app}}` and send all traffic back to the stable version? The GitOps repo still names the new version: roll it back with /rollback.',
  },
  title: 'Canary `{{app}}` · Rollout `{{rollout}}`',
  titleRevision: 'Canary `{{app}}` · Rollout `{{rollout}}` · revision {{revision}}',
  allStepsDone: 'All {{total}} steps done',
  step: 'Step {{step}}/{{total}}: `{{text}}`',
  paused: 'paused ({{reasons}})',
  byHand: 'by hand',
  weight: 'Weight: {{sides}} ({{source}})',
  side: { canary: 'canary *{{weight}}%*', stable: 'stable *{{weight}}%*', experiments: 'experiments *{{weight}}%*' },
  source: { traffic: 'traffic', steps: 'setWeight of the last step reached' },
  podSplit: 'pods: canary {{canary}}, stable {{stable}}',
  /** Each version's pods: stable, canary, or an older one still running. */
  version: { stable: 'stable', canary: 'canary', old: 'old' },
  pods: '{{version}} `{{hash}}`{{image}}: {{ready}}/{{pods}} ready',
  moreVersions: '… and {{count}} more versions',
  newVersion: 'New version: `{{image}}`',
  pausedSince: 'paused {{ago}}',
  notice: {
    aborted: ':rotating_light: The canary of `{{app}}` was *aborted*: all traffic is back on the stable version.',
    degraded: ':x: The rollout of `{{app}}` is *Degraded*.',
    healthy: ':white_check_mark: `{{app}}` is *Healthy*: the rollout is complete.',
  },
  /** What a person can do next, after the alert. */
  hint: {
    aborted: 'The GitOps repo still names the new version: `/rollback` reverts it, or fix it and deploy again.',
    degraded:
      '`/canary {{app}} abort` sends all traffic back to the stable version; `/rollback {{app}}` reverts the change in Git.',
  },
};
