import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { commands } from '../../commands/index.js';

interface Manifest {
  oauth_config: { scopes: { bot: string[] } };
  features: { slash_commands: { command: string; usage_hint: string; url: string }[] };
  settings: { interactivity: { is_enabled: boolean; request_url: string } };
}

const manifest = parse(
  readFileSync(new URL('../../deploy/slack-app-manifest.yaml', import.meta.url), 'utf8'),
) as Manifest;

describe('deploy/slack-app-manifest.yaml', () => {
  it('declares exactly the slash commands Kanaria registers, with their grammar as usage hint', () => {
    const declared = manifest.features.slash_commands.map((c) => c.command).sort();
    expect(declared).toEqual(commands.map((c) => `/${c.name}`).sort());
    for (const def of commands) {
      const entry = manifest.features.slash_commands.find((c) => c.command === `/${def.name}`);
      expect(def.grammar.usage).toBe(`/${def.name} ${entry?.usage_hint}`);
    }
  });

  it('sends commands and button presses to the endpoint Kanaria serves', () => {
    for (const c of manifest.features.slash_commands) expect(new URL(c.url).pathname).toBe('/slack/events');
    expect(manifest.settings.interactivity.is_enabled).toBe(true);
    expect(new URL(manifest.settings.interactivity.request_url).pathname).toBe('/slack/events');
  });
});

/**
 * The bot scopes each Web API method Kanaria calls needs (api.slack.com/methods). A method missing here fails
 * the test below, so a new call makes someone look up its scope before it meets a `missing_scope` in production.
 */
const SCOPES_OF: Record<string, string[]> = {
  'chat.postMessage': ['chat:write', 'chat:write.public'], // .public: post in channels Kanaria was not invited to
  'chat.update': ['chat:write'],
  'chat.postEphemeral': ['chat:write'],
  'chat.getPermalink': [],
  'conversations.history': ['channels:history', 'groups:history'], // find an announcement a crashed job posted (public, private channels)
  'users.info': ['users:read', 'users:read.email'], // .email: the commit author's address and e-mail policies
  'users.lookupByEmail': ['users:read.email'], // the owner of idle GPUs, written as an e-mail
  'usergroups.users.list': ['usergroups:read'],
  filesUploadV2: ['files:write'],
};

describe('the bot scopes in deploy/slack-app-manifest.yaml', () => {
  const source = (file: string) => readFileSync(new URL(`../../${file}`, import.meta.url), 'utf8');
  // Calls may be split over lines by the formatter (`this.client.users\n  .info(`).
  const called = [...source('src/adapters/slack.ts').matchAll(/this\.client((?:\s*\.\w+)+)\(/g)].map((m) =>
    m[1]!.replace(/\s+/g, '').slice(1),
  );

  it('only the Slack adapter calls the Web API', () => {
    const files = ['src', 'jobs', 'commands'].flatMap((dir) =>
      (readdirSync(new URL(`../../${dir}/`, import.meta.url), { recursive: true }) as string[])
        .filter((f) => f.endsWith('.ts'))
        .map((f) => `${dir}/${f}`),
    );
    const callers = files.filter((f) =>
      /\bclient\.(chat|users|usergroups|files|conversations|reactions|filesUploadV2)\b/.test(source(f)),
    );
    expect(callers).toEqual(['src/adapters/slack.ts']);
    expect(called.length).toBeGreaterThan(0);
  });

  it('are exactly those the methods Kanaria calls need, plus `commands` for its slash commands', () => {
    for (const method of called) expect(Object.keys(SCOPES_OF), `scope of ${method}`).toContain(method);
    const needed = new Set(['commands', ...called.flatMap((m) => SCOPES_OF[m]!)]);
    expect([...manifest.oauth_config.scopes.bot].sort()).toEqual([...needed].sort());
  });
});
