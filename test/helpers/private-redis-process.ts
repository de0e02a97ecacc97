/**
 * The terminal's private Redis started by a process of its own, as `npm start` does: prints the URL, then
 * waits to be killed (SIGKILL leaves its redis-server running, as a crashed Kanaria does).
 */
import { startPrivateRedis } from '../../src/adapters/redis.js';

const dir = process.argv[2];
if (!dir) throw new Error('usage: private-redis-process.ts <dir>');
const redis = await startPrivateRedis(dir);
process.stdout.write(`${redis.url}\n`);
setInterval(() => undefined, 60_000);
