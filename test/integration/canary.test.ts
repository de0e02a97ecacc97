import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deployment, fixture, SIGNING_SECRET, startHarness, type Harness } from '../helpers/harness.js';
import { bindKanariaRole, hasKubeApiserver, startKube, type KubeCluster } from '../helpers/kube.js';
import { CANARY, RolloutPlayer, STABLE } from '../helpers/rollouts.js';
import { buttonPress, postSigned } from '../helpers/slack-requests.js';
import { tsOf, type RecordedCall } from '../helpers/fake-slack.js';

const available = hasKubeApiserver() || process.env['CI'] === 'true';

const app = (name: string, environment = 'staging') => `
  ${name}:
    environment: ${environment}
    manifest: apps/${name}/rollout.yaml
    container: web
    rollout: { name: ${name}, namespace: shop }`;
// No `channel`: the Rollout watch then posts no card of its own, so each card here is the one /canary posted
// (the watch's cards are canary-watch.test.ts's subject).

const CONFIG = `
apps:${app('paused')}${app('analysis')}${app('inconclusive')}${app('aborting')}${app('full')}${app('stale')}${app('double')}${app('prod', 'production')}
  plain: { manifest: apps/plain/rollout.yaml, container: canary-demo }
policies:
  production: { deploy: ["*"], promote: [U0ANA, U0BOB], twoPersonRule: true }
  default: { deploy: ["*"], promote: [S0PLATFORM] }
`;

const NAMES = ['paused', 'analysis', 'inconclusive', 'aborting', 'full', 'stale', 'double', 'prod', 'plain'];
const FILES = Object.fromEntries(
  NAMES.map((n) => [`apps/${n}/rollout.yaml`, deployment(n, 'argoproj/rollouts-demo:blue')]),
);

describe.skipIf(!available)(
  'canary control from Slack: Argo Rollouts cards and buttons (real kube-apiserver, real Rollouts CRD)',
  () => {
    let kube: KubeCluster;
    let rollouts: RolloutPlayer;
    let h: Harness;

    /** The last version of the app's card (posted, then updated in place). */
    const cardCalls = (name: string): RecordedCall[] =>
      h.slack.calls.filter(
        (c) => /^chat\.(postMessage|update)$/.test(c.method) && String(c.body['text']).startsWith(`Canary \`${name}\``),
      );
    const card = (name: string) => cardCalls(name).at(-1);
    const buttons = (call: RecordedCall | undefined) =>
      (
        (call?.body['blocks'] as
          | {
              type: string;
              elements?: {
                action_id: string;
                value: string;
                text: { text: string };
                confirm?: unknown;
                style?: string;
              }[];
            }[]
          | undefined) ?? []
      ).flatMap((b) => (b.type === 'actions' ? (b.elements ?? []) : []));
    const showCard = async (name: string) => {
      const before = cardCalls(name).length;
      const ack = await h.command('/canary', name);
      expect(ack.text).toBe(`Posting the canary card of \`${name}\` in this channel.`);
      return h.slack.waitFor(() => cardCalls(name).length > before && card(name));
    };
    /** Presses a button of the card as `userId`, signed like Slack; resolves with the private reply. */
    const press = async (name: string, label: string, userId: string, responseId: string, from?: RecordedCall) => {
      const shown = from ?? card(name);
      const button = buttons(shown).find((b) => b.text.text === label);
      if (!button)
        throw new Error(`no ${label} button on ${name}: ${JSON.stringify(buttons(shown).map((b) => b.text.text))}`);
      // The card's ts: an update names it, a post gets it in Slack's answer.
      const ts = String(shown?.body['ts'] ?? tsOf(shown));
      const response = await postSigned(
        h.port,
        SIGNING_SECRET,
        buttonPress({
          actionId: button.action_id,
          value: button.value,
          userId,
          channel: 'C0CANARY',
          messageTs: ts,
          responseUrl: h.slack.responseUrl(responseId),
        }),
      );
      expect(response.status).toBe(200);
      return h.slack.waitFor((calls) => calls.find((c) => c.method === `response_url:${responseId}`));
    };
    /** The ts of the app's first posted card. */
    const postedTs = (name: string) =>
      tsOf(
        h.slack.calls.find(
          (c) => c.method === 'chat.postMessage' && String(c.body['text']).startsWith(`Canary \`${name}\``),
        ),
      );

    beforeAll(async () => {
      kube = await startKube([fixture('argo-cd/application-crd.yaml'), fixture('argo-rollouts/crds/rollout-crd.yaml')]);
      await bindKanariaRole(kube);
      rollouts = new RolloutPlayer(kube, 'shop');
      for (const name of NAMES.filter((n) => n !== 'plain')) await rollouts.create(name);
      h = await startHarness({ files: FILES, config: CONFIG, kanaria: { kube: { path: kube.kubeconfig.kanaria } } });
    }, 120_000);
    afterAll(async () => {
      await h?.stop();
      await kube?.stop();
    });

    it('/canary posts a card: phase, step k/n and what it is, weight, versions and their pods, and the buttons that fit', async () => {
      await rollouts.pausedAtStep('paused');
      const shown = await showCard('paused');
      const text = JSON.stringify(shown.body['blocks']);
      expect(shown.body['channel']).toBe('C0DEPLOYS');
      expect(text).toContain('Canary `paused` · Rollout `shop/paused` · revision 31');
      expect(text).toContain('*Paused* · paused (CanaryPauseStep)');
      expect(text).toContain('Step 2/8: `pause`');
      expect(text).toContain(
        'Weight: canary *20%* / stable *80%* (setWeight of the last step reached) · pods: canary 1, stable 5',
      );
      expect(text).toContain(`stable \`${STABLE}\` argoproj/rollouts-demo:blue: 5/5 ready`);
      expect(text).toContain(`canary \`${CANARY}\` argoproj/rollouts-demo:does-not-exist: 0/1 ready`);
      expect(text).toMatch(/paused <!date\^\d+\^\{ago\}/);
      const shownButtons = buttons(shown);
      expect(shownButtons.map((b) => b.text.text)).toEqual(['Promote', 'Promote full', 'Abort']);
      expect(shownButtons.find((b) => b.text.text === 'Abort')?.confirm).toBeDefined();
      expect(shownButtons.find((b) => b.text.text === 'Promote full')?.confirm).toBeDefined();
      expect(JSON.parse(shownButtons[0]?.value ?? '{}')).toEqual({ app: 'paused', position: '31/1' });
    });

    it('Promote at a pause step clears the pause conditions (status subresource) and unpauses the spec, then updates the card in place', async () => {
      await rollouts.spec('paused', { paused: true });
      const reply = await press('paused', 'Promote', 'U0ANA', 'promote-paused');
      expect(String(reply.body['text'])).toBe('Promoting the canary of `paused`…');
      await h.slack.waitFor(() =>
        /Promoted to step 2 by <@U0ANA>/.test(JSON.stringify(card('paused')?.body['blocks'])),
      );
      const after = await rollouts.read('paused');
      expect(after.status?.pauseConditions).toBeUndefined();
      expect(after.status?.controllerPause).toBe(true); // untouched: the plugin clears only the conditions here
      expect(after.status?.currentStepIndex).toBe(1);
      expect(after.spec.paused).toBe(false);
      const updated = card('paused');
      expect(updated?.method).toBe('chat.update');
      expect(updated?.body['ts']).toBe(postedTs('paused'));
    });

    it('a second press on the same step (another person, same card) changes nothing and says who already did it', async () => {
      // Before the controller has moved on, and after.
      for (const controllerMoved of [false, true]) {
        if (controllerMoved) await rollouts.status('paused', { currentStepIndex: 2, controllerPause: false });
        const old = h.slack.calls.find(
          (c) => c.method === 'chat.postMessage' && String(c.body['text']).startsWith('Canary `paused`'),
        );
        const before = (await rollouts.read('paused')).metadata.resourceVersion;
        const id = `promote-again-${controllerMoved}`;
        await press('paused', 'Promote', 'U0BOB', id, old);
        const refusal = await h.slack.waitFor((calls) =>
          calls.find((c) => c.method === `response_url:${id}` && /^:x:/.test(String(c.body['text']))),
        );
        expect(String(refusal.body['text'])).toContain('Promoted to step 2 by <@U0ANA>');
        expect((await rollouts.read('paused')).metadata.resourceVersion).toBe(before);
      }
    });

    it('a double click runs the press once', async () => {
      await rollouts.pausedAtStep('double', 3);
      const shown = await showCard('double');
      await Promise.all([
        press('double', 'Promote', 'U0ANA', 'double-1', shown),
        press('double', 'Promote', 'U0ANA', 'double-2', shown),
      ]);
      await h.kanaria.drained();
      await new Promise((r) => setTimeout(r, 300));
      const replies = h.slack.calls
        .filter((c) => /^response_url:double-/.test(c.method))
        .map((c) => String(c.body['text']));
      // Either the second press found the first one's job (same button, same position) or, if the first had
      // finished, found it done: exactly one press went through.
      const accepted = replies.filter((t) => t === 'Promoting the canary of `double`…').length;
      const collapsed = replies.filter((t) =>
        /Nothing more to do|^:x: Already done: Promoted to step 4 by <@U0ANA>/.test(t),
      ).length;
      expect(accepted - replies.filter((t) => /^:x: Already done/.test(t)).length).toBe(1);
      expect(collapsed).toBe(1);
      expect((await rollouts.read('double')).status?.pauseConditions).toBeUndefined();
    });

    it('Promote while waiting in an analysis step moves to the next step (no pause conditions to clear)', async () => {
      await rollouts.spec('analysis', {
        strategy: {
          canary: {
            canaryService: 'canary-demo-preview',
            steps: [
              { setWeight: 20 },
              { analysis: { templates: [{ templateName: 'success-rate' }] } },
              { setWeight: 60 },
              { pause: {} },
            ],
          },
        },
      });
      const generation = (await rollouts.read('analysis')).metadata.generation;
      await rollouts.status('analysis', {
        observedGeneration: String(generation),
        currentStepIndex: 1,
        phase: 'Progressing',
        canary: { currentStepAnalysisRunStatus: { name: 'analysis-31-1', status: 'Running' } },
      });
      const shown = await showCard('analysis');
      expect(JSON.stringify(shown.body['blocks'])).toContain('Step 2/4: `analysis`');
      expect(JSON.stringify(shown.body['blocks'])).toContain('AnalysisRun `analysis-31-1`: *Running*');
      expect(buttons(shown).map((b) => b.text.text)).toEqual(['Promote', 'Promote full', 'Abort']);
      await press('analysis', 'Promote', 'U0ANA', 'promote-analysis');
      await h.slack.waitFor(() => /Promoted to step 3/.test(JSON.stringify(card('analysis')?.body['blocks'])));
      expect((await rollouts.read('analysis')).status?.currentStepIndex).toBe(2);
    });

    it('Promote after an inconclusive analysis clears controllerPause too and moves on, as the plugin does', async () => {
      // As the controller writes it: Paused (the fixture's timed-out condition alone would make it Degraded, with no Promote).
      await rollouts.status('inconclusive', {
        currentStepIndex: 2,
        phase: 'Paused',
        message: 'InconclusiveAnalysisRun',
        controllerPause: true,
        pauseConditions: [{ reason: 'InconclusiveAnalysisRun', startTime: new Date().toISOString() }],
        canary: {
          currentStepAnalysisRunStatus: {
            name: 'analysis-31-2',
            status: 'Inconclusive',
            message: 'Metric "success-rate" assessed Inconclusive',
          },
        },
      });
      await showCard('inconclusive');
      await press('inconclusive', 'Promote', 'U0ANA', 'promote-inconclusive');
      await h.slack.waitFor(() => /Promoted to step 4/.test(JSON.stringify(card('inconclusive')?.body['blocks'])));
      const after = await rollouts.read('inconclusive');
      expect(after.status?.controllerPause).toBe(false);
      expect(after.status?.pauseConditions).toBeUndefined();
      expect(after.status?.currentStepIndex).toBe(3);
    });

    it('Promote full sets status.promoteFull; Abort sets status.abort and leaves only Retry, which clears it', async () => {
      await rollouts.pausedAtStep('full');
      await showCard('full');
      await press('full', 'Promote full', 'U0ANA', 'full');
      await h.slack.waitFor(() => /Fully promoted by <@U0ANA>/.test(JSON.stringify(card('full')?.body['blocks'])));
      expect((await rollouts.read('full')).status?.promoteFull).toBe(true);

      await rollouts.pausedAtStep('aborting');
      await showCard('aborting');
      await press('aborting', 'Abort', 'U0BOB', 'abort');
      await h.slack.waitFor(() => /Aborted by <@U0BOB>/.test(JSON.stringify(card('aborting')?.body['blocks'])));
      expect((await rollouts.read('aborting')).status?.abort).toBe(true);
      // The controller reports the abort.
      await rollouts.status('aborting', {
        phase: 'Degraded',
        message: 'RolloutAborted: Rollout aborted update to revision 31',
        pauseConditions: null,
        controllerPause: false,
      });
      const aborted = await showCard('aborting');
      expect(JSON.stringify(aborted.body['blocks'])).toContain('*Aborted*');
      expect(buttons(aborted).map((b) => b.text.text)).toEqual(['Retry']);
      await press('aborting', 'Retry', 'U0BOB', 'retry');
      await h.slack.waitFor(() => /Retried by <@U0BOB>/.test(JSON.stringify(card('aborting')?.body['blocks'])));
      expect((await rollouts.read('aborting')).status?.abort).toBe(false);
    });

    it('refuses a stale card (the rollout moved on) with the current state, and changes nothing', async () => {
      await rollouts.pausedAtStep('stale');
      const shown = await showCard('stale');
      // The controller moves on before anyone presses.
      await rollouts.status('stale', { currentStepIndex: 3, pauseConditions: null });
      const before = (await rollouts.read('stale')).metadata.resourceVersion;
      await press('stale', 'Promote', 'U0ANA', 'stale', shown);
      const refusal = await h.slack.waitFor((calls) =>
        calls.find((c) => c.method === 'response_url:stale' && /out of date/.test(String(c.body['text']))),
      );
      expect(String(refusal.body['text'])).toContain(
        'This card is out of date: the rollout has moved on since it was drawn.',
      );
      expect((await rollouts.read('stale')).metadata.resourceVersion).toBe(before);
      await h.slack.waitFor(() => JSON.stringify(card('stale')?.body['blocks']).includes('Step 4/8'));
    });

    it('refuses a press by someone outside the promote policy, naming the rule', async () => {
      await rollouts.pausedAtStep('stale', 5);
      await showCard('stale');
      const before = (await rollouts.read('stale')).metadata.resourceVersion;
      const reply = await press('stale', 'Promote', 'U0EVE', 'eve');
      expect(String(reply.body['text'])).toBe(
        ':x: You may not promote to staging: policies.default.promote does not include you.\nAsk someone listed there, or a Kanaria admin to change the policy in kanaria.yaml.',
      );
      expect((await rollouts.read('stale')).metadata.resourceVersion).toBe(before);
    });

    it('two-person rule: whoever deployed the change cannot promote it; someone else can', async () => {
      const since = h.slack.calls.length;
      await h.command('/deploy', 'prod argoproj/rollouts-demo:green', { userId: 'U0ANA' });
      await h.slack.waitFor((calls) =>
        calls.slice(since).find((c) => c.method === 'chat.postMessage' && /^Pushed/.test(String(c.body['text']))),
      );
      await rollouts.pausedAtStep('prod');
      await showCard('prod');
      const before = (await rollouts.read('prod')).metadata.resourceVersion;
      await press('prod', 'Promote', 'U0ANA', 'ana-own');
      const refusal = await h.slack.waitFor((calls) =>
        calls.find((c) => c.method === 'response_url:ana-own' && /twoPersonRule/.test(String(c.body['text']))),
      );
      expect(String(refusal.body['text'])).toMatch(
        /^:x: You may not promote `prod`: policies\.production\.twoPersonRule — you made the change that is rolling out \(commit `[0-9a-f]{7}`\)\./,
      );
      expect((await rollouts.read('prod')).metadata.resourceVersion).toBe(before);
      await press('prod', 'Promote', 'U0BOB', 'bob-other');
      await h.slack.waitFor(() => /Promoted to step 2 by <@U0BOB>/.test(JSON.stringify(card('prod')?.body['blocks'])));
    });

    it.each([
      ['an unknown app', 'nope', /no app `nope`/],
      ['an app without a Rollout', 'plain', /`plain` has no Argo Rollout in Kanaria's configuration/],
      ['an unknown action', 'paused explode', /`explode` is not a canary action/],
      ['a malformed position', 'paused promote 31', /`31` is not a rollout position/],
    ])('/canary refuses %s privately', async (_, text, expected) => {
      expect((await h.command('/canary', text)).text).toMatch(expected);
    });

    it('refuses a forged button naming an app that is not configured', async () => {
      const response = await postSigned(
        h.port,
        SIGNING_SECRET,
        buttonPress({
          actionId: 'kanaria:canary:abort',
          value: JSON.stringify({ app: 'payments', position: '31/1' }),
          userId: 'U0ANA',
          channel: 'C0CANARY',
          messageTs: '1700000000.000999',
          responseUrl: h.slack.responseUrl('forged'),
        }),
      );
      expect(response.status).toBe(200);
      const reply = await h.slack.waitFor((calls) => calls.find((c) => c.method === 'response_url:forged'));
      expect(String(reply.body['text'])).toMatch(/no app `payments`/);
    });
  },
);
