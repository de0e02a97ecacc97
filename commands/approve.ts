import { describeChange } from '../src/blocks/changes.js';
import type { CommandDef } from '../src/dispatch/index.js';
import { Refusal } from '../src/domain/errors.js';
import { mayApprove } from '../src/domain/policy.js';
import { approvedJobId, type GitopsJob } from '../src/queues/gitops.js';
import { OVERRIDE_TTL_HOURS } from '../src/queues/gitops.js';
import { approveHeld } from './quorum.js';

/**
 * `/approve <id>` (the Approve button of a break-glass request): a second person allowed by
 * `policies.<env>.override` lets a change held back by the error budget or a freeze go ahead. It is committed by
 * the gitops queue with their name in its `Approved-by:` trailer; one approval per request, whoever presses.
 */
export const approve: CommandDef = {
  name: 'approve',
  grammar: { usage: '/approve <override-id>', example: '/approve 3f9c2a71b0', min: 1, max: 1, flags: [] },

  async run(context) {
    const {
      request,
      args: [id = ''],
      deps,
      t,
    } = context;
    // A quorum-approval request (policies.<env>.approvals) has an id of the same shape: commands/quorum.ts.
    if (/^[0-9a-f]{10}$/.test(id) && (await deps.approvals.get(id))) return approveHeld(context, id);
    const pending = /^[0-9a-f]{10}$/.test(id) ? await deps.gate.pendingOverride(id) : undefined;
    if (!pending) throw new Refusal('gate.approve.unknown', { id, hours: OVERRIDE_TTL_HOURS });
    const { job, environment } = pending;
    const approver = await deps.directory.identify(request.userId);
    const decision = mayApprove(
      deps.config,
      environment,
      {
        userId: approver.id,
        groups: approver.groups,
        ...(approver.email !== undefined && { email: approver.email }),
      },
      job.requester.id,
    );
    if ('self' in decision) throw new Refusal('gate.approve.self', { environment });
    if (!decision.allowed) throw new Refusal('gate.approve.forbidden', { environment });

    const approved: GitopsJob = {
      ...job,
      override: {
        reason: job.override?.reason ?? '',
        approvedBy: approver,
        ...(request.message && { card: request.message }),
      },
    };
    const jobId = approvedJobId(job.requestId);
    const { duplicate } = await deps.queues.gitops.add(jobId, approved);
    if (duplicate) {
      const first = await deps.queues.gitops.get(jobId);
      return { text: t('gate.approve.already', { user: first?.override?.approvedBy?.id ?? approver.id }) };
    }
    deps.metrics.overrides.inc({ app: job.change.app, environment });
    return { text: t('gate.approve.done', { description: describeChange(t, job.change) }) };
  },
};
