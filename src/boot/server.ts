import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { HTTPReceiver } from '@slack/bolt';
import type { Logger } from 'pino';
import type { KanariaMetrics } from '../adapters/metrics.js';
import { guardSlackRequest, type ReplayStore } from '../slack/request-guard.js';
import { handleImageWebhook, type ImageWebhook } from '../webhook/image.js';

export interface ServerOptions {
  readonly metrics: KanariaMetrics;
  /** The /metrics body: this thread's registry merged with the job thread's. */
  readonly metricsText: () => Promise<string>;
  readonly logger: Logger;
  /** Why this process cannot take work now (Redis away, a worker stuck: not ready), and what only warrants a warning. */
  readonly health: () => Promise<Health>;
  /** Absent in Socket Mode and in the terminal: then only the health routes are served. */
  readonly slack?: { readonly receiver: HTTPReceiver; readonly signingSecret: string; readonly replay: ReplayStore };
  /** POST /webhooks/image, when KANARIA_WEBHOOK_SECRET is set. */
  readonly webhook?: ImageWebhook;
}

export interface Health {
  readonly problems: readonly string[];
  readonly warnings: readonly string[];
}

const send = (res: ServerResponse, status: number, body: string, type = 'text/plain; charset=utf-8') => {
  res.writeHead(status, { 'content-type': type });
  res.end(body);
};

/**
 * One port: Slack's requests at POST /slack/events, a CI step's new builds at POST /webhooks/image, and /healthz,
 * /readyz, /metrics beside them.
 */
export function createHttpServer(options: ServerOptions): Server {
  const { metrics, logger, slack } = options;
  return createServer((req: IncomingMessage, res: ServerResponse) => {
    const path = (req.url ?? '/').split('?')[0];
    void (async () => {
      if (req.method === 'GET' && path === '/healthz') return send(res, 200, 'ok\n');
      if (req.method === 'GET' && path === '/readyz') {
        const { problems, warnings } = await options.health();
        const detail = [...problems, ...warnings.map((w) => `warning: ${w}`)].map((line) => `- ${line}\n`).join('');
        return problems.length === 0 ? send(res, 200, `ready\n${detail}`) : send(res, 503, `not ready\n${detail}`);
      }
      if (req.method === 'GET' && path === '/metrics')
        return send(res, 200, await options.metricsText(), metrics.registry.contentType);
      if (slack && req.method === 'POST' && path === '/slack/events') {
        const verdict = await guardSlackRequest(req, { signingSecret: slack.signingSecret, replay: slack.replay });
        if (!verdict.ok) {
          metrics.rejectedRequests.inc({ reason: verdict.reason });
          logger.warn({ reason: verdict.reason, ip: req.socket.remoteAddress }, 'rejected a Slack request');
          // The body may be partly unread: close the connection instead of reading the rest of it.
          res.writeHead(verdict.reason === 'body' ? 413 : 401, { connection: 'close' });
          return res.end();
        }
        return slack.receiver.requestListener(req, res);
      }
      if (options.webhook && req.method === 'POST' && path === '/webhooks/image')
        return handleImageWebhook(req, res, options.webhook);
      return send(res, 404, 'not found\n');
    })().catch((error: unknown) => {
      logger.error({ err: error }, 'HTTP handler failed');
      if (!res.headersSent) send(res, 500, '');
    });
  });
}
