import { enqueueChangeOrDryRun, requireApp, requirePermission, type CommandDef } from '../src/dispatch/index.js';
import { UserFacingError } from '../src/domain/errors.js';
import { quote } from '../src/domain/quote.js';
import { formatImageRef, parseImageRef } from '../src/domain/image-ref.js';
import { describeChange } from '../src/blocks/changes.js';
import { DEFAULT_LOCALE, wordsFor } from '../src/i18n/index.js';
import type { DeployChange } from '../src/queues/gitops.js';

/** `/deploy <app> <image>`: sets the image of the app's container in its manifest, as a commit (jobs/deploy.ts). */
export const deploy: CommandDef = {
  name: 'deploy',
  summary: "Set the image of an app's container (a commit in the GitOps repo)",
  grammar: {
    usage: '/deploy <app> <image[:tag][@digest]> [--dry-run]',
    example: '/deploy example-app nginx:1.27.0',
    min: 2,
    max: 2,
    flags: ['dry-run'],
  },

  async run(request, { args: [appName = '', reference = ''], flags }, deps) {
    const app = requireApp(deps, appName);
    const image = parseImageRef(reference);
    if (image.tag === undefined && image.digest === undefined) {
      throw new UserFacingError(
        'bad-image',
        `${quote(reference)} has no tag or digest, so Argo CD would not see a change.`,
        `Pin a version, e.g. ${quote(`${reference}:1.2.3`)} or ${quote(`${reference}@sha256:…`)}.`,
      );
    }
    const requester = await requirePermission(deps, request.userId, app, 'deploy');
    const change: DeployChange = { kind: 'deploy', app: appName, image: formatImageRef(image) };
    return enqueueChangeOrDryRun(
      deps,
      request,
      change,
      requester,
      flags.has('dry-run'),
      describeChange(wordsFor(DEFAULT_LOCALE), change),
    );
  },
};
