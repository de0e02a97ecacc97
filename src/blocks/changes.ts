import { shortSha } from '../domain/commits.js';
import type { Words } from '../i18n/index.js';
import type { Change } from '../queues/gitops.js';

/** One line for a change: "deploy `llm-api` → `nginx:1.27.0`" (the acknowledgement, the announcement, a dry run). */
export function describeChange(t: Words, change: Change): string {
  switch (change.kind) {
    case 'deploy':
      return t('changes.describe.deploy', { app: change.app, image: change.image });
    case 'scale':
      return t('changes.describe.scale', { app: change.app, count: change.replicas });
    case 'rollback':
      return change.commit
        ? t('changes.describe.rollbackCommit', { app: change.app, commit: change.commit.slice(0, 7) })
        : t('changes.describe.rollbackLast', { app: change.app });
    case 'promote':
      return t('promote.describe', { pipeline: change.pipeline, from: change.from.stage, to: change.to.stage });
  }
}

/** What a change did, or found already done, as facts: worded by `changeSummary` in the reader's language. */
export type ChangeDetail =
  /** One value of one file: `before` → `after`, or `after` already there (`changed` false). */
  | {
      readonly kind: 'edit';
      readonly path: string;
      readonly before: string;
      readonly after: string;
      readonly changed: boolean;
    }
  /** A revert; the image before and after when it changed. */
  | {
      readonly kind: 'revert';
      readonly sha: string;
      readonly subject: string;
      readonly image?: { readonly before: string; readonly after: string };
    };

/** "nginx:1.25.0 → nginx:1.27.0 in `apps/web/deployment.yaml`", "`apps/web/deployment.yaml` already has nginx:1.27.0". */
export function changeSummary(t: Words, detail: ChangeDetail): string {
  if (detail.kind === 'edit')
    return detail.changed
      ? t('changes.summary.edited', { path: detail.path, before: detail.before, after: detail.after })
      : t('changes.summary.already', { path: detail.path, after: detail.after });
  const facts = { sha: shortSha(detail.sha), subject: detail.subject };
  return detail.image
    ? t('changes.summary.revertedImage', { ...facts, ...detail.image })
    : t('changes.summary.reverted', facts);
}
