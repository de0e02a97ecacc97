/** Refusals of the slash-command grammar (src/domain/grammar.ts). The usage and example stay as typed. */
export const grammar = {
  unknownOption: {
    message: 'Unknown option {{options, quote}}.',
    hint: 'Usage: `{{usage}}`, e.g. `{{example}}`',
  },
  unknownOptions: {
    message: 'Unknown option {{options, quote}} and {{more}} more.',
    hint: 'Usage: `{{usage}}`, e.g. `{{example}}`',
  },
  missingArgument: {
    message_one: 'Missing argument.',
    message_other: 'Missing arguments.',
    hint: 'Usage: `{{usage}}`, e.g. `{{example}}`',
  },
  optionNeedsValue: {
    message: '{{option, quote}} needs a value in quotes.',
    hint: 'Usage: `{{usage}}`, e.g. `{{example}}`',
  },
  tooManyArguments: {
    message: 'Too many arguments: {{extra, quote}}.',
    hint: 'Usage: `{{usage}}`, e.g. `{{example}}`',
  },
};
