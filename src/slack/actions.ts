import { z } from 'zod';
import { CANARY_ACTIONS } from '../blocks/canary.js';
import { POSITION } from '../domain/rollout.js';
import { ROLLBACK_ACTION } from '../blocks/gitops.js';
import { APPROVE_OVERRIDE_ACTION } from '../blocks/gate.js';
import { DEPLOY_BUILD_ACTION } from '../blocks/webhook.js';
import { PROMOTE_STAGE_ACTION } from '../blocks/pipeline.js';
import { formatImageRef, parseImageRef } from '../domain/image-ref.js';
import { APPROVE_QUORUM_ACTION, REJECT_QUORUM_ACTION } from '../blocks/approvals.js';
import type { ActionDef } from '../dispatch/index.js';
import { RECLAIM_ACTIONS } from '../blocks/gpu-reclaim.js';
import { CANDIDATE_ID } from '../domain/gpu-reclaim.js';

/** App names as kanaria.yaml allows them: a forged value cannot smuggle words into the command. */
const appName = z.string().regex(/^[a-z0-9]([a-z0-9._-]*[a-z0-9])?$/);
const rollbackValue = z.object({ app: appName, commit: z.string().regex(/^[0-9a-f]{7,40}$/) });
/** A canary button carries its app and where the rollout stood when the card was drawn (revision/step). */
const canaryValue = z.object({ app: appName, position: z.string().regex(POSITION) });
/** An approval button carries the request's id (jobs/gate.ts overrideId, src/queues/approvals.ts quorumRequestId). */
const approveValue = z.object({ id: z.string().regex(/^[0-9a-f]{10}$/) });
/** A new build's Deploy button carries the app and the image (one word once parsed: nothing else can ride along). */
const buildValue = z.object({
  app: appName,
  image: z.string().transform((text) => formatImageRef(parseImageRef(text))),
});

/** A pipeline card's Promote button carries the pipeline and both stages (names as kanaria.yaml allows them). */
const promoteValue = z.object({ pipeline: appName, from: appName, to: appName });

/** An idle-GPU offer's buttons carry the candidate's id. */
const candidateValue = z.object({ id: z.string().regex(CANDIDATE_ID) });

/** Every button Kanaria puts on a message. */
export const actions: readonly ActionDef[] = [
  {
    actionId: ROLLBACK_ACTION,
    toCommand(value) {
      const { app, commit } = rollbackValue.parse(JSON.parse(value));
      return { command: 'rollback', text: `${app} ${commit}` };
    },
  },
  {
    actionId: APPROVE_OVERRIDE_ACTION,
    toCommand(value) {
      return { command: 'approve', text: approveValue.parse(JSON.parse(value)).id };
    },
  },
  {
    actionId: DEPLOY_BUILD_ACTION,
    toCommand(value) {
      const { app, image } = buildValue.parse(JSON.parse(value));
      return { command: 'deploy', text: `${app} ${image}` };
    },
  },
  {
    // Re-enters as the presser: their policy, the approvals, locks and the gate apply as to a typed /promote.
    actionId: PROMOTE_STAGE_ACTION,
    toCommand(value) {
      const { pipeline, from, to } = promoteValue.parse(JSON.parse(value));
      return { command: 'promote', text: `${pipeline} ${from} ${to}` };
    },
  },
  {
    // A quorum-approval request's Approve (its Reject opens a modal: src/slack/modals.ts).
    actionId: APPROVE_QUORUM_ACTION,
    toCommand(value) {
      return { command: 'approve', text: approveValue.parse(JSON.parse(value)).id };
    },
  },
  {
    // Where no modal can open (the terminal): the refusal says to type `/reject <id> "<reason>"`. Slack opens
    // the modal instead (src/slack/modals.ts).
    actionId: REJECT_QUORUM_ACTION,
    toCommand(value) {
      return { command: 'reject', text: `${approveValue.parse(JSON.parse(value)).id} ""` };
    },
  },
  // An idle-GPU offer (jobs/gpu-reclaim.ts): the presser's answer, checked as if typed.
  {
    actionId: RECLAIM_ACTIONS.keep4h,
    toCommand: (value) => ({ command: 'gpu', text: `keep ${candidateValue.parse(JSON.parse(value)).id} 4h` }),
  },
  {
    actionId: RECLAIM_ACTIONS.keep1d,
    toCommand: (value) => ({ command: 'gpu', text: `keep ${candidateValue.parse(JSON.parse(value)).id} 1d` }),
  },
  {
    actionId: RECLAIM_ACTIONS.release,
    toCommand: (value) => ({ command: 'gpu', text: `release ${candidateValue.parse(JSON.parse(value)).id}` }),
  },
  ...Object.entries(CANARY_ACTIONS).map(([action, actionId]) => ({
    actionId,
    toCommand(value: string) {
      const { app, position } = canaryValue.parse(JSON.parse(value));
      return { command: 'canary', text: `${app} ${action} ${position}` };
    },
  })),
];
