import { enqueueChangeOrDryRun, requireApp, requirePermission, type CommandDef } from '../src/dispatch/index.js';
import { CodedRefusal } from '../src/domain/errors.js';
import { formatImageRef, parseImageRef } from '../src/domain/image-ref.js';
import type { DeployChange } from '../src/queues/gitops.js';

/** `/deploy <app> <image>`: sets the image of the app's container in its manifest, as a commit (jobs/deploy.ts). */
export const deploy: CommandDef = {
  name: 'deploy',
  grammar: {
    usage: '/deploy <app> <image[:tag][@digest]> [--dry-run] [--when-open] [--override "<reason>"]',
    example: '/deploy example-app nginx:1.27.0',
    min: 2,
    max: 2,
    flags: ['dry-run', 'when-open'],
    options: ['override'],
  },

  async run(context) {
    const {
      request,
      args: [appName = '', reference = ''],
      deps,
    } = context;
    const app = requireApp(deps, appName);
    const image = parseImageRef(reference);
    if (image.tag === undefined && image.digest === undefined) {
      throw new CodedRefusal('bad-image', 'commands.deploy.unpinned', {
        reference,
        tagged: `${reference}:1.2.3`,
        digested: `${reference}@sha256:…`,
      });
    }
    const requester = await requirePermission(deps, request.userId, app, 'deploy');
    const change: DeployChange = { kind: 'deploy', app: appName, image: formatImageRef(image) };
    return enqueueChangeOrDryRun(context, change, requester);
  },
};
