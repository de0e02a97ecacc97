import { describe, expect, it } from 'vitest';
import { buildMessage, DEPLOY_BUILD_ACTION } from '../../src/blocks/webhook.js';
import { wordsFor } from '../../src/i18n/index.js';
import { actions } from '../../src/slack/actions.js';
import type { BuildNoticeJob } from '../../src/queues/builds.js';

const en = wordsFor('en');
const base: BuildNoticeJob = { app: 'llm-api-dev', stage: 'dev', image: 'ghcr.io/acme/llm-api:1.4.3' };
const contextOf = (build: BuildNoticeJob, t = en): string | undefined => {
  const block = buildMessage(t, build).blocks?.find((b) => b.type === 'context');
  return block && JSON.stringify(block);
};
const deployButton = actions.find((a) => a.actionId === DEPLOY_BUILD_ACTION);

describe('a new build’s message', () => {
  it('says what was built, in the channel’s words', () => {
    expect(buildMessage(en, base).text).toBe(':package: `llm-api-dev` `ghcr.io/acme/llm-api:1.4.3` is built');
    expect(buildMessage(wordsFor('ja'), base).text).toContain('がビルドされました');
  });

  it.each<[string, Partial<BuildNoticeJob>, string | undefined]>([
    ['nothing more', {}, undefined],
    ['a commit', { commit: '0123456789abcdef0123' }, 'Commit `0123456789ab`'],
    [
      'a commit and a link',
      { commit: 'abcdef1', url: 'https://ci.example.com/runs/1' },
      'Commit <https://ci.example.com/runs/1|abcdef1>',
    ],
    ['a link alone', { url: 'https://ci.example.com/runs/1' }, '<https://ci.example.com/runs/1|Build details>'],
    [
      'a link whose | and > would end it',
      { url: 'https://ci.example.com/a|b>c' },
      '<https://ci.example.com/a%7Cb%3Ec|Build details>',
    ],
  ])('with %s', (_, more, shown) => {
    const context = contextOf({ ...base, ...more });
    if (shown === undefined) expect(context).toBeUndefined();
    else expect(context).toContain(shown);
  });

  it('has a Deploy to <stage> button that re-enters as /deploy <app> <image>', () => {
    const actionsBlock = buildMessage(en, base).blocks?.find((b) => b.type === 'actions') as
      { elements: { action_id: string; value: string; text: { text: string } }[] } | undefined;
    const [button] = actionsBlock?.elements ?? [];
    expect(button?.text.text).toBe('Deploy to dev');
    expect(deployButton?.toCommand(button?.value ?? '')).toEqual({
      command: 'deploy',
      text: 'llm-api-dev ghcr.io/acme/llm-api:1.4.3',
    });
  });

  it.each<[string, string]>([
    ['an image that smuggles words', JSON.stringify({ app: 'llm-api-dev', image: 'nginx:1 --override x' })],
    ['an app that is no name', JSON.stringify({ app: 'Llm Api', image: 'nginx:1.27.0' })],
    ['no JSON', 'llm-api-dev nginx:1.27.0'],
  ])('refuses a forged button value: %s', (_, value) => {
    expect(() => deployButton?.toCommand(value)).toThrow();
  });
});
