import { afterEach, describe, expect, it } from 'vitest';
import { deployment, startHarness, type Harness } from '../helpers/harness.js';

const CONFIG = `
apps:
  web: { environment: staging, manifest: apps/web/deployment.yaml, container: web }
policies:
  default: { deploy: ["*"], promote: ["*"] }
`;
const files = { 'apps/web/deployment.yaml': deployment('web', 'nginx:1.25.0') };

let h: Harness | undefined;
afterEach(async () => {
  await h?.stop();
  h = undefined;
});

const FIRST_COMMIT =
  /^:x: `[0-9a-f]{7}` is the repository's first commit: there is nothing before it to go back to\.\n/;

/** The first reply in a thread that starts with :x:, after `seen` of them. */
const threadError = (harness: Harness, seen: number) =>
  harness.slack.waitFor(() =>
    harness.slack
      .callsTo('chat.postMessage')
      .filter((c) => c.body['thread_ts'])
      .map((c) => String(c.body['text']))
      .filter((t) => t.startsWith(':x:'))
      .at(seen),
  );

describe('/rollback of the commit that created the repository', () => {
  it('says it is the first commit (not "does not exist", not a conflict) and changes nothing', async () => {
    h = await startHarness({ files, config: CONFIG });
    const first = h.remote.head();

    // Right after the first commit: reverting it would delete the manifest.
    await h.command('/rollback', `web ${first.slice(0, 7)}`);
    const alone = await threadError(h, 0);
    expect(alone).toMatch(FIRST_COMMIT);
    expect(alone).toContain('Roll back a later commit');
    await h.kanaria.drained();
    expect(h.remote.head()).toBe(first);

    // After a later change of the same file: the revert would conflict, but that is not the reason either.
    await h.command('/deploy', 'web nginx:1.27.0');
    await h.kanaria.drained();
    const head = h.remote.head();
    expect(head).not.toBe(first);
    await h.command('/rollback', `web ${first.slice(0, 7)}`);
    expect(await threadError(h, 1)).toMatch(FIRST_COMMIT);
    await h.kanaria.drained();
    expect(h.remote.head()).toBe(head);
    expect(h.remote.show('apps/web/deployment.yaml')).toBe(deployment('web', 'nginx:1.27.0'));

    // A dry run meets the same refusal, privately.
    await h.command('/rollback', `web ${first.slice(0, 7)} --dry-run`, { responseId: 'dry' });
    const refusal = await h.slack.waitFor((calls) => calls.find((c) => c.method === 'response_url:dry'));
    expect(String(refusal.body['text'])).toMatch(FIRST_COMMIT);
    await h.kanaria.drained();
    expect(h.remote.head()).toBe(head);
  });
});
