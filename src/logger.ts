import { pino, stdSerializers, type DestinationStream, type Logger } from 'pino';
import { redactCredentials } from './domain/redact.js';

/**
 * JSON logs without secrets: token-like fields are censored, and credentials embedded in URLs
 * (a GITOPS_REPO_URL with a token) are cut out of error messages and stacks.
 */
export function createLogger(level: string, destination?: DestinationStream): Logger {
  const options = {
    level,
    redact: { paths: ['*.token', '*.botToken', '*.appToken', '*.signingSecret', '*.password', '*.authorization', 'headers.authorization'], censor: '[redacted]' },
    serializers: {
      err: (error: Error) => {
        const serialized = stdSerializers.err(error);
        return { ...serialized, message: redactCredentials(serialized.message), stack: redactCredentials(serialized.stack) };
      },
    },
  };
  return destination ? pino(options, destination) : pino(options);
}
