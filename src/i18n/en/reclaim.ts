/**
 * Idle GPUs handed back (`gpu.reclaim`): the offer in the namespace's channel, its buttons, `/gpu idle`, `/gpu keep`
 * and `/gpu release`. Namespaces, pods, workloads, apps and MIG profiles stay as Kubernetes writes them.
 */
export const reclaim = {
  /** GPUs in GPU terms. */
  gpus: {
    gpu_one: '{{count}}× GPU',
    gpu_other: '{{count}}× GPU',
    mig: '{{count}}× {{profile}}',
    shared: '{{count}}× shared GPU (1/{{replicas}})',
  },
  workload: {
    Deployment: 'Deployment `{{name}}`',
    Rollout: 'Rollout `{{name}}`',
    StatefulSet: 'StatefulSet `{{name}}`',
    pod: 'pod `{{name}}`',
  },
  app: 'app `{{app}}`',
  noApp: 'no Kanaria app',
  ownerNone: 'no owner',
  offer: {
    title:
      ':zzz: Idle GPUs in `{{namespace}}`: {{workload}} ({{app}}) holds {{gpus}}, {{activity, number(maximumFractionDigits: 1)}} % busy on average over {{window}}.',
    owner: 'Owner: {{owner}}.',
    pod: '• `{{pod}}` on `{{node}}`: {{gpus}}, {{activity, number(maximumFractionDigits: 1)}} % busy',
    deadlineAuto:
      'Answer by {{deadline}}: unanswered, it is then scaled to 0 (released automatically) through a commit.',
    deadlineNothing:
      'Answer by {{deadline}}: unanswered, nothing happens then (this namespace is not released automatically).',
    dryRun: 'Dry run (`gpu.reclaim.dryRun`): listed only; nothing will be released.',
    noAppNote: 'No Kanaria app runs this workload: it can be kept, not released.',
    kept: ':raised_hand: Kept until {{until}} by <@{{by}}>.',
    released: ':recycle: Release asked by <@{{by}}>: scaling {{app}} to 0 through a commit.',
    releasedCommit: ':recycle: Released by <@{{by}}>: {{app}} scaled to 0 in commit `{{sha}}`.',
    releasedPolicy:
      ':recycle: Nobody answered by the deadline: the GPU reclaim policy of `{{namespace}}` scales {{app}} to 0 through a commit.',
    releasedPolicyCommit:
      ':recycle: Nobody answered by the deadline: the GPU reclaim policy of `{{namespace}}` scaled {{app}} to 0 in commit `{{sha}}`.',
    expired: ':hourglass: The deadline passed unanswered; nothing was done.',
    expiredWhy: ':hourglass: The deadline passed unanswered; nothing was done: {{why}}',
    withdrawn: ':white_check_mark: Busy again: the offer is withdrawn, nothing will be released.',
    notReleased:
      ':warning: Not released: {{why}}\nNothing was scaled to 0; if it is still idle, a later scan offers it again.',
    unchanged: 'the manifest of {{app}} already has 0 replicas, so there was nothing to commit.',
    changeFailed: 'the change failed (its announcement in this channel says more).',
    unchecked:
      ':warning: The deadline could not be checked: {{why}}\nNothing was released; if it is still idle, a later scan offers it again.',
    keep4h: 'Keep for 4 h',
    keep1d: 'Keep for a day',
    release: 'Release',
    confirmTitle: 'Release these GPUs?',
    confirmText:
      '{{workload}} in `{{namespace}}` is scaled to 0 through a commit in the GitOps repo (revertible with /rollback).',
  },
  /** Why a deadline released nothing though `auto` is on. */
  whyNot: {
    noApp: 'no Kanaria app runs this workload',
    minReplicas: 'app `{{app}}` may not go below {{min}} replicas',
  },
  /** `/gpu idle`, privately. */
  list: {
    title: 'Idle GPU candidates (under {{threshold}} % over {{window}}, namespaces {{namespaces, words}}):',
    none: 'No idle GPU candidates in {{namespaces, words}} (under {{threshold}} % over {{window}}).',
    line: '• `{{namespace}}` {{workload}} ({{app}}): {{gpus}}, {{activity, number(maximumFractionDigits: 1)}} % busy, owner {{owner}}, {{state}} (id `{{id}}`)',
    unknownMig:
      '`{{namespace}}/{{pod}}` is not judged: MIG instances need DCGM_FI_PROF_GR_ENGINE_ACTIVE (profiling metrics), which the exporter does not report for it.',
    unknownMetrics: '`{{namespace}}/{{pod}}` is not judged: no DCGM metrics for it.',
    elsewhere:
      '{{count, number(maximumFractionDigits: 2)}} GPU-equivalents sit idle in namespaces not opted in (not listed; add a namespace under gpu.reclaim.namespaces to offer them back).',
    notConfigured: 'Idle GPUs are not handed back here: `gpu.reclaim` is not set in kanaria.yaml.',
    noDcgm:
      'No DCGM metrics in Prometheus (DCGM_FI_PROF_GR_ENGINE_ACTIVE or DCGM_FI_DEV_GPU_UTIL): nothing can be judged idle.',
    dryRun: 'Dry run: offers are listed, nothing is released.',
    state: {
      new: 'not offered yet',
      offered: 'offered, answer by {{deadline}}',
      kept: 'kept until {{until}}',
      released: 'released',
      expired: 'deadline passed, nothing done',
    },
  },
  /** `/gpu keep` and `/gpu release`, privately. */
  answer: {
    kept: 'Kept until {{until}}: no offer for it before then.',
    released: 'Release queued: {{app}} is scaled to 0 through a commit; follow it in the channel.',
    alreadyKept: 'Already answered: kept until {{until}} by <@{{by}}>.',
    alreadyReleased: 'Already answered: released by {{by}}.',
    alreadyExpired: 'Its deadline already passed.',
  },
  policy: 'the GPU reclaim policy',
  /** The announcement of a release the policy made. */
  policyAsked: 'The GPU reclaim policy of `{{namespace}}` (nobody answered by the deadline) asked to {{description}}',
  refusals: {
    unknown: {
      message: 'No open offer `{{id}}`: it was answered, withdrawn (busy again) or never made.',
      hint: '`/gpu idle` lists the current candidates and their ids.',
    },
    badKeep: {
      message: 'Keep for {{typed, quote}}? Say `4h` or `1d`.',
    },
    notAllowed: {
      message: 'Only the owner ({{owner}}) or someone allowed to deploy app `{{app}}` may answer this offer.',
    },
    ownerMayNotRelease: {
      message:
        'Releasing scales app `{{app}}` to 0 through a commit: only someone allowed to deploy it may (as with /scale). As its owner you may keep it.',
    },
    notListed: {
      message:
        '`{{namespace}}` is no longer listed under gpu.reclaim.namespaces: its offers are void and nothing there is released.',
    },
    notOwner: {
      message: 'Only the owner ({{owner}}) may answer this offer: no Kanaria app runs it.',
    },
    noApp: {
      message:
        'No Kanaria app runs {{workload}} in `{{namespace}}`: Kanaria releases GPUs only through a commit to an app, so it can be kept, not released.',
      hint: 'Label its pods with `{{appLabel}}: <app>`, or name the workload in the app (`workload:`).',
    },
    minReplicas: {
      message: 'App `{{app}}` may not go below {{min}} replicas (`replicas.min`): it cannot be released.',
    },
    dryRun: {
      message: '`gpu.reclaim.dryRun` is on: nothing is released.',
    },
    notConfigured: {
      message: 'Idle GPUs are not handed back here: `gpu.reclaim` is not set in kanaria.yaml.',
    },
  },
};
