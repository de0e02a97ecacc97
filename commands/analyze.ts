import { requireApp, type CommandDef } from '../src/dispatch/index.js';
import { analysisJobId } from '../src/queues/analysis.js';
import { parseDuration } from '../src/domain/analysis-config.js';
import { UserFacingError } from '../src/domain/errors.js';
import { quote } from '../src/domain/quote.js';

const MAX_WINDOW = 24 * 3600;

/** `/analyze <app> [window]`: judges the app's running canary against stable now, and posts the verdict. */
export const analyze: CommandDef = {
  name: 'analyze',
  summary:
    "Judge an app's running canary against stable from Prometheus (default window from kanaria.yaml, e.g. 30m) and post the verdict with a chart",
  grammar: { usage: '/analyze <app> [window]', example: '/analyze example-app 15m', min: 1, max: 2, flags: [] },

  async run(request, { args: [appName = '', window] }, deps) {
    const app = requireApp(deps, appName);
    if (!app.analysis) {
      throw new UserFacingError(
        'not-configured',
        `\`${appName}\` has no canary analysis in Kanaria's configuration.`,
        `Add Prometheus queries under apps.${appName}.analysis in kanaria.yaml (\`{{hash}}\` stands for the pod template hash).`,
      );
    }
    if (!app.rollout)
      throw new UserFacingError(
        'not-configured',
        `\`${appName}\` has no Argo Rollout in Kanaria's configuration, so there is no canary to judge.`,
      );
    let windowSeconds: number | undefined;
    if (window !== undefined) {
      windowSeconds = /^\d+(s|m|h)$/.test(window) ? parseDuration(window) : NaN;
      if (!(windowSeconds >= 60 && windowSeconds <= MAX_WINDOW)) {
        throw new UserFacingError(
          'bad-arguments',
          `${quote(window)} is not a window from 1m to 24h.`,
          `e.g. \`/analyze ${appName} 15m\` or \`/analyze ${appName} 1h\`.`,
        );
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
    return {
      text: duplicate
        ? 'This request was already received.'
        : `Analysing the canary of \`${appName}\`${window ? ` over the last ${window}` : ''}; the verdict follows in this channel.`,
    };
  },
};
