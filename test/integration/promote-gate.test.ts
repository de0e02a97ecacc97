import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { announcement, pressButton, threadOf } from '../helpers/announcements.js';
import { tsOf } from '../helpers/fake-slack.js';
import { deployment, startHarness, type Harness } from '../helpers/harness.js';
import { wallClock } from '../helpers/wall-clock.js';

/** Production is frozen from the start of this minute for two hours. */
const config = (now: Date) => `
gitops: { branch: main }
apps:
  web-staging:
    environment: staging
    manifest: apps/web/staging.yaml
    container: web
    argocd: { application: web-staging, namespace: argocd }
    rollout: { name: web-staging, namespace: shop }
  web-prod: { environment: prod, manifest: apps/web/prod.yaml, container: web }
pipelines:
  web: { stages: [web-staging, web-prod] }
freezes:
  - name: release-freeze
    start: "${wallClock(now, 'UTC')}"
    duration: 2h
    timezone: UTC
    environments: [prod]
policies:
  prod: { deploy: ["*"], promote: ["*"], override: [U0BOB] }
  default: { deploy: ["*"], promote: ["*"] }
`;
const FILES = {
  'apps/web/staging.yaml': deployment('web', 'ghcr.io/acme/web:1.4.3'),
  'apps/web/prod.yaml': deployment('web', 'ghcr.io/acme/web:1.4.2'),
};

describe('/promote passes the gate as a forward change: freezes and break-glass as for /deploy', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ files: FILES, config: config(new Date()) });
  }, 60_000);
  afterAll(async () => h?.stop());

  it('a promotion into a frozen environment is refused with the window', async () => {
    const before = h.remote.head();
    await h.command('/promote', 'web prod');
    const { text } = await announcement(h, 'promote `web` staging → prod', /failed/);
    expect(text).toMatch(/`web-prod` is frozen in prod \(release-freeze\) until .+ UTC\./);
    expect(h.remote.head()).toBe(before);
  });

  it('--override: held for a second person, then committed with Promoted-From and the approval trailers', async () => {
    const since = h.slack.calls.length;
    await h.command('/promote', 'web prod --override "P0: the fix is only in staging"', { triggerId: 'override' });
    const held = await h.slack.waitFor(() => {
      const posted = h.slack.calls
        .slice(since)
        .find(
          (c) =>
            c.method === 'chat.postMessage' && !c.body['thread_ts'] && String(c.body['text']).includes('promote `web`'),
        );
      return posted && tsOf(posted);
    });
    const request = await h.slack.waitFor(() =>
      threadOf(h, held).find((c) => String(c.body['text']).includes('*Break-glass*')),
    );
    expect(String(request.body['text'])).toContain('asks to promote `web` staging → prod in prod');
    expect(await pressButton(h, request, 'kanaria:override-approve', 'U0BOB', 'bob')).toContain(
      'Approved: promote `web`',
    );
    await h.slack.waitFor(() => threadOf(h, held).find((c) => String(c.body['text']).startsWith('Pushed')));
    // No Kubernetes credentials here: what could not be checked of the source stage is said.
    expect(threadOf(h, held).map((c) => String(c.body['text']))).toContain(
      ':warning: Kanaria has no Kubernetes credentials: `staging` was promoted from without checking its Argo CD sync and health, canary state.',
    );
    const [commit] = h.remote.log();
    expect(commit?.subject).toBe('promote(web-prod): staging → prod ghcr.io/acme/web:1.4.3');
    expect(commit?.body).toMatch(/Promoted-From: staging [0-9a-f]{40}/);
    expect(commit?.body).toContain('Override-Reason: P0: the fix is only in staging');
    expect(commit?.body).toContain('Approved-by: Bob Stone (Slack user U0BOB)');
    expect(h.remote.show('apps/web/prod.yaml')).toContain('image: ghcr.io/acme/web:1.4.3 # bumped by Kanaria');
  });
});
