import { WebClient } from '@slack/web-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSlackAdapters, SlackDirectory, SlackGroupUnreadable } from '../../src/adapters/slack.js';
import { freePort } from '../../src/adapters/redis.js';
import type { Config } from '../../src/domain/config.js';
import { Refusal } from '../../src/domain/errors.js';
import { explain, wordsFor } from '../../src/i18n/index.js';
import { FakeSlack } from '../helpers/fake-slack.js';
import { startHarness, type Harness } from '../helpers/harness.js';

const policies: Pick<Config, 'policies'> = {
  policies: { production: { deploy: ['S0PLATFORM'], promote: ['S0PLATFORM'], twoPersonRule: false } },
};
const failure = (call: Promise<unknown>) =>
  call.then(
    () => undefined,
    (error: unknown) => error,
  );

describe('Slack directory failures as facts', () => {
  const slack = new FakeSlack();
  beforeAll(() => slack.start());
  afterAll(() => slack.stop());

  it("a user group Kanaria may not read is SlackGroupUnreadable, with the group and Slack's error", async () => {
    slack.failures['usergroups.users.list'] = 'missing_scope';
    const { directory } = createSlackAdapters(policies, { botToken: 'xoxb-test', apiUrl: slack.apiUrl });
    const error = await failure(directory.identify('U0ANA'));
    expect(error).toBeInstanceOf(SlackGroupUnreadable);
    expect(error).toBeInstanceOf(Refusal);
    expect(error).toMatchObject({ group: 'S0PLATFORM', slackError: 'missing_scope' });
    expect(explain(wordsFor('en'), error as SlackGroupUnreadable)).toEqual({
      message:
        'Kanaria could not read the members of user group S0PLATFORM (missing_scope), so it cannot check the policy.',
      hint: 'Ask a Slack admin to grant Kanaria the usergroups:read scope, then try again.',
    });
    expect(explain(wordsFor('ja'), error as SlackGroupUnreadable).message).toBe(
      'ユーザーグループ S0PLATFORM のメンバーを取得できなかったため (missing_scope)、ポリシーを確認できません。',
    );
  });

  it('a Slack that does not answer is the same refusal, without an error code', async () => {
    const nowhere = new WebClient('xoxb-test', {
      slackApiUrl: `http://127.0.0.1:${await freePort()}/api/`,
      retryConfig: { retries: 0 },
    });
    const error = await failure(new SlackDirectory(nowhere, policies).identify('U0ANA'));
    expect(error).toBeInstanceOf(SlackGroupUnreadable);
    expect(error).toMatchObject({ group: 'S0PLATFORM', slackError: undefined });
    expect(explain(wordsFor('en'), error as SlackGroupUnreadable).message).toBe(
      'Kanaria could not read the members of user group S0PLATFORM (no answer), so it cannot check the policy.',
    );
  });
});

describe('a command whose policy names a group Kanaria cannot read', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({
      files: { 'apps/api/deployment.yaml': 'kind: Deployment\n' },
      config: `
gitops: { branch: main }
apps:
  api: { environment: production, manifest: apps/api/deployment.yaml, container: api }
policies:
  production: { deploy: [S0PLATFORM], promote: [S0PLATFORM] }
`,
      beforeStart: (slack) => (slack.failures['usergroups.users.list'] = 'missing_scope'),
    });
  });
  afterAll(async () => h?.stop());

  it('is refused in words that say what is missing and who fixes it, and nothing is committed', async () => {
    const head = h.remote.head();
    const ack = await h.command('/deploy', 'api nginx:1.27.0');
    expect(ack.text).toBe(
      ':x: Kanaria could not read the members of user group S0PLATFORM (missing_scope), so it cannot check the policy.\nAsk a Slack admin to grant Kanaria the usergroups:read scope, then try again.',
    );
    expect(h.remote.head()).toBe(head);
  });
});
