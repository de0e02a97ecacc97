import { section } from '../src/blocks/gitops.js';
import { chooseLocale, wordsFor } from '../src/i18n/index.js';
import { explainedBy, moveOnceKey, type RolloutMove } from '../src/domain/outside.js';
import type { JobDeps } from '../src/boot/deps.js';

/**
 * Says once in the app's channel that its canary was promoted or aborted outside Kanaria (the Argo UI, the
 * kubectl plugin). A move from a position Kanaria pressed from is Kanaria's own (a button, autopilot, a rollback).
 */
export async function tellOutsideMove(deps: JobDeps, app: string, move: RolloutMove): Promise<'told' | 'not told'> {
  const channel = deps.config.apps[app]?.channel;
  if (!channel) return 'not told';
  const last = await deps.cards.lastPress(app);
  if (explainedBy(move, [last?.from]) || (await deps.cards.pressedFrom(app, move.from))) return 'not told';
  if (!(await deps.cards.firstToTell(`outside:${moveOnceKey(app, move)}`))) return 'not told';
  const t = wordsFor(chooseLocale(deps.config.locale, { channel }));
  const text =
    move.kind === 'aborted'
      ? t('outside.rollout.aborted', { app })
      : move.step >= move.steps
        ? t('outside.rollout.promotedFully', { app })
        : t('outside.rollout.promoted', { app, step: move.step, steps: move.steps });
  await deps.chat.post(channel, { text, blocks: [section(text)] });
  deps.logger.info({ app, move: move.kind, from: move.from }, 'canary moved outside Kanaria');
  return 'told';
}
