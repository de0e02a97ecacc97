import { describe, expect, it } from 'vitest';
import { candidateListMessage, offerMessage, RECLAIM_ACTIONS, type OfferFacts } from '../../src/blocks/gpu-reclaim.js';
import type { Message } from '../../src/domain/chat.js';
import type { Candidate } from '../../src/domain/gpu-reclaim.js';
import { wordsFor } from '../../src/i18n/index.js';

const EN = wordsFor('en');
const JA = wordsFor('ja');
const shown = (message: Message): string => `${message.text}\n${JSON.stringify(message.blocks ?? [])}`;
/** A catalog key that reached a person instead of its words. */
const LEAKED_KEY =
  /\b(reclaim\.(offer|list|answer|gpus|workload|whyNot|refusals|app|noApp|ownerNone)|common\.[a-zA-Z]+)\b/;
const DEADLINE = Date.parse('2026-12-03T14:00:00Z');

const candidate: Candidate = {
  id: '3f9c2a71b0',
  namespace: 'ml',
  workload: { kind: 'Deployment', name: 'notebook' },
  pods: [
    {
      name: 'notebook-5f6d7c8b9-aaaaa',
      node: 'h100-0',
      gpus: [
        { count: 2, kind: 'mig', profile: '1g.10gb', equivalent: 2 / 7 },
        { count: 1, kind: 'gpu', equivalent: 1 },
      ],
      activityPercent: 0.42,
    },
  ],
  app: 'notebook',
  owner: { email: 'ana@example.com' },
  activityPercent: 0.42,
  equivalent: 1 + 2 / 7,
};
const facts = (change: Partial<OfferFacts> = {}): OfferFacts => ({
  candidate,
  window: '1h',
  deadline: DEADLINE,
  auto: true,
  dryRun: false,
  state: { kind: 'open' },
  ...change,
});
const buttons = (message: Message): string[] =>
  (message.blocks ?? []).flatMap((b) =>
    b.type === 'actions' ? b.elements.map((e) => ('action_id' in e ? String(e.action_id) : '')) : [],
  );

describe('the idle-GPU offer', () => {
  it.each([
    ['en', EN],
    ['ja', JA],
  ] as const)(
    'in %s: GPUs in GPU terms, the owner found by e-mail, the deadline for each reader, no key leaked',
    (_, t) => {
      const message = offerMessage(t, facts({ ownerUser: 'U0ANA' }));
      const text = shown(message);
      expect(text).toContain('1g.10gb');
      expect(text).toContain('<@U0ANA>');
      expect(text).toContain(`<!date^${DEADLINE / 1000}^`);
      expect(text).toMatch(/0[.,]4/);
      expect(text).not.toMatch(LEAKED_KEY);
      expect(buttons(message)).toEqual([RECLAIM_ACTIONS.keep4h, RECLAIM_ACTIONS.keep1d, RECLAIM_ACTIONS.release]);
    },
  );

  it.each([
    ['en', EN, 'Rollout `llm`'],
    ['ja', JA, 'Rollout の `llm`'],
  ] as const)('in %s: an Argo Rollout is named as one', (_, t, named) => {
    const rollout = { ...candidate, workload: { kind: 'Rollout' as const, name: 'llm' } };
    expect(offerMessage(t, facts({ candidate: rollout })).text).toContain(named);
  });

  it('says what the deadline does: released automatically only with auto and an app', () => {
    expect(offerMessage(EN, facts()).text).toMatch(/released automatically/);
    expect(offerMessage(EN, facts({ auto: false })).text).toMatch(/nothing happens then/);
    const noApp = offerMessage(EN, facts({ candidate: { ...candidate, app: undefined } as Candidate }));
    expect(noApp.text).toMatch(/nothing happens then/);
    expect(shown(noApp)).toMatch(/can be kept, not released/);
    expect(buttons(noApp)).toEqual([RECLAIM_ACTIONS.keep4h, RECLAIM_ACTIONS.keep1d]);
  });

  it.each([
    ['a dry run', facts({ dryRun: true }), /Dry run/],
    ['kept', facts({ state: { kind: 'kept', until: DEADLINE, by: 'U0BOB' } }), /Kept until .* by <@U0BOB>/],
    [
      'released by a press',
      facts({ state: { kind: 'released', by: 'U0ANA', sha: 'abcdef0123' } }),
      /Released by <@U0ANA>: app `notebook` scaled to 0 in commit `abcdef0`/,
    ],
    [
      'released by the policy',
      facts({ state: { kind: 'released-by-policy' } }),
      /GPU reclaim policy of `ml` scales app `notebook` to 0/,
    ],
    ['expired', facts({ state: { kind: 'expired' } }), /deadline passed unanswered; nothing was done/],
    ['withdrawn', facts({ state: { kind: 'withdrawn' } }), /Busy again/],
    [
      'not released',
      facts({ state: { kind: 'not-released', why: 'app `notebook` is locked.' } }),
      /Not released: app `notebook` is locked\.\nNothing was scaled to 0; if it is still idle, a later scan offers it again/,
    ],
    [
      'a deadline not checked',
      facts({ state: { kind: 'unchecked', why: 'Prometheus did not answer.' } }),
      /deadline could not be checked: Prometheus did not answer\.\nNothing was released/,
    ],
  ])('%s: said, and no buttons', (_, f, said) => {
    const message = offerMessage(EN, f);
    expect(message.text).toMatch(said);
    expect(buttons(message)).toEqual([]);
  });
});

it.each([
  ['not-released', { kind: 'not-released', why: 'x' }],
  ['unchecked', { kind: 'unchecked', why: 'x' }],
] as const)('the %s state is worded in Japanese too', (_, state) => {
  const message = offerMessage(JA, facts({ state }));
  expect(message.text).toMatch(/後のスキャンで改めて提案します/);
  expect(message.text).not.toMatch(LEAKED_KEY);
});

describe('/gpu idle', () => {
  it.each([
    ['en', EN],
    ['ja', JA],
  ] as const)('in %s: candidates with their state, what is not judged, and the rest as a figure', (_, t) => {
    const message = candidateListMessage(t, {
      namespaces: ['ml', 'research'],
      thresholdPercent: 5,
      window: '1h',
      dryRun: false,
      candidates: [{ candidate, state: { kind: 'offered', deadline: DEADLINE } }],
      unknown: [{ namespace: 'research', pod: 'probe', why: 'mig-needs-profiling' }],
      idleElsewhere: 2.5,
    });
    expect(message.text).toContain('3f9c2a71b0');
    expect(message.text).toContain('research/probe');
    expect(message.text).toContain('DCGM_FI_PROF_GR_ENGINE_ACTIVE');
    expect(message.text).toContain('2.5');
    expect(message.text).not.toMatch(LEAKED_KEY);
  });

  it('says when there is nothing idle', () => {
    const message = candidateListMessage(EN, {
      namespaces: ['ml'],
      thresholdPercent: 5,
      window: '1h',
      dryRun: true,
      candidates: [],
      unknown: [],
      idleElsewhere: 0,
    });
    expect(message.text).toBe(
      'No idle GPU candidates in ml (under 5 % over 1h).\nDry run: offers are listed, nothing is released.',
    );
  });
});
