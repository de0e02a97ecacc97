import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RecordedCall } from '../helpers/fake-slack.js';
import { deployment, SIGNING_SECRET, startHarness, type Harness } from '../helpers/harness.js';
import { postSigned, slashCommand } from '../helpers/slack-requests.js';
import { wallClock } from '../helpers/wall-clock.js';

/** `web` is inside a deny window for the whole suite; a second person in `policies.production.override` may approve. */
const config = (now: Date) => `
gitops: { branch: main }
apps:
  web: { environment: production, manifest: apps/web/deployment.yaml, container: web }
freezes:
  - name: release-freeze
    start: "${wallClock(now, 'Asia/Tokyo')}"
    duration: 2h
    timezone: Asia/Tokyo
    environments: [production]
policies:
  production: { deploy: ["*"], promote: ["*"], override: [U0BOB] }
`;

/**
 * The gate's grammar as Slack delivers it (signed form-encoded requests to Bolt's real receiver): `--override`
 * with a reason in straight or smart quotes, without one, on commands that offer no break-glass; `/approve` typed.
 * Whatever is refused at the ack enqueues nothing: no announcement, no commit.
 */
describe('the break-glass and --when-open grammar, end to end', () => {
  let h: Harness;

  beforeAll(async () => {
    h = await startHarness({
      files: { 'apps/web/deployment.yaml': deployment('web', 'nginx:1.25.0') },
      config: config(new Date()),
      beforeStart(slack) {
        slack.users.set('U0KEN', { id: 'U0KEN', name: 'Ken Sato', locale: 'ja-JP' });
      },
    });
  }, 60_000);
  afterAll(async () => h?.stop());

  /** `command text` as `userId`; the ack Slack shows. */
  async function ask(command: string, text: string, userId = 'U0ANA'): Promise<string> {
    const body = slashCommand(command, text, { userId, responseUrl: h.slack.responseUrl(`${command}-${text}`) });
    const response = await postSigned(h.port, SIGNING_SECRET, body);
    expect(response.status).toBe(200);
    const raw = await response.text();
    return raw ? String((JSON.parse(raw) as { text?: string }).text ?? '') : '';
  }
  const announcements = (): RecordedCall[] =>
    h.slack.calls.filter((c) => c.method === 'chat.postMessage' && !c.body['thread_ts']);

  it.each([
    ['/deploy', 'web nginx:1.27.0 --override', '`--override` needs a value in quotes.'],
    ['/deploy', 'web nginx:1.27.0 --override ""', '`--override` needs a value in quotes.'],
    ['/deploy', 'web nginx:1.27.0 --override --when-open', '`--override` needs a value in quotes.'],
    ['/scale', 'web 4 --override', '`--override` needs a value in quotes.'],
    ['/rollback', 'web --override "P0"', 'Unknown option `--override`.'],
    ['/rollback', 'web --when-open', 'Unknown option `--when-open`.'],
    ['/canary', 'web promote --override "P0"', 'Unknown option `--override`.'],
    ['/approve', '', 'Missing argument.'],
  ])('%s %s is refused at once, naming what is wrong, and enqueues nothing', async (command, text, expected) => {
    const head = h.remote.head();
    const before = announcements().length;
    const ack = await ask(command, text);
    expect(ack).toMatch(/^:x: /);
    expect(ack).toContain(expected);
    expect(ack).toMatch(/Usage: `\/(deploy|scale|rollback|canary|approve) /);
    expect(announcements()).toHaveLength(before);
    expect(h.remote.head()).toBe(head);
  });

  it("in the requester's language", async () => {
    expect(await ask('/deploy', 'web nginx:1.27.0 --override', 'U0KEN')).toMatch(
      /^:x: `--override` には引用符で囲んだ値が必要です。\n使い方: `\/deploy /,
    );
  });

  it('a reason in smart quotes (as Slack clients send) is kept whole, through approval by a typed /approve, into the trailer', async () => {
    const ack = await ask('/deploy', 'web nginx:1.28.0 --override “P0: checkout is down” --when-open');
    expect(ack).toContain('Queued: deploy `web` → `nginx:1.28.0`');
    const request = await h.slack.waitFor(() =>
      h.slack.calls.find(
        (c) => c.method === 'chat.postMessage' && c.body['thread_ts'] && /\*Break-glass\*/.test(String(c.body['text'])),
      ),
    );
    // Asked for both, a P0 fix does not wait for the freeze to end: it waits for a second person.
    expect(String(request.body['text'])).toContain('although it is frozen (release-freeze)');
    expect(String(request.body['text'])).toContain('\n> P0: checkout is down\n');
    const value = (request.body['blocks'] as { elements?: { value: string }[] }[])
      .flatMap((b) => b.elements ?? [])
      .map((e) => JSON.parse(e.value) as { id: string })[0];
    if (!value) throw new Error('no approval button');

    expect(await ask('/approve', value.id)).toContain('You asked for this override: someone else must approve it.');
    expect(await ask('/approve', `${value.id} now`, 'U0BOB')).toContain('Too many arguments');
    expect(await ask('/approve', value.id.toUpperCase(), 'U0BOB')).toContain(
      `There is no override \`${value.id.toUpperCase()}\` waiting for approval`,
    );
    expect(await ask('/approve', value.id, 'U0BOB')).toContain('Approved: deploy `web` → `nginx:1.28.0` goes ahead');
    const [commit] = await h.slack.waitFor(() => {
      const log = h.remote.log();
      return log[0]?.subject.startsWith('deploy(web)') && log;
    });
    expect(commit?.body).toContain('Override-Reason: P0: checkout is down');
    expect(commit?.body).toContain('Approved-by: Bob Stone (Slack user U0BOB)');
    expect(h.remote.show('apps/web/deployment.yaml')).toContain('nginx:1.28.0');
  });
});
