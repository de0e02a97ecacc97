import type { KnownBlock } from '@slack/types';
import type { Message } from '../domain/chat.js';
import {
  BURN_WINDOWS,
  type GateDecision,
  type GateMode,
  type GateReason,
  type SloStatus,
} from '../domain/slo/types.js';
import type { Words } from '../i18n/index.js';
import { context, escape, section } from './gitops.js';

/** The approval button of a break-glass override: it re-enters as `/approve <id>` (commands/approve.ts). */
export const APPROVE_OVERRIDE_ACTION = 'kanaria:override-approve';

/** Where the gate looked: the app, its environment and the policy's mode. */
export interface GateScene {
  readonly app: string;
  readonly environment: string;
  readonly mode: GateMode;
}

/** One SLO's numbers: budget left, burn rates per window, the alerts that fire. */
function statusLines(t: Words, status: SloStatus): string[] {
  const { slo } = status;
  const head = { slo: slo.name, objective: slo.objective, window: slo.windowSeconds };
  const budget =
    status.budgetRemaining === undefined
      ? t('gate.evidence.sloNoData', head)
      : t('gate.evidence.slo', {
          ...head,
          remaining: status.budgetRemaining,
          outage: Math.round((status.outageMinutesLeft ?? 0) * 60),
        });
  const rates = BURN_WINDOWS.map((window) => {
    const rate = status.burnRates[window];
    return rate === undefined ? t('gate.evidence.rateNoData', { window }) : t('gate.evidence.rate', { window, rate });
  }).join(' · ');
  const alerts = (names: readonly string[]) => names.map((name) => t(`gate.alert.${name}` as never));
  return [
    budget,
    t('gate.evidence.burnRates', { rates }),
    status.firing.length > 0
      ? t('gate.evidence.firing', { alerts: alerts(status.firing) })
      : t('gate.evidence.noneFiring'),
    ...(status.undecided.length > 0 ? [t('gate.evidence.undecided', { alerts: alerts(status.undecided) })] : []),
  ];
}

/**
 * The gate's evidence for the change's thread: every SLO's numbers (or that Prometheus could not be asked for the
 * `unavailable` ones) and what was decided.
 */
export function gateEvidence(
  t: Words,
  scene: GateScene,
  decision: GateDecision,
  unavailable: readonly string[],
): Message {
  const lines = [
    ...decision.statuses.flatMap((status) => statusLines(t, status)),
    ...unavailable.map((slo) => t('gate.evidence.unavailable', { slo })),
  ];
  const verdict =
    decision.kind === 'refuse'
      ? t('gate.evidence.refuse')
      : decision.kind === 'warn'
        ? t('gate.evidence.warn')
        : decision.why === 'unknown-allowed'
          ? t('gate.evidence.unknownAllowed')
          : t('gate.evidence.pass');
  const heading = t('gate.evidence.heading', { ...scene });
  return {
    text: `${heading}\n${lines.join('\n')}\n${verdict}`,
    blocks: [section(`${heading}\n${lines.join('\n')}`), context(verdict)],
  };
}

/** Why the change needs an override, in a few words for the approval request. */
export function overrideCause(t: Words, reason: GateReason | { kind: 'frozen'; windows: readonly string[] }): string {
  switch (reason.kind) {
    case 'budget-spent':
      return t('gate.approval.reasonSpent', { slo: reason.slo });
    case 'burning':
      return t('gate.approval.reasonBurning', { slo: reason.slo, alert: t(`gate.alert.${reason.alert}`) });
    case 'unknown':
      return t('gate.approval.reasonUnknown', { slo: reason.slo });
    case 'frozen':
      return t('gate.approval.reasonFrozen', { windows: reason.windows });
  }
}

export interface ApprovalScene {
  readonly id: string;
  readonly requester: string;
  readonly environment: string;
  /** What the change does (describeChange). */
  readonly description: string;
  readonly cause: string;
  /** The requester's reason, as typed. */
  readonly why: string;
}

const quoted = (text: string): string => escape(text).replace(/\n/g, ' ');

/** The break-glass request in the channel: a button with a confirm dialog; anyone allowed but the requester may press. */
export function approvalRequest(t: Words, scene: ApprovalScene): Message {
  const text = t('gate.approval.request', {
    requester: scene.requester,
    environment: scene.environment,
    description: scene.description,
    reason: scene.cause,
    why: quoted(scene.why),
  });
  const blocks: KnownBlock[] = [
    section(text),
    {
      type: 'actions',
      elements: [
        {
          type: 'button',
          action_id: APPROVE_OVERRIDE_ACTION,
          text: { type: 'plain_text', text: t('gate.approval.button') },
          style: 'danger',
          value: JSON.stringify({ id: scene.id }),
          confirm: {
            title: { type: 'plain_text', text: t('gate.approval.title') },
            text: { type: 'mrkdwn', text: t('gate.approval.text', { description: scene.description }) },
            confirm: { type: 'plain_text', text: t('gate.approval.button') },
            deny: { type: 'plain_text', text: t('common.cancel') },
          },
        },
      ],
    },
  ];
  return { text, blocks };
}

/** The request once approved: no button any more. */
export function approvalGranted(t: Words, scene: { approver: string; description: string; why: string }): Message {
  const text = t('gate.approval.approved', { ...scene, why: quoted(scene.why) });
  return { text, blocks: [section(text)] };
}
