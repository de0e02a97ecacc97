/**
 * The image webhook (POST /webhooks/image, src/webhook/image.ts): a new build's message with its Deploy button, the
 * announcement of a change it deployed by itself, and the answers a CI step prints.
 */
export const webhook = {
  /** In the stage's channel. Facts: `app`, `image`, `stage`, `commit`, `url`. */
  built: {
    text: '{{app, quote}} {{image, quote}} is built',
    commit: 'Commit {{commit, quote}}',
    commitLinked: 'Commit <{{url}}|{{commit}}>',
    details: '<{{url}}|Build details>',
    deploy: 'Deploy to {{stage}}',
  },
  /** The announcement of a deploy made with `autoDeploy: true`. Facts: the change's `description`, the `pipeline`. */
  asked: 'A new build asked to {{description}} (`pipelines.{{pipeline}}.autoDeploy`)',
  unpinned: {
    message: '{{reference, quote}} has no tag or digest, so Argo CD would not see a change.',
    hint: 'Send the tag or digest CI just pushed, e.g. `ghcr.io/acme/llm-api:1.4.3` or `ghcr.io/acme/llm-api@sha256:…`.',
  },
  /** The JSON `message` a CI step prints, with the `status` it came with. */
  answer: {
    announced: 'Announced `{{app}}` `{{image}}` in its channel, with a Deploy to {{stage}} button.',
    deploying: 'Deploying `{{image}}` to `{{app}}` ({{stage}}, the first stage of `{{pipeline}}`).',
    duplicate: '`{{app}}` `{{image}}` was received before: nothing more to do.',
    unsigned:
      'Unsigned: send `X-Kanaria-Timestamp` (unix seconds) and `X-Kanaria-Signature: v1=<hex HMAC-SHA256 of "v1:<timestamp>:<body>">` with KANARIA_WEBHOOK_SECRET.',
    signature: 'The signature does not match the body: sign exactly the bytes sent, with KANARIA_WEBHOOK_SECRET.',
    stale: 'The timestamp is more than 5 minutes old: sign each request when it is sent (retries included).',
    future: "The timestamp is more than 5 minutes ahead: check the CI runner's clock.",
    replay: 'This signed request was received before: sign each request again when it is sent.',
    tooLarge: 'The body is larger than {{max}} bytes: send only app or pipeline, image, commit and url.',
    json: 'The body is not JSON: send {"app" or "pipeline", "image", "commit", "url"}.',
    shape: 'The body is not a build: {{problems}}.',
    unknownApp: 'kanaria.yaml has no app {{name, quote}}.',
    unknownPipeline: 'kanaria.yaml has no pipeline {{name, quote}}.',
    known: 'Known: {{names, alternatives}}.',
    noChannel:
      '`{{app}}` has no channel in kanaria.yaml (`apps.{{app}}.channel`): nowhere to say the build is there. Nothing was done.',
    unavailable: 'Kanaria cannot queue the build now (Redis is away): nothing was done; retry later.',
  },
};
