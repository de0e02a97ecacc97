import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { commands } from '../../commands/index.js';

interface Manifest {
  features: { slash_commands: { command: string; usage_hint: string; url: string }[] };
  settings: { interactivity: { is_enabled: boolean; request_url: string } };
}

const manifest = parse(readFileSync(new URL('../../deploy/slack-app-manifest.yaml', import.meta.url), 'utf8')) as Manifest;

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
