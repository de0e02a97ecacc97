import { readFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { canaryCard } from '../../src/blocks/canary.js';
import { wordsFor } from '../../src/i18n/index.js';
import type { Message } from '../../src/domain/chat.js';
import { createSlackAdapters } from '../../src/adapters/slack.js';
import { parseConfig } from '../../src/boot/config-file.js';
import { rolloutState } from '../../src/domain/rollout.js';
import { createMetrics, type KanariaMetrics } from '../../src/adapters/metrics.js';
import { FakeSlack } from '../helpers/fake-slack.js';

// The real canary-demo Rollout captured by the Argo Rollouts project (see test/fixtures/README.md): 8 steps.
type Obj = Record<string, unknown>;
const ROLLOUT = parse(
  readFileSync(new URL('../fixtures/argo-rollouts/canary/canary-rollout.yaml', import.meta.url), 'utf8'),
) as { metadata: Obj; spec: Obj; status: Obj };
const STABLE = '877894d5b';
const CANARY = '65fb5ffc84';
const MOVES = 30;

/** The card of canary `app` after `move` of MOVES: a step further every few moves, one more canary pod ready each move. */
function card(app: string, move: number): Message {
  const state = rolloutState({
    ...ROLLOUT,
    metadata: { ...ROLLOUT.metadata, name: app },
    status: { ...ROLLOUT.status, currentStepIndex: Math.floor((move * 8) / MOVES) },
  });
  const pods = [
    { hash: STABLE, pods: MOVES, ready: MOVES },
    { hash: CANARY, pods: MOVES, ready: move },
  ];
  return canaryCard(wordsFor('en'), { app, state, pods });
}

/** Which move a card sent to Slack shows (its ready canary pods). */
const moveShown = (body: Obj): number =>
  Number(/canary `65fb5ffc84`: (\d+)\//.exec(JSON.stringify(body['blocks']))?.[1]);

const rateLimited = async (metrics: KanariaMetrics, method: string) =>
  (await metrics.slackRateLimited.get()).values.find((v) => v.labels.method === method)?.value ?? 0;

describe('Slack rate limits: 429s are waited out as Retry-After asks, card updates to one message coalesced', () => {
  const slack = new FakeSlack();
  const config = parseConfig('apps: {}\npolicies:\n  default: { deploy: ["*"], promote: ["*"] }\n', 'kanaria.yaml');
  let metrics: KanariaMetrics;
  let adapters: ReturnType<typeof createSlackAdapters>;
  beforeAll(() => slack.start());
  afterAll(() => slack.stop());
  beforeEach(() => {
    slack.limits = [];
    // The adapters as both threads build them (src/boot/build-deps.ts, for the main thread and the job thread alike): the production retry policy and metric.
    metrics = createMetrics({ processMetrics: false });
    adapters = createSlackAdapters(config, { botToken: 'xoxb-test', apiUrl: slack.apiUrl }, (method) =>
      metrics.slackRateLimited.inc({ method }),
    );
  });

  it('20 canaries moving at once lose no update: every card ends at its last state, in order, though Slack refused some', async () => {
    const apps = Array.from({ length: 20 }, (_, i) => `model-${i}`);
    const posted = await Promise.all(apps.map((app, i) => adapters.chat.post(`C0TEAM${i}`, card(app, 0))));
    slack.limits = [
      // Tier 3 (50 a minute) squeezed into a second, and tighter: the first update of the 20 cards fills it.
      { method: 'chat.update', calls: 20, windowMs: 1_000 },
      // Slack limits updates to one message more tightly still.
      { method: 'chat.update', calls: 1, windowMs: 1_000, per: 'message' },
    ];

    const updates: Promise<void>[] = [];
    for (let move = 1; move <= MOVES; move++) {
      apps.forEach((app, i) =>
        updates.push(adapters.chat.update(posted[i]?.channel ?? '', posted[i]?.ts ?? '', card(app, move))),
      );
      // The watch sees the rollouts move one after another, not all in one tick.
      await sleep(5);
    }
    await Promise.all(updates);

    const refusedUpdates = slack.refused.filter((c) => c.method === 'chat.update');
    expect(refusedUpdates.length).toBeGreaterThan(0);
    const accepted = slack.callsTo('chat.update');
    for (const [i, app] of apps.entries()) {
      const mine = accepted.filter((c) => c.body['ts'] === posted[i]?.ts && c.body['channel'] === posted[i]?.channel);
      const last = card(app, MOVES);
      expect(mine.at(-1)?.body).toMatchObject({ text: last.text, blocks: last.blocks });
      // Never reordered: each card's updates show later and later moves.
      const moves = mine.map((c) => moveShown(c.body));
      expect(moves).toEqual([...moves].sort((a, b) => a - b));
      expect(new Set(moves).size).toBe(moves.length);
    }
    // Superseded updates were skipped rather than all queued up behind the limit.
    expect(accepted.length).toBeLessThan(apps.length * MOVES);
    expect(await rateLimited(metrics, 'chat.update')).toBe(refusedUpdates.length);
  });

  it('a chat.postMessage refused with 429 is posted once, after the Retry-After', async () => {
    slack.limits = [{ method: 'chat.postMessage', calls: 1, windowMs: 1_000, per: 'channel' }];
    await adapters.chat.post('C0DEPLOYS', { text: 'Deploying `llm-api` → `1.4.2`' });
    const second = await adapters.chat.post('C0DEPLOYS', { text: 'Deploying `llm-api` → `1.4.3`' });

    const posts = slack.callsTo('chat.postMessage').filter((c) => c.body['channel'] === 'C0DEPLOYS');
    expect(posts.map((c) => c.body['text'])).toEqual([
      'Deploying `llm-api` → `1.4.2`',
      'Deploying `llm-api` → `1.4.3`',
    ]);
    expect(second.ts).toBe(posts[1]?.response?.['ts']);
    // Refused once: a try before the Retry-After had passed would have been refused again.
    const refused = slack.refused.filter((c) => c.method === 'chat.postMessage' && c.body['channel'] === 'C0DEPLOYS');
    expect(refused.map((c) => [c.body['text'], c.response?.['retry_after']])).toEqual([
      ['Deploying `llm-api` → `1.4.3`', 1],
    ]);
    expect(await rateLimited(metrics, 'chat.postMessage')).toBe(1);
  });

  it("a lookup on a command's path does not wait out a long Retry-After, nor asks Slack again before it has passed", async () => {
    slack.users.set('U0ALICE', { id: 'U0ALICE', name: 'Alice Liddell', email: 'alice@example.com' });
    slack.users.set('U0BOB', { id: 'U0BOB', name: 'Bob Dylan' });
    slack.limits = [{ method: 'users.info', calls: 1, windowMs: 60_000 }];
    expect(await adapters.directory.identify('U0ALICE')).toMatchObject({ name: 'Alice Liddell' });

    // Slack asks for a minute, longer than the 3 s it gives for the ack: the command goes on without the name.
    expect(await adapters.directory.identify('U0BOB')).toEqual({ id: 'U0BOB', groups: [] });
    expect(await adapters.directory.identify('U0BOB')).toEqual({ id: 'U0BOB', groups: [] });
    expect(slack.refused.filter((c) => c.method === 'users.info').map((c) => c.response?.['retry_after'])).toEqual([
      60,
    ]);
  });
});
