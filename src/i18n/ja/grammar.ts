import type { grammar as en } from '../en/grammar.js';
import type { Shape } from '../shape.js';

export const grammar: Shape<typeof en> = {
  unknownOption: {
    message: '{{options, quote}} というオプションはありません。',
    hint: '使い方: `{{usage}}` 例: `{{example}}`',
  },
  unknownOptions: {
    message: '{{options, quote}} ほか{{more}}個のオプションはありません。',
    hint: '使い方: `{{usage}}` 例: `{{example}}`',
  },
  missingArgument: {
    message_one: '引数が足りません。',
    message_other: '引数が足りません。',
    hint: '使い方: `{{usage}}` 例: `{{example}}`',
  },
  optionNeedsValue: {
    message: '{{option, quote}} には引用符で囲んだ値が必要です。',
    hint: '使い方: `{{usage}}` 例: `{{example}}`',
  },
  tooManyArguments: {
    message: '引数が多すぎます: {{extra, quote}} は不要です。',
    hint: '使い方: `{{usage}}` 例: `{{example}}`',
  },
};
