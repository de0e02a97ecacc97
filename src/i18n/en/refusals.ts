/**
 * Refusals every command and job may give (src/domain/apps.ts, src/domain/errors.ts, src/dispatch/command.ts).
 * Facts: the app `name` typed, its closest `suggestions` (`count` of them), the known `apps` and how many `more`;
 * the policy `environment` and `rule`.
 */
export const refusals = {
  /** `count` is the number of suggestions; the hint's context says whether the list is cut (`more`) or empty (`none`). */
  unknownApp: {
    message_zero: "There is no app {{name, quote}} in Kanaria's configuration.",
    message_one:
      "There is no app {{name, quote}} in Kanaria's configuration. Did you mean {{suggestions, alternatives}}?",
    message_other:
      "There is no app {{name, quote}} in Kanaria's configuration. Did you mean {{suggestions, alternatives}}?",
    hint: 'Known apps: {{apps, words}}.',
    hint_more: 'Known apps: {{apps, words}} and {{more}} more.',
    hint_none: 'No apps are configured yet: add them under `apps:` in kanaria.yaml.',
  },
  /** By the action the policy guards. */
  forbidden: {
    deploy: {
      message: 'You may not deploy to {{environment}}: {{rule}} does not include you.',
      hint: '$t(refusals.askPolicy)',
    },
    promote: {
      message: 'You may not promote to {{environment}}: {{rule}} does not include you.',
      hint: '$t(refusals.askPolicy)',
    },
    deployUncovered: {
      message:
        'You may not deploy to {{environment}}: no policy covers environment "{{environment}}" (add policies.{{environment}} or policies.default) does not include you.',
      hint: '$t(refusals.askPolicy)',
    },
    promoteUncovered: {
      message:
        'You may not promote to {{environment}}: no policy covers environment "{{environment}}" (add policies.{{environment}} or policies.default) does not include you.',
      hint: '$t(refusals.askPolicy)',
    },
  },
  askPolicy: 'Ask someone listed there, or a Kanaria admin to change the policy in kanaria.yaml.',
  /** By what Kanaria cannot do without the Kubernetes API. */
  noClusterAccess: {
    sync: {
      message: 'Kanaria has no access to the Kubernetes API, so it cannot ask Argo CD to sync.',
      hint: '$t(refusals.runInCluster)',
    },
    readRollout: {
      message: 'Kanaria has no access to the Kubernetes API, so it cannot read the Rollout.',
      hint: '$t(refusals.runInCluster)',
    },
    readGpu: {
      message: 'Kanaria has no access to the Kubernetes API, so it cannot read GPU capacity.',
      hint: '$t(refusals.runInCluster)',
    },
  },
  runInCluster: 'Run it in the cluster with its ServiceAccount, or set KUBECONFIG.',
  /** A delivery without what every Slack request carries (src/domain/invocation.ts). */
  noUser: {
    message: 'Slack did not say who sent this, so Kanaria cannot check who may do it. Nothing was queued.',
    hint: '$t(refusals.notFromSlack)',
  },
  noChannel: {
    message: 'Slack did not say which channel this came from, so Kanaria has nowhere to answer. Nothing was queued.',
    hint: '$t(refusals.notFromSlack)',
  },
  notFromSlack:
    'Try again from Slack; if it keeps happening, tell the platform team: the request did not arrive the way Slack sends them.',
};
