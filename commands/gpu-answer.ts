import type { CommandContext } from '../src/dispatch/index.js';
import { Forbidden, requirePermission } from '../src/dispatch/index.js';
import type { OfferRecord } from '../src/adapters/reclaim-ledger.js';
import { ownerText, slackTime } from '../src/blocks/gpu-reclaim.js';
import type { Message, Person } from '../src/domain/chat.js';
import { Refusal } from '../src/domain/errors.js';
import { CANDIDATE_ID, isOwner } from '../src/domain/gpu-reclaim.js';
import { reclaimAnsweredJobId } from '../src/queues/gpu-reclaim.js';

/** The open offer a `/gpu keep|release <id>` names; refused when there is none (or reclaim is off). */
export async function openOffer({ deps }: CommandContext, id: string): Promise<OfferRecord> {
  const reclaim = deps.config.gpu?.reclaim;
  if (!reclaim) throw new Refusal('reclaim.refusals.notConfigured');
  const record = CANDIDATE_ID.test(id) ? await deps.reclaim.get(id) : undefined;
  if (!record) throw new Refusal('reclaim.refusals.unknown', { id });
  // Taken out of gpu.reclaim.namespaces since the offer: never touched again (the next scan forgets the offer).
  if (!Object.hasOwn(reclaim.namespaces, record.candidate.namespace))
    throw new Refusal('reclaim.refusals.notListed', { namespace: record.candidate.namespace });
  return record;
}

/**
 * Who may answer an offer. Keep: its owner (the same Slack user, or the same e-mail), or anyone allowed to deploy
 * the app that runs it. Release: only someone allowed to deploy the app, as `/scale` asks — the owner and the app
 * are read from labels anyone who may create a pod in the namespace can write, so they grant no commit to an app.
 * Anyone else is refused privately, and nothing changes.
 */
export async function mayAnswer(
  context: CommandContext,
  record: OfferRecord,
  answer: 'keep' | 'release',
): Promise<Person> {
  const { deps, request, t } = context;
  const person = await deps.directory.identify(request.userId);
  const { owner, app: appName } = record.candidate;
  const owns = isOwner(owner, person);
  if (owns && answer === 'keep') return person;
  const app = appName === undefined ? undefined : deps.config.apps[appName];
  // Without an app there is nothing to commit: the owner's release is refused as such (commands/gpu-release.ts).
  if (!app && owns) return person;
  if (!app) throw new Refusal('reclaim.refusals.notOwner', { owner: ownerText(t, owner) });
  try {
    return await requirePermission(deps, request.userId, app, 'deploy');
  } catch (error) {
    if (error instanceof Forbidden)
      throw owns
        ? new Refusal('reclaim.refusals.ownerMayNotRelease', { app: appName })
        : new Refusal('reclaim.refusals.notAllowed', { owner: ownerText(t, owner), app: appName });
    throw error;
  }
}

/** The answer to a press that came second: how the offer was answered first. */
export function alreadyAnswered({ t }: CommandContext, record: OfferRecord | undefined): Message {
  const answer = record?.answer;
  if (answer?.kind === 'kept')
    return { text: t('reclaim.answer.alreadyKept', { until: slackTime(answer.until), by: answer.by }) };
  if (answer?.kind === 'released')
    return {
      text: t('reclaim.answer.alreadyReleased', {
        by: answer.by === 'policy' ? t('reclaim.policy') : `<@${answer.by}>`,
      }),
    };
  if (answer?.kind === 'expired') return { text: t('reclaim.answer.alreadyExpired') };
  throw new Refusal('reclaim.refusals.unknown', { id: record?.id ?? '' });
}

/** Redraws the offer's message with its answer (jobs/gpu-reclaim.ts). */
export const redrawAnswered = (context: CommandContext, record: OfferRecord) =>
  context.deps.queues.reclaim.add(reclaimAnsweredJobId(record.id, record.offeredAt), {
    kind: 'answered',
    id: record.id,
    offeredAt: record.offeredAt,
  });
