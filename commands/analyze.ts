import { requireApp, type CommandDef } from '../src/dispatch/index.js';
import { analysisJobId } from '../src/queues/analysis.js';
import { parseDuration } from '../src/domain/analysis-config.js';
import { CodedRefusal } from '../src/domain/errors.js';

const MAX_WINDOW = 24 * 3600;

/** `/analyze <app> [window]`: judges the app's running canary against stable now, and posts the verdict. */
export const analyze: CommandDef = {
  name: 'analyze',
  grammar: { usage: '/analyze <app> [window]', example: '/analyze example-app 15m', min: 1, max: 2, flags: [] },

  async run({ request, args: [appName = '', window], deps, t }) {
    const app = requireApp(deps, appName);
    if (!app.analysis) {
      // The hint shows the query placeholder as written in kanaria.yaml, not as a catalog placeholder.
      throw new CodedRefusal('not-configured', 'commands.analyze.noAnalysis', {
        app: appName,
        placeholder: '{{hash}}',
      });
    }
    if (!app.rollout) throw new CodedRefusal('not-configured', 'commands.analyze.noRollout', { app: appName });
    let windowSeconds: number | undefined;
    if (window !== undefined) {
      windowSeconds = /^\d+(s|m|h)$/.test(window) ? parseDuration(window) : NaN;
      if (!(windowSeconds >= 60 && windowSeconds <= MAX_WINDOW)) {
        throw new CodedRefusal('bad-arguments', 'commands.analyze.badWindow', { window, app: appName });
      }
    }
    const requester = await deps.directory.identify(request.userId);
    const { duplicate } = await deps.queues.analysis.add(analysisJobId(appName, request.requestId), {
      app: appName,
      trigger: 'command',
      requester,
      channel: request.channel,
      ...(request.responseUrl !== undefined && { responseUrl: request.responseUrl }),
      ...(windowSeconds !== undefined && { windowSeconds }),
    });
    if (duplicate) return { text: t('commands.alreadyReceived') };
    return {
      text: window
        ? t('commands.analyze.startedWindow', { app: appName, window })
        : t('commands.analyze.started', { app: appName }),
    };
  },
};
