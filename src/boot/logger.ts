import { pino, stdSerializers, type DestinationStream, type Logger } from 'pino';
import { redactCredentials } from '../domain/redact.js';

/**
 * Any thrown value as a log field: an Error with its stack, anything else as its text. Credentials embedded in
 * URLs (a GITOPS_REPO_URL with a token) are cut out. Never throws: a logger that fails while reporting an
 * outage would turn the outage into a crash.
 */
export function serializeError(error: unknown): Record<string, unknown> {
  if (error instanceof Error) {
    const serialized = stdSerializers.err(error) as Record<string, unknown>;
    return {
      ...serialized,
      message: redactCredentials(String(serialized['message'] ?? '')),
      ...(typeof serialized['stack'] === 'string' && { stack: redactCredentials(serialized['stack']) }),
    };
  }
  let text: string;
  try {
    text = typeof error === 'string' ? error : (JSON.stringify(error) ?? String(error));
  } catch {
    text = String(error);
  }
  return { message: redactCredentials(text) };
}

/** JSON logs without secrets: token-like fields are censored, and errors go through `serializeError`. */
export function createLogger(level: string, destination?: DestinationStream): Logger {
  const options = {
    level,
    redact: {
      paths: [
        '*.token',
        '*.botToken',
        '*.appToken',
        '*.signingSecret',
        '*.webhookSecret',
        '*.password',
        '*.authorization',
        'headers.authorization',
      ],
      censor: '[redacted]',
    },
    serializers: { err: serializeError },
  };
  return destination ? pino(options, destination) : pino(options);
}
