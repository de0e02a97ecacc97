import { describe, it, expect } from 'vitest';
import { ConfigError, parseConfig } from '../../src/boot/config-file.js';
import { modeOf, parseEnv, processOf, settingsFrom, type Env } from '../../src/boot/env.js';
import { failureText } from '../../src/boot/run.js';
import { wordsFor } from '../../src/i18n/index.js';

describe('parseEnv', () => {
  it('applies defaults and reads numbers', () => {
    const env = parseEnv({ PORT: '8080' });
    expect(env.PORT).toBe(8080);
    // Unset: findConfigFile looks in ./kanaria.yaml, then .kanaria/kanaria.yaml (test/integration/first-start.test.ts).
    expect(env.KANARIA_CONFIG).toBeUndefined();
    expect(env.KANARIA_USER).toBe('U_LOCAL');
    expect(env.LOG_LEVEL).toBe('info');
  });

  it('treats empty variables as unset', () => {
    const env = parseEnv({ SLACK_APP_TOKEN: '', SLACK_BOT_TOKEN: '', PORT: '', KANARIA_CONFIG: '' });
    expect(env.SLACK_APP_TOKEN).toBeUndefined();
    expect(env.PORT).toBe(3000);
    expect(env.KANARIA_CONFIG).toBeUndefined();
  });

  it.each([
    [{ PORT: 'http' }, 'PORT'],
    [{ PORT: '70000' }, 'PORT'],
    [{ LOG_LEVEL: 'verbose' }, 'LOG_LEVEL'],
    [{ SLACK_API_URL: 'not a url' }, 'SLACK_API_URL'],
    [{ KANARIA_WEBHOOK_SECRET: 'short' }, 'KANARIA_WEBHOOK_SECRET'],
  ])('refuses %j, naming the variable', (source, variable) => {
    expect(() => parseEnv(source)).toThrow(ConfigError);
    expect(() => parseEnv(source)).toThrow(new RegExp(`^Invalid environment:\\n  ${variable}: `));
  });
});

describe('modeOf', () => {
  const env = (source: Record<string, string>): Env => parseEnv(source);

  it.each<[string, Record<string, string>, string]>([
    ['no Slack settings', {}, 'terminal'],
    ['empty Slack settings', { SLACK_SIGNING_SECRET: '', SLACK_BOT_TOKEN: '', SLACK_APP_TOKEN: '' }, 'terminal'],
    ['a signing secret and a bot token', { SLACK_SIGNING_SECRET: 's3cret', SLACK_BOT_TOKEN: 'xoxb-1' }, 'http'],
    ['an app token and a bot token', { SLACK_APP_TOKEN: 'xapp-1', SLACK_BOT_TOKEN: 'xoxb-1' }, 'socket'],
    ['all three', { SLACK_APP_TOKEN: 'xapp-1', SLACK_BOT_TOKEN: 'xoxb-1', SLACK_SIGNING_SECRET: 's3cret' }, 'socket'],
  ])('%s → %s', (_, source, mode) => {
    expect(modeOf(env(source))).toBe(mode);
  });

  it.each<[string, Record<string, string>, string]>([
    ['an app token alone', { SLACK_APP_TOKEN: 'xapp-1' }, 'SLACK_APP_TOKEN is set but SLACK_BOT_TOKEN is not'],
    [
      'an app token and a signing secret',
      { SLACK_APP_TOKEN: 'xapp-1', SLACK_SIGNING_SECRET: 's3cret' },
      'SLACK_APP_TOKEN is set but SLACK_BOT_TOKEN is not',
    ],
    [
      'a bot token alone',
      { SLACK_BOT_TOKEN: 'xoxb-1' },
      "SLACK_BOT_TOKEN is set but neither SLACK_SIGNING_SECRET (HTTP: to verify Slack's requests) nor SLACK_APP_TOKEN (Socket Mode) is",
    ],
    [
      'a signing secret alone',
      { SLACK_SIGNING_SECRET: 's3cret' },
      'SLACK_SIGNING_SECRET is set but SLACK_BOT_TOKEN is not',
    ],
  ])('refuses %s', (_, source, message) => {
    expect(() => modeOf(env(source))).toThrow(ConfigError);
    expect(() => modeOf(env(source))).toThrow(message);
  });
});

describe('processOf (KANARIA_ROLE)', () => {
  const env = (source: Record<string, string>): Env => parseEnv(source);
  const slack = { SLACK_SIGNING_SECRET: 's3cret', SLACK_BOT_TOKEN: 'xoxb-1', REDIS_URL: 'redis://redis:6379' };

  it('runs everything by default, in the mode the Slack settings give', () => {
    expect(processOf(env(slack))).toEqual({ role: 'all', mode: 'http' });
    expect(processOf(env({}))).toEqual({ role: 'all', mode: 'terminal' });
  });

  it('a receiver answers Slack over HTTP or Socket Mode; a worker needs only the bot token to post', () => {
    expect(processOf(env({ ...slack, KANARIA_ROLE: 'receiver' }))).toEqual({ role: 'receiver', mode: 'http' });
    expect(
      processOf(
        env({ SLACK_APP_TOKEN: 'xapp-1', SLACK_BOT_TOKEN: 'xoxb-1', REDIS_URL: 'redis://r', KANARIA_ROLE: 'receiver' }),
      ),
    ).toEqual({ role: 'receiver', mode: 'socket' });
    expect(processOf(env({ SLACK_BOT_TOKEN: 'xoxb-1', REDIS_URL: 'redis://r', KANARIA_ROLE: 'worker' }))).toEqual({
      role: 'worker',
    });
  });

  it.each<[string, Record<string, string>, string]>([
    [
      'a receiver without Slack',
      { REDIS_URL: 'redis://r', KANARIA_ROLE: 'receiver' },
      'KANARIA_ROLE=receiver answers Slack: set SLACK_BOT_TOKEN with SLACK_SIGNING_SECRET (HTTP) or SLACK_APP_TOKEN (Socket Mode)',
    ],
    [
      'a worker without a bot token',
      { REDIS_URL: 'redis://r', KANARIA_ROLE: 'worker' },
      'KANARIA_ROLE=worker runs the jobs, which post to Slack: set SLACK_BOT_TOKEN (xoxb-…)',
    ],
    [
      'a split role without a shared Redis',
      { SLACK_BOT_TOKEN: 'xoxb-1', KANARIA_ROLE: 'worker' },
      'KANARIA_ROLE=worker hands work over through Redis: set REDIS_URL',
    ],
  ])('refuses %s', (_, source, message) => {
    expect(() => processOf(env(source))).toThrow(ConfigError);
    expect(() => processOf(env(source))).toThrow(message);
  });

  it('refuses an unknown role, naming the choices', () => {
    expect(() => parseEnv({ KANARIA_ROLE: 'jobs' })).toThrow(
      /KANARIA_ROLE: .*"all"\|"receiver"\|"worker"|KANARIA_ROLE: .*all.*receiver.*worker/,
    );
  });
});

describe('environment errors in the language of LANG', () => {
  const refusal = (run: () => unknown): unknown => {
    try {
      run();
    } catch (error) {
      return error;
    }
    throw new Error('expected a refusal');
  };

  it.each([
    [
      'a worker without a bot token',
      () => processOf(parseEnv({ KANARIA_ROLE: 'worker', REDIS_URL: 'redis://r:6379' })),
      'KANARIA_ROLE=worker runs the jobs, which post to Slack: set SLACK_BOT_TOKEN (xoxb-…)',
      'KANARIA_ROLE=worker はジョブを実行し、Slack に投稿します: SLACK_BOT_TOKEN (xoxb-…) を設定してください',
    ],
    [
      'a bad PORT',
      () => parseEnv({ PORT: 'http' }),
      /^Invalid environment:\n {2}PORT: /,
      /^環境変数が正しくありません:\n {2}PORT: /,
    ],
  ])('words %s in English and Japanese, without a stack', (_, run, english, japanese) => {
    const error = refusal(run);
    const check = (text: string, expected: string | RegExp) =>
      typeof expected === 'string' ? expect(text).toBe(expected) : expect(text).toMatch(expected);
    check(failureText(error, wordsFor('en')), english);
    check(failureText(error, wordsFor('ja')), japanese);
  });
});

describe('settingsFrom: the image webhook', () => {
  const config = parseConfig('gitops: { url: ./gitops }\napps: {}\n', 'kanaria.yaml');
  const settings = (source: Record<string, string>) => {
    const env = parseEnv(source);
    return settingsFrom(env, processOf(env), { config, configPath: '/srv/kanaria.yaml' });
  };
  const slack = { SLACK_SIGNING_SECRET: 's3cret', SLACK_BOT_TOKEN: 'xoxb-1' };

  it('is served with KANARIA_WEBHOOK_SECRET, and not without it', () => {
    expect(settings({ ...slack, KANARIA_WEBHOOK_SECRET: 'a'.repeat(32) }).webhookSecret).toBe('a'.repeat(32));
    expect(settings(slack).webhookSecret).toBeUndefined();
  });

  it('is not served by the terminal adapter, which has no HTTP server', () => {
    expect(settings({ KANARIA_WEBHOOK_SECRET: 'a'.repeat(32) }).webhookSecret).toBeUndefined();
  });
});

describe('settingsFrom: the fetch that notices commits made outside Kanaria', () => {
  const config = parseConfig('gitops: { url: ./gitops }\napps: {}\n', 'kanaria.yaml');
  const settings = (source: Record<string, string>) => {
    const env = parseEnv(source);
    return settingsFrom(env, processOf(env), { config, configPath: '/srv/kanaria.yaml' });
  };

  it('takes KANARIA_OUTSIDE_FETCH_SECONDS in seconds (0 turns it off); unset, the workers use their default', () => {
    expect(settings({ KANARIA_OUTSIDE_FETCH_SECONDS: '30' }).outsideFetchMs).toBe(30_000);
    expect(settings({ KANARIA_OUTSIDE_FETCH_SECONDS: '0' }).outsideFetchMs).toBe(0);
    expect(settings({}).outsideFetchMs).toBeUndefined();
  });

  it('refuses a negative interval', () => {
    expect(() => parseEnv({ KANARIA_OUTSIDE_FETCH_SECONDS: '-5' })).toThrow(/KANARIA_OUTSIDE_FETCH_SECONDS/);
  });
});
