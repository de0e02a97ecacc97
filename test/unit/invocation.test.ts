import { describe, expect, it } from 'vitest';
import { actionRequestId, BadDelivery, callerOf, commandRequestId, messageTsOf } from '../../src/domain/invocation.js';
import { explain, wordsFor, type Explanation, type Locale } from '../../src/i18n/index.js';

/** The refusal of a delivery, as a person reads it. */
const refusal = (userId: unknown, channel: unknown, locale: Locale = 'en'): Explanation & { code: string } => {
  try {
    callerOf(userId, channel);
  } catch (error) {
    if (error instanceof BadDelivery) return { code: error.code, ...explain(wordsFor(locale), error) };
    throw error;
  }
  throw new Error('expected a refusal');
};

describe('callerOf', () => {
  it.each<[string, string, string]>([
    ['a user in a public channel', 'U0ANA', 'C0DEPLOYS'],
    ['an Enterprise Grid user in a private channel', 'W012ABCDEF', 'G0SECRET'],
    ['a direct message', 'U0ANA', 'D0123ABC'],
  ])('accepts %s', (_, userId, channel) => {
    expect(callerOf(userId, channel)).toEqual({ userId, channel });
  });

  it.each<[string, unknown]>([
    ['no user id', undefined],
    ['an empty user id', ''],
    ['the text "undefined"', 'undefined'],
    ['a mention instead of an id', '<!channel>'],
    ['a channel id', 'C0DEPLOYS'],
    ['lowercase', 'u0ana'],
    ['a number', 42],
  ])('refuses %s as the user, saying nothing was queued', (_, userId) => {
    const error = refusal(userId, 'C0DEPLOYS');
    expect(error.code).toBe('bad-request');
    expect(error.message).toMatch(/did not say who sent this.*Nothing was queued/);
  });

  it.each<[string, unknown]>([
    ['no channel id', undefined],
    ['an empty channel id', ''],
    ['a user id', 'U0ANA'],
  ])('refuses %s as the channel', (_, channel) => {
    expect(refusal('U0ANA', channel).message).toMatch(/did not say which channel/);
  });

  it('says it in Japanese too, with what to do', () => {
    expect(refusal(undefined, 'C0DEPLOYS', 'ja')).toEqual({
      code: 'bad-request',
      message: 'Slack から送信者が伝えられなかったため、Kanaria は権限を確認できません。何もキューに入れていません。',
      hint: 'Slack からもう一度お試しください。繰り返し起きる場合はプラットフォームチームに連絡してください: リクエストが Slack の送る形式で届いていません。',
    });
    expect(refusal('U0ANA', 'nowhere', 'ja').message).toMatch(/送信元のチャンネルが伝えられなかった/);
  });
});

describe('commandRequestId', () => {
  const fresh = () => 'fresh-1';
  const url = 'https://hooks.slack.com/commands/T0001/123/abc';

  it("is Slack's trigger id when there is one", () => {
    expect(commandRequestId({ triggerId: '13345224609.738474920.8088930838d88f008e0', responseUrl: url }, fresh)).toBe(
      '13345224609.738474920.8088930838d88f008e0',
    );
  });

  it.each<[string, unknown]>([
    ['missing', undefined],
    ['empty', ''],
    ['with characters a trigger id never has', '1.2\nKanaria-Request: forged'],
  ])('without a usable trigger id (%s), is a hash of the response URL: the same for the same body', (_, triggerId) => {
    const id = commandRequestId({ triggerId, responseUrl: url }, fresh);
    expect(id).toMatch(/^url-[0-9a-f]{32}$/);
    expect(id).not.toContain('abc');
    expect(commandRequestId({ triggerId, responseUrl: url }, fresh)).toBe(id);
    expect(commandRequestId({ triggerId, responseUrl: `${url}d` }, fresh)).not.toBe(id);
  });

  it('without either, is a fresh id', () => {
    expect(commandRequestId({}, fresh)).toBe('new-fresh-1');
    expect(commandRequestId({ triggerId: '', responseUrl: '' }, () => 'fresh-2')).toBe('new-fresh-2');
  });
});

describe('actionRequestId', () => {
  const press = { actionId: 'rollback', channel: 'C0DEPLOYS', value: '{"app":"web","commit":"abc1234"}' };

  it('is one per button on one message', () => {
    expect(actionRequestId({ ...press, messageTs: '1712345678.000100' })).toBe('rollback-C0DEPLOYS-1712345678.000100');
  });

  it('without a message timestamp, is keyed by what the button carries: a double click shares it, another button does not', () => {
    const id = actionRequestId({ ...press, messageTs: undefined });
    expect(id).toMatch(/^rollback-C0DEPLOYS-value-[0-9a-f]{32}$/);
    expect(actionRequestId({ ...press, messageTs: undefined })).toBe(id);
    expect(actionRequestId({ ...press, messageTs: undefined, value: '{"app":"web","commit":"def5678"}' })).not.toBe(id);
    expect(actionRequestId({ ...press, messageTs: undefined, channel: 'C0OTHER' })).not.toBe(id);
  });
});

describe('messageTsOf', () => {
  it.each<[unknown[], string | undefined]>([
    [['1712345678.000100', '1.2'], '1712345678.000100'],
    [[undefined, '1712345678.000200'], '1712345678.000200'],
    [['', 'not-a-ts', 42], undefined],
    [[], undefined],
  ])('%j → %s', (candidates, expected) => {
    expect(messageTsOf(...candidates)).toBe(expected);
  });
});
