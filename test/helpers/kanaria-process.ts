/**
 * Kanaria in a child process of its own, so a test can kill it with SIGKILL mid-job (a crashed pod).
 * Options come as JSON in KANARIA_TEST_OPTIONS; it prints "ready" once its workers run.
 */
import { pino } from 'pino';
import { parseConfig } from '../../src/boot/config-file.js';
import { startKanaria, type KanariaOptions } from '../../src/boot/start.js';

interface ProcessOptions extends Omit<KanariaOptions, 'config' | 'logger'> {
  readonly configText: string;
}

const options = JSON.parse(process.env['KANARIA_TEST_OPTIONS'] ?? '{}') as ProcessOptions;
const { configText, ...rest } = options;
const kanaria = await startKanaria({
  ...rest,
  config: parseConfig(configText, 'kanaria.yaml'),
  logger: pino({ level: process.env['LOG_LEVEL'] ?? 'silent' }),
});
process.stdout.write('ready\n');
process.on('SIGTERM', () => void kanaria.stop().then(() => process.exit(0)));
