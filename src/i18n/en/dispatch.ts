/**
 * What the command path answers itself (src/dispatch): acknowledgements of changes, unknown commands and buttons,
 * and the reply to a failure inside Kanaria. Facts: the `command` typed, a `suggestion`, the change's `summary`,
 * an error's `reference`.
 */
export const dispatch = {
  unknownCommand: {
    message: 'Kanaria has no command {{command, quote}}.',
    hint: '$t(dispatch.seeHelp)',
  },
  unknownCommandNear: {
    message: 'Kanaria has no command {{command, quote}}. Did you mean `/{{suggestion}}`?',
    hint: '$t(dispatch.seeHelp)',
  },
  seeHelp: 'Type `/kanaria help` for the list.',
  /** A refusal as the person reads it: what is wrong, then what they can do on its own line. */
  refusal: ':x: {{message}}',
  refusalWithHint: ':x: {{message}}\n{{hint}}',
  internalError:
    ':warning: Something went wrong inside Kanaria and nothing was queued (reference `{{reference}}`). Please try again; if it persists, tell the platform team.',
  buttonUnsupported: ':x: This button is no longer supported by Kanaria.',
  buttonUnreadable: ':x: This button carries data Kanaria cannot read; use the slash command instead.',
  queued: 'Queued: {{summary}}.',
  dryRun: 'Dry run of {{summary}}: the diff follows here; nothing will be committed.',
  alreadyReceived: 'This request was already received; Kanaria is handling it ({{summary}}).',
};
