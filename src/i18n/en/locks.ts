/**
 * Locks (`/lock`, `/unlock`; src/domain/locks.ts): who holds an app, and the refusals of changes by anyone else.
 * `since` and `until` are dates Slack shows in the reader's time zone; `why` is the quoted reason or nothing.
 */
export const locks = {
  /** A change, or a canary press, of an app someone else holds. */
  held: {
    message: '`{{app}}` is locked by <@{{holder}}> since {{since}}.{{why}}',
    message_until: '`{{app}}` is locked by <@{{holder}}> since {{since}}, until {{until}}.{{why}}',
    hint: 'Ask <@{{holder}}> to `/unlock {{app}}` when done; someone in `policies.{{environment}}.override` may lift it (break-glass). `/rollback` and a canary abort go through a lock.',
  },
  needsStage: {
    message: '`{{pipeline}}` is a pipeline: say which stage ({{stages, alternatives}}).',
    hint: 'e.g. `/lock {{pipeline}} {{first}} <reason>`, or name the stage’s app.',
  },
  unknownStage: {
    message: 'The pipeline `{{pipeline}}` has no stage {{typed, quote}}: its stages are {{stages, alternatives}}.',
  },
  badDuration: {
    message: '`--for` takes a duration, not {{typed, quote}}.',
    hint: 'e.g. `--for 30m`, `--for 2h`, `--for 1d`; leave it out for a lock that holds until `/unlock`.',
  },
  unreachable: {
    message: 'Kanaria cannot reach Redis, where it keeps locks, so nothing was locked or unlocked.',
    hint: '$t(errorsQueue.tryAgain)',
  },
  /** `/lock`'s answers. */
  taken:
    ':lock: You hold `{{app}}` ({{environment}}): changes by anyone else are refused until you `/unlock {{app}}` (no expiry).{{why}}',
  taken_until:
    ':lock: You hold `{{app}}` ({{environment}}) until {{until}}: changes by anyone else are refused until then, or until you `/unlock {{app}}`.{{why}}',
  updated: ':lock: Your lock on `{{app}}` is updated; held since {{since}}, no expiry.{{why}}',
  updated_until: ':lock: Your lock on `{{app}}` is updated; held since {{since}}, until {{until}}.{{why}}',
  /** `/unlock`'s answers. */
  unlocked: ':unlock: `{{app}}` is unlocked.',
  liftedOthers:
    ':unlock: `{{app}}` is unlocked: you lifted <@{{holder}}>’s lock (break-glass, `policies.{{environment}}.override`).{{why}}',
  notLocked: '`{{app}}` is not locked.',
  forbidden: {
    message: '`{{app}}` is locked by <@{{holder}}>: only they, or someone in `{{rule}}`, may unlock it.{{why}}',
    hint: 'Ask <@{{holder}}> to `/unlock {{app}}`.',
  },
  extra: {
    message: '`/unlock` takes an app, or a pipeline and one of its stages: {{extra, quote}} is one word too many.',
    hint: 'e.g. `/unlock {{app}}`.',
  },
  /** Said with the acknowledgement of a rollback of an app someone else holds: it goes through. */
  passing: ':lock: `{{app}}` is locked by <@{{holder}}>; a rollback goes through a lock.',
  /** `/status`: the app's lock, when there is one. */
  status: ':lock: Locked by <@{{holder}}> since {{since}}{{why}}',
  status_until: ':lock: Locked by <@{{holder}}> since {{since}}, until {{until}}{{why}}',
};
