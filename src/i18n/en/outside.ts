/** Changes made outside Kanaria (src/domain/outside.ts): said once in the app's channel. */
export const outside = {
  /** A canary promoted or aborted from the Argo UI or `kubectl argo rollouts`; `step` is 1-based. */
  rollout: {
    promoted: ':eyes: `{{app}}` canary was promoted to step {{step}}/{{steps}} outside Kanaria.',
    promotedFully: ':eyes: `{{app}}` canary was fully promoted outside Kanaria.',
    aborted: ':eyes: `{{app}}` canary was aborted outside Kanaria: traffic is back on the stable version.',
  },
  /** A commit to the app's files without Kanaria (no `Kanaria-Request:` trailer); `sha` is short. */
  commit: ':eyes: `{{app}}` changed outside Kanaria: `{{sha}}` by {{author}}: {{subject}}',
};
