import { alreadyReceived, requireApp, type CommandDef } from '../src/dispatch/index.js';
import { enqueueRead } from '../src/queues/reads.js';

/** `/status <app>`: Argo CD's sync state and health, its revision against the Git head, the last operation (jobs/status.ts). */
export const status: CommandDef = {
  name: 'status',
  grammar: { usage: '/status <app>', example: '/status example-app', min: 1, max: 1, flags: [] },

  async run({ request, args: [appName = ''], deps, t }) {
    requireApp(deps, appName);
    const person = await deps.directory.identify(request.userId);
    const { duplicate } = await enqueueRead(deps.queues.reads, request, { kind: 'status', app: appName }, person);
    if (duplicate) return alreadyReceived(t, t('commands.status.what', { app: appName }));
    return { text: t('commands.status.lookingUp', { app: appName }) };
  },
};
