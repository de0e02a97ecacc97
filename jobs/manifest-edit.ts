import type { Operation } from '../src/adapters/gitops-repo.js';
import { requireApp } from '../src/domain/apps.js';
import type { AppConfig } from '../src/domain/config.js';
import type { ManifestEdit, ManifestTarget } from '../src/domain/manifest.js';
import type { JobDeps } from '../src/deps.js';
import { authorOf, requestedBy, requestTrailers, type ChangeDetail, type ChangeRequest } from './change-runner.js';

/** How the manifest editors find the app's image and replicas. */
export const manifestTarget = (app: AppConfig): ManifestTarget => ({
  ...(app.format !== undefined && { format: app.format }),
  ...(app.container !== undefined && { container: app.container }),
  ...(app.workload !== undefined && { workload: app.workload }),
});

/** The usual wording for an edit of one value in one file. */
export const editSummary = (path: string, before: string, after: string, changed: boolean): ChangeDetail => ({
  summary: changed ? `${before} → ${after} in \`${path}\`` : `\`${path}\` already has ${after}`,
});

/** An operation that edits one value in the app's manifest and commits it as `<subject> before → after`. */
export function manifestEdit(
  subject: string,
  appName: string,
  request: ChangeRequest,
  deps: JobDeps,
  edit: (file: string, text: string, target: ManifestTarget) => ManifestEdit,
): Operation<ChangeDetail> {
  return {
    requestId: request.requestId,
    async apply(tree) {
      // The configuration may have changed since the job was queued.
      const app = requireApp(deps, appName);
      const result = edit(app.manifest, await tree.readFile(app.manifest), manifestTarget(app));
      const detail = editSummary(app.manifest, result.before, result.after, result.changed);
      if (!result.changed) return { detail };
      await tree.writeFile(app.manifest, result.text);
      const message = {
        subject: `${subject} ${result.before} → ${result.after}`,
        body: requestedBy(request),
        trailers: requestTrailers(request, appName),
      };
      return { detail, commit: { message, author: authorOf(request.requester) } };
    },
  };
}
