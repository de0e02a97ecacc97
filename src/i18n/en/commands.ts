/**
 * What each slash command answers (commands/*.ts): its acknowledgement, and its refusals of what was typed.
 * App names are configured ones; what people typed is echoed with `quote`.
 */
export const commands = {
  alreadyReceived: 'This request was already received.',
  analyze: {
    started: 'Analysing the canary of `{{app}}`; the verdict follows in this channel.',
    startedWindow: 'Analysing the canary of `{{app}}` over the last {{window}}; the verdict follows in this channel.',
    noAnalysis: {
      message: "`{{app}}` has no canary analysis in Kanaria's configuration.",
      hint: 'Add Prometheus queries under apps.{{app}}.analysis in kanaria.yaml (`{{placeholder}}` stands for the pod template hash).',
    },
    noRollout: {
      message: "`{{app}}` has no Argo Rollout in Kanaria's configuration, so there is no canary to judge.",
    },
    badWindow: {
      message: '{{window, quote}} is not a window from 1m to 24h.',
      hint: 'e.g. `/analyze {{app}} 15m` or `/analyze {{app}} 1h`.',
    },
  },
  canary: {
    card: 'Posting the canary card of `{{app}}` in this channel.',
    promote: 'Promoting the canary of `{{app}}`…',
    'promote-full': 'Fully promoting the canary of `{{app}}`…',
    abort: 'Aborting the canary of `{{app}}`…',
    retry: 'Retrying the canary of `{{app}}`…',
    pressedBy:
      'Nothing more to do: <@{{user}}> already pressed it for this step of `{{app}}`; the card shows the result.',
    pressed: 'Nothing more to do: it was already pressed for this step of `{{app}}`; the card shows the result.',
    noRollout: {
      message: "`{{app}}` has no Argo Rollout in Kanaria's configuration.",
      hint: 'Add `rollout: { name: …, namespace: … }` under apps.{{app}} in kanaria.yaml.',
    },
    badAction: {
      message: '{{action, quote}} is not a canary action.',
      hint: 'Use one of {{actions, quote}}, e.g. `/canary {{app}} promote`.',
    },
    badPosition: {
      message: "{{position, quote}} is not a rollout position (a card's button sends one, such as `31/2`).",
      hint: 'Leave it out to act on the rollout as it stands: `/canary {{app}} {{action}}`.',
    },
  },
  deploy: {
    unpinned: {
      message: '{{reference, quote}} has no tag or digest, so Argo CD would not see a change.',
      hint: 'Pin a version, e.g. {{tagged, quote}} or {{digested, quote}}.',
    },
  },
  gpu: {
    reading: 'Reading GPU capacity; the report follows in this channel.',
    readingScope: 'Reading GPU capacity for {{kind}} {{name, quote}}; the report follows in this channel.',
    nameMissing: { message: 'Which {{kind}}? Give its name.', hint: '$t(commands.gpu.examples)' },
    badScope: {
      message: '{{kind, quote}} is not a scope: use pool, node or namespace.',
      hint: '$t(commands.gpu.examples)',
    },
    examples: 'e.g. `/gpu`, `/gpu pool a100`, `/gpu node gpu-node-7`, `/gpu namespace ml-research`',
    badName: {
      message: '{{name, quote}} is not a {{kind}} name.',
      hint: 'Give its name as Kubernetes shows it, e.g. `/gpu {{kind}} {{example}}`.',
    },
  },
  history: {
    lookingUp: 'Looking up the history of `{{app}}`…',
    what: 'history of `{{app}}`',
    badCount: {
      message: '{{typed, quote}} is not a number of commits from 1 to {{max}}.',
      hint: 'e.g. `/history {{app}} 5`',
    },
  },
  rollback: {
    badCommit: {
      message: '{{commit, quote}} is not a commit id (7 to 40 hex digits).',
      hint: "See `/history {{app}}` for the app's commits.",
    },
  },
  scale: {
    badReplicas: {
      message:
        '{{typed, quote}} is not a valid replica count for `{{app}}`: give a whole number from {{min}} to {{max}}.',
      hint: 'e.g. `/scale {{app}} {{example}}`',
    },
  },
  status: {
    lookingUp: 'Looking up the status of `{{app}}`…',
    what: 'status of `{{app}}`',
  },
  sync: {
    queued: 'Queued: sync of `{{app}}` (Argo CD `{{application}}`). Progress follows in this channel.',
    queuedHard:
      'Queued: hard refresh and sync of `{{app}}` (Argo CD `{{application}}`). Progress follows in this channel.',
    alreadyReceived:
      'This request was already received; Kanaria is handling the sync of `{{app}}` (Argo CD `{{application}}`).',
    alreadyReceivedHard:
      'This request was already received; Kanaria is handling the hard refresh and sync of `{{app}}` (Argo CD `{{application}}`).',
    badMode: {
      message: '{{mode, quote}} is not a sync mode: the only one is `hard`.',
      hint: "e.g. `/sync {{app}} hard` to also drop Argo CD's manifest cache.",
    },
    noArgocd: {
      message: "`{{app}}` has no Argo CD Application in Kanaria's configuration, so there is nothing to sync.",
      hint: 'Add `argocd: { application: …, namespace: … }` under apps.{{app}} in kanaria.yaml.',
    },
  },
};
