import { describe, expect, it } from 'vitest';
import { RedisDirInUseError } from '../../src/adapters/private-redis-dir.js';
import { PrivateRedisStartError } from '../../src/adapters/redis-server-output.js';
import { failureText } from '../../src/boot/run.js';
import { wordsFor } from '../../src/i18n/index.js';

/** What the process prints when start-up fails: errors that say what to do in the language of LANG, others with a stack. */
describe('failureText', () => {
  const damaged = new PrivateRedisStartError(1, 'Bad file format reading the append only file', '/srv/.kanaria/redis');
  it.each([
    [
      'a directory another Kanaria owns',
      new RedisDirInUseError('/srv/.kanaria/redis', 4242),
      /^\/srv\/\.kanaria\/redis には実行中の別の Kanaria \(pid 4242\) のキューがあります。.*\/srv\/\.kanaria\/redis\/kanaria-owner\.json を削除してください/,
    ],
    [
      'a redis-server that would not start',
      new PrivateRedisStartError(1, 'Address already in use', undefined),
      /^redis-server が起動中に終了コード 1 で終了しました: Address already in use$/,
    ],
    [
      'a damaged AOF',
      damaged,
      /\n.*内部が壊れています。.*`redis-check-aof --fix \/srv\/\.kanaria\/redis\/appendonlydir\/appendonly\.aof\.manifest`/,
    ],
  ])('words %s as the adapter does in English, and in Japanese', (_, error, japanese) => {
    expect(failureText(error, wordsFor('en'))).toBe(error.message);
    expect(failureText(error, wordsFor('ja'))).toMatch(japanese);
  });

  it('shows anything else with its stack, for a bug report', () => {
    const bug = new TypeError('x is undefined');
    expect(failureText(bug, wordsFor('ja'))).toBe(bug.stack);
  });
});
