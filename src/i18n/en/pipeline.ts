/**
 * The pipeline card (`/pipeline`, jobs/pipeline.ts, src/blocks/pipeline.ts): a row per stage and a Promote button
 * under each but the last. Facts: `pipeline`, `stage`, `app`, `image`, `sha`, `author`, `ago` (a Slack date),
 * `sync`, `health`, `phase`, `step`/`steps`, `verdict` (worded), `score`, `holder` (a Slack id), `reason`.
 */
export const pipeline = {
  card: {
    title: 'Pipeline `{{pipeline}}`',
    stage: '*{{stage}}* · `{{app}}`',
    image: 'Runs `{{image}}`',
    noImage: 'Its manifest names no image Kanaria can read',
    commit: 'Last commit `{{sha}}` by {{author}}, {{ago}}',
    argocd: 'Argo CD: {{sync}} / {{health}}',
    argocdUnchecked: 'Argo CD: not checked',
    canary: 'Canary: {{phase}}',
    canaryStep: 'Canary: {{phase}}, step {{step}}/{{steps}}',
    canaryVerdict: 'last analysis {{verdict}}, score {{score}}',
    canaryUnchecked: 'Canary: not checked',
    locked: ':lock: Locked by <@{{holder}}>',
    lockedWhy: ':lock: Locked by <@{{holder}}>: {{reason}}',
    promote: 'Promote to {{to}}',
    footer: 'Updated in place as stages move. `/pipeline {{pipeline}}` posts it again in another channel.',
  },
  /** `/pipeline`'s answers. */
  posting: 'Posting the card of pipeline `{{pipeline}}`…',
  updated: 'The card of pipeline `{{pipeline}}` already in this channel is updated in place.',
  what: 'card of pipeline `{{pipeline}}`',
  unknown: {
    message: '{{typed, quote}} is neither a pipeline nor an app of one.',
    hint: 'Pipelines in kanaria.yaml: {{pipelines, alternatives}}.',
  },
  noPipelines: {
    message: '{{typed, quote}} is neither a pipeline nor an app of one: kanaria.yaml has no `pipelines:`.',
    hint: 'Add one, e.g. `pipelines: { web: { stages: [web-dev, web-staging, web-prod] } }`.',
  },
};
