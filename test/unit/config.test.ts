import { describe, it, expect } from 'vitest';
import { ConfigError, parseConfig } from '../../src/boot/config-file.js';
import { wordsFor } from '../../src/i18n/index.js';

const FILE = 'deploy/kanaria.yaml';

// The configuration sketch from ARCHITECTURE.md; line numbers in the expectations below refer to it.
const sketch = `gitops:
  url: https://git.example.com/platform/gitops.git
  branch: main
apps:
  llm-api:
    environment: production
    manifest: apps/llm-api/rollout.yaml
    container: api
    argocd: { application: llm-api, namespace: argocd }
    rollout: { name: llm-api, namespace: llm }
    channel: C0DEPLOYS
    analysis:
      successRate: 'sum(rate(x{rollouts_pod_template_hash="{{hash}}"}[1m]))'
policies:
  production: { deploy: [S0PLATFORM], promote: [S0PLATFORM], twoPersonRule: true }
  default: { deploy: ["*"], promote: ["*"] }
gpu:
  reportChannel: C0GPU
  schedule: "0 9 * * 1-5"
`;

/** The sketch with `from` (which must occur exactly once) replaced by `to`. */
function edit(from: string, to: string): string {
  expect(sketch.split(from).length - 1, `"${from}" should occur exactly once in the sketch`).toBe(1);
  return sketch.replace(from, () => to);
}

function configError(text: string): ConfigError {
  try {
    parseConfig(text, FILE);
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error('expected a ConfigError');
}

/** The error names the file, the line and the field, and says what is wrong. */
function expectFault(text: string, where: string, why: string): void {
  const { message } = configError(text);
  expect(message).toMatch(/^Invalid configuration in deploy\/kanaria\.yaml:\n/);
  const line = message.split('\n').find((l) => l.startsWith(`  ${FILE}${where} `));
  expect(line, message).toBeDefined();
  expect(line).toContain(why);
}

describe('parseConfig', () => {
  it('accepts the configuration sketch and fills in the defaults', () => {
    const config = parseConfig(sketch, FILE);
    expect(config.gitops).toEqual({
      url: 'https://git.example.com/platform/gitops.git',
      branch: 'main',
      committer: { name: 'Kanaria', email: 'kanaria@users.noreply.kanaria.dev' },
      pushAttempts: 5,
    });
    expect(config.apps['llm-api']).toEqual({
      environment: 'production',
      manifest: 'apps/llm-api/rollout.yaml',
      container: 'api',
      argocd: { application: 'llm-api', namespace: 'argocd', prune: false },
      rollout: { name: 'llm-api', namespace: 'llm' },
      channel: 'C0DEPLOYS',
      paths: [],
      analysis: { successRate: 'sum(rate(x{rollouts_pod_template_hash="{{hash}}"}[1m]))' },
    });
    expect(config.policies).toEqual({
      production: { deploy: ['S0PLATFORM'], promote: ['S0PLATFORM'], twoPersonRule: true },
      default: { deploy: ['*'], promote: ['*'], twoPersonRule: false },
    });
    expect(config.limits).toEqual({ replicas: { min: 0, max: 1000 } });
    expect(config.gpu).toEqual({ reportChannel: 'C0GPU', schedule: '0 9 * * 1-5' });
  });

  it('fills in the defaults of a minimal configuration', () => {
    const config = parseConfig('apps:\n  web:\n    manifest: web/deployment.yaml\n', FILE);
    expect(config.gitops.branch).toBe('main');
    expect(config.policies).toEqual({});
    expect(config.apps['web']).toEqual({ environment: 'default', manifest: 'web/deployment.yaml', paths: [] });
  });

  it('reads the languages of the workspace and of channels; without them there is none', () => {
    const config = parseConfig(`${sketch}locale: { default: ja, channels: { C0DEPLOYS: en } }\n`, FILE);
    expect(config.locale).toEqual({ default: 'ja', channels: { C0DEPLOYS: 'en' } });
    expect(parseConfig(sketch, FILE).locale).toBeUndefined();
  });

  it('accepts the principals a policy may name and app-specific replica bounds', () => {
    const config = parseConfig(
      edit(
        '  default: { deploy: ["*"], promote: ["*"] }',
        '  default: { deploy: [U0ALICE, W0BOT, S0QA, ops@example.com], promote: ["*"] }',
      ).replace('    channel: C0DEPLOYS', '    channel: C0DEPLOYS\n    replicas: { min: 1, max: 8 }'),
      FILE,
    );
    expect(config.policies['default']?.deploy).toEqual(['U0ALICE', 'W0BOT', 'S0QA', 'ops@example.com']);
    expect(config.apps['llm-api']?.replicas).toEqual({ min: 1, max: 8 });
  });

  it.each<[string, string, string, string]>([
    [
      'a manifest path with `..`',
      edit('apps/llm-api/rollout.yaml', 'apps/../../etc/rollout.yaml'),
      ':7: apps.llm-api.manifest:',
      'must stay inside the GitOps repo (no `..`)',
    ],
    [
      'a manifest path that is only `..`',
      edit('apps/llm-api/rollout.yaml', '..'),
      ':7: apps.llm-api.manifest:',
      'no `..`',
    ],
    [
      'an absolute manifest path',
      edit('apps/llm-api/rollout.yaml', '/etc/kubernetes/rollout.yaml'),
      ':7: apps.llm-api.manifest:',
      'not an absolute path',
    ],
    [
      'a Windows manifest path',
      edit('apps/llm-api/rollout.yaml', 'C:/gitops/rollout.yaml'),
      ':7: apps.llm-api.manifest:',
      'not an absolute path',
    ],
    [
      'backslashes in a manifest path',
      edit('apps/llm-api/rollout.yaml', 'apps\\\\llm-api\\\\rollout.yaml'),
      ':7: apps.llm-api.manifest:',
      'use `/` as the path separator',
    ],
    [
      'an empty manifest path',
      edit('manifest: apps/llm-api/rollout.yaml', "manifest: ''"),
      ':7: apps.llm-api.manifest:',
      'expected string to have >=1 characters',
    ],
    ['a misspelt top-level field', edit('policies:', 'polices:'), ':14: (top level):', 'unknown field(s) "polices"'],
    [
      'a misspelt app field',
      edit('    container: api', '    contianer: api'),
      ':8: apps.llm-api:',
      'unknown field(s) "contianer"',
    ],
    [
      'an unknown gitops field',
      edit('  branch: main', '  branch: main\n  token: hunter2'),
      ':4: gitops:',
      'unknown field(s) "token"',
    ],
    [
      'an unknown policy field',
      edit('twoPersonRule: true', 'twoPersonRule: true, approvers: 2'),
      ':15: policies.production:',
      'unknown field(s) "approvers"',
    ],
    [
      'replicas min above max',
      edit('    channel: C0DEPLOYS', '    channel: C0DEPLOYS\n    replicas: { min: 5, max: 2 }'),
      ':12: apps.llm-api.replicas:',
      'min must not exceed max',
    ],
    [
      'negative replicas',
      edit('    channel: C0DEPLOYS', '    channel: C0DEPLOYS\n    replicas: { min: -1, max: 2 }'),
      ':12: apps.llm-api.replicas.min:',
      'expected number to be >=0',
    ],
    [
      'an app name with capitals',
      edit('  llm-api:', '  LLM_Api:'),
      ':5: apps.LLM_Api:',
      'app names are lowercase letters, digits, `.`, `_`, `-`',
    ],
    ['an app name ending in `-`', edit('  llm-api:', '  llm-api-:'), ':5: apps.llm-api-:', 'app names are lowercase'],
    [
      'a team name as a principal',
      edit('deploy: [S0PLATFORM]', 'deploy: [S0PLATFORM, platform-team]'),
      ':15: policies.production.deploy.1:',
      'must be "*", a Slack user id (U…/W…), a user group id (S…) or an e-mail address',
    ],
    [
      'a channel name instead of an id',
      edit('channel: C0DEPLOYS', 'channel: "#deploys"'),
      ':11: apps.llm-api.channel:',
      'must be a Slack id such as C0123ABC',
    ],
    [
      'an unknown manifest format',
      edit('    container: api', '    container: api\n    format: jsonnet'),
      ':9: apps.llm-api.format:',
      'expected one of "workload"|"kustomize"|"helm"',
    ],
    [
      'a twoPersonRule that is not a boolean',
      edit('twoPersonRule: true', 'twoPersonRule: "yes"'),
      ':15: policies.production.twoPersonRule:',
      'expected boolean',
    ],
    [
      'global replica limits with min above max',
      `${sketch}limits: { replicas: { min: 9, max: 2 } }\n`,
      ':20: limits.replicas:',
      'min must not exceed max',
    ],
    [
      'an analysis query without {{hash}}',
      edit(`successRate: 'sum(rate(x{rollouts_pod_template_hash="{{hash}}"}[1m]))'`, `successRate: 'sum(rate(x[1m]))'`),
      ':13: apps.llm-api.analysis.successRate:',
      'must contain {{hash}}',
    ],
    [
      'a misspelt analysis setting (read as a query)',
      edit('    analysis:', '    analysis:\n      windows: 30m'),
      ':13: apps.llm-api.analysis.windows:',
      'must contain {{hash}}',
    ],
    [
      'an analysis interval under a second',
      edit('    analysis:', '    analysis:\n      interval: 100ms'),
      ':13: apps.llm-api.analysis.interval:',
      'must be at least 1s',
    ],
    [
      'a GPU schedule that is no cron pattern',
      edit('"0 9 * * 1-5"', '"99 9 * * 1-5"'),
      ':19: gpu.schedule:',
      'is not a valid cron pattern (Constraint error, got value 99 expected range 0-59), e.g. "0 9 * * 1-5"',
    ],
    [
      'an unknown time zone',
      edit('  schedule: "0 9 * * 1-5"', '  schedule: "0 9 * * 1-5"\n  timezone: Europe/Berlinn'),
      ':20: gpu.timezone:',
      'must be an IANA time zone such as "Europe/Berlin" or "UTC"',
    ],
    [
      'a language Kanaria does not speak',
      `${sketch}locale: { default: fr }\n`,
      ':20: locale.default:',
      'must be a language Kanaria speaks: "en" or "ja"',
    ],
    [
      "a channel's language Kanaria does not speak",
      `${sketch}locale:\n  channels: { C0DEPLOYS: ja, C0GPU: de }\n`,
      ':21: locale.channels.C0GPU:',
      'must be a language Kanaria speaks: "en" or "ja"',
    ],
    [
      'a channel name instead of an id for a language',
      `${sketch}locale:\n  channels: { "#deploys": ja }\n`,
      ':21: locale.channels.#deploys:',
      'must be a Slack id such as C0123ABC',
    ],
  ])('refuses %s, naming the file, line and field', (_, text, where, why) => expectFault(text, where, why));

  it('refuses GPU alerts with no channel to post to', () => {
    const text = sketch
      .replace('  reportChannel: C0GPU\n', '')
      .replace('  schedule: "0 9 * * 1-5"\n', '  alerts: { schedule: "*/5 * * * *", minFree: 2 }\n');
    expect(configError(text).message).toContain(
      'gpu.alerts.channel: alerts need a channel to post to (alerts.channel, or reportChannel)',
    );
  });

  it('reports every fault, not just the first', () => {
    const { message } = configError(
      edit('policies:', 'polices:').replace('manifest: apps/llm-api/rollout.yaml', 'manifest: /abs.yaml'),
    );
    expect(message).toContain(`${FILE}:7: apps.llm-api.manifest:`);
    expect(message).toContain(`${FILE}:14: (top level): unknown field(s) "polices"`);
  });

  it('frames the faults in the language it is shown in; zod words its own part', () => {
    const error = configError(
      edit('policies:', 'polices:').replace('manifest: apps/llm-api/rollout.yaml', 'manifest: /abs.yaml'),
    );
    const lines = error.words(wordsFor('ja')).split('\n');
    expect(lines[0]).toBe(`${FILE} の設定が正しくありません:`);
    expect(lines).toContain(`  ${FILE}:14: (トップレベル): 不明なフィールド "polices"`);
    expect(lines.some((line) => line.startsWith(`  ${FILE}:7: apps.llm-api.manifest: `))).toBe(true);
    // English stays the message, for logs.
    expect(error.words(wordsFor('en'))).toBe(error.message);
  });

  it('says where a YAML error is, in Japanese too', () => {
    const error = configError('apps: [\n');
    expect(error.message).toMatch(new RegExp(`^${FILE}:\\d+:\\d+: not valid YAML: `));
    expect(error.words(wordsFor('ja'))).toMatch(new RegExp(`^${FILE}:\\d+:\\d+: YAML として正しくありません: `));
  });

  it('refuses a configuration without apps', () => {
    expect(configError('gitops:\n  branch: main\n').message).toMatch(
      /deploy\/kanaria\.yaml(:1)?: apps: .*expected record/,
    );
    expect(configError('').message).toMatch(/deploy\/kanaria\.yaml(:1)?: apps: .*expected record/);
  });

  it.each([
    [
      'an unclosed flow sequence',
      edit('promote: [S0PLATFORM], twoPersonRule', 'promote: [S0PLATFORM, twoPersonRule'),
      `${FILE}:15:`,
    ],
    ['a tab used for indentation', edit('    container: api', '\tcontainer: api'), `${FILE}:8:`],
    ['a key with no value on a nested map line', edit('  branch: main', '  branch: main\n   url2: x'), `${FILE}:3:`],
  ])('refuses YAML with %s, naming file:line:col', (_, text, where) => {
    const { message } = configError(text);
    expect(message).toMatch(new RegExp(`^${where.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}\\d+: not valid YAML: \\S`));
  });
});

describe('parseConfig: reconcile and Argo CD sync settings', () => {
  it('defaults the reconcile block and prune when absent', () => {
    const config = parseConfig(sketch, FILE);
    expect(config.reconcile).toEqual({ timeoutSeconds: 600, notify: true });
    expect(config.apps['llm-api']?.argocd?.prune).toBe(false);
    expect(parseConfig('apps:\n  web:\n    manifest: web/deployment.yaml\n', FILE).reconcile).toEqual({
      timeoutSeconds: 600,
      notify: true,
    });
  });

  it.each<[string, string, { timeoutSeconds: number; notify: boolean }]>([
    ['both set', 'reconcile:\n  timeoutSeconds: 1800\n  notify: false\n', { timeoutSeconds: 1800, notify: false }],
    ['only the timeout', 'reconcile: { timeoutSeconds: 120 }\n', { timeoutSeconds: 120, notify: true }],
    ['only notify', 'reconcile: { notify: false }\n', { timeoutSeconds: 600, notify: false }],
    ['an empty block', 'reconcile: {}\n', { timeoutSeconds: 600, notify: true }],
    ['the shortest timeout', 'reconcile: { timeoutSeconds: 10 }\n', { timeoutSeconds: 10, notify: true }],
    ['the longest timeout (a day)', 'reconcile: { timeoutSeconds: 86400 }\n', { timeoutSeconds: 86_400, notify: true }],
  ])('accepts reconcile settings: %s', (_, block, reconcile) => {
    expect(parseConfig(`${sketch}${block}`, FILE).reconcile).toEqual(reconcile);
  });

  it.each<[string, boolean]>([
    ['prune: true', true],
    ['prune: false', false],
  ])('accepts argocd %s', (setting, prune) => {
    const config = parseConfig(
      edit(
        'argocd: { application: llm-api, namespace: argocd }',
        `argocd: { application: llm-api, namespace: argocd, ${setting} }`,
      ),
      FILE,
    );
    expect(config.apps['llm-api']?.argocd).toEqual({ application: 'llm-api', namespace: 'argocd', prune });
  });

  it('defaults the Argo CD namespace beside prune', () => {
    const config = parseConfig(
      edit('argocd: { application: llm-api, namespace: argocd }', 'argocd: { application: llm-api, prune: true }'),
      FILE,
    );
    expect(config.apps['llm-api']?.argocd).toEqual({ application: 'llm-api', namespace: 'argocd', prune: true });
  });

  it.each<[string, string, string, string]>([
    [
      'a timeout below 10 seconds',
      `${sketch}reconcile: { timeoutSeconds: 9 }\n`,
      ':20: reconcile.timeoutSeconds:',
      'expected number to be >=10',
    ],
    ['a zero timeout', `${sketch}reconcile: { timeoutSeconds: 0 }\n`, ':20: reconcile.timeoutSeconds:', '>=10'],
    [
      'a timeout above a day',
      `${sketch}reconcile:\n  timeoutSeconds: 86401\n`,
      ':21: reconcile.timeoutSeconds:',
      'expected number to be <=86400',
    ],
    [
      'a fractional timeout',
      `${sketch}reconcile: { timeoutSeconds: 60.5 }\n`,
      ':20: reconcile.timeoutSeconds:',
      'expected int',
    ],
    [
      'a timeout with a unit',
      `${sketch}reconcile: { timeoutSeconds: 10m }\n`,
      ':20: reconcile.timeoutSeconds:',
      'expected number',
    ],
    [
      'a notify that is not a boolean',
      `${sketch}reconcile:\n  notify: "no"\n`,
      ':21: reconcile.notify:',
      'expected boolean',
    ],
    [
      'a misspelt reconcile field',
      `${sketch}reconcile:\n  timeoutSeconds: 600\n  timeout: 60\n`,
      ':22: reconcile:',
      'unknown field(s) "timeout"',
    ],
    [
      'an unknown reconcile field in a flow map',
      `${sketch}reconcile: { notify: true, channel: C0OPS }\n`,
      ':20: reconcile:',
      'unknown field(s) "channel"',
    ],
    ['a reconcile block that is a list', `${sketch}reconcile: [600]\n`, ':20: reconcile:', 'expected object'],
    [
      'a misspelt argocd field',
      edit(
        'argocd: { application: llm-api, namespace: argocd }',
        'argocd: { application: llm-api, namespace: argocd, prnue: true }',
      ),
      ':9: apps.llm-api.argocd:',
      'unknown field(s) "prnue"',
    ],
    [
      'an unknown argocd field',
      edit(
        'argocd: { application: llm-api, namespace: argocd }',
        'argocd: { application: llm-api, namespace: argocd, selfHeal: true }',
      ),
      ':9: apps.llm-api.argocd:',
      'unknown field(s) "selfHeal"',
    ],
    [
      'a prune that is not a boolean',
      edit(
        'argocd: { application: llm-api, namespace: argocd }',
        'argocd: { application: llm-api, namespace: argocd, prune: "yes" }',
      ),
      ':9: apps.llm-api.argocd.prune:',
      'expected boolean',
    ],
  ])('refuses %s, naming the file, line and field', (_, text, where, why) => expectFault(text, where, why));
});

describe("parseConfig: names that are also Object.prototype's", () => {
  const PROTOTYPE_NAMES = ['__proto__', 'constructor', 'toString', 'hasOwnProperty', 'valueOf'];

  it.each(PROTOTYPE_NAMES)('a lookup of %s finds no app, policy or GPU threshold', (name) => {
    const config = parseConfig(
      `${sketch.replace('  reportChannel: C0GPU\n', '  reportChannel: C0GPU\n  alerts: { schedule: "*/5 * * * *", minFree: { a100: 2 } }\n')}`,
      FILE,
    );
    expect(config.apps[name]).toBeUndefined();
    expect(config.policies[name]).toBeUndefined();
    const minFree = config.gpu?.alerts?.minFree;
    expect(typeof minFree === 'object' ? minFree[name] : 'not a record').toBeUndefined();
  });

  it('an app or environment may be called `constructor` and is found like any other', () => {
    const config = parseConfig(
      'apps:\n  constructor:\n    environment: toString\n    manifest: c.yaml\npolicies:\n  toString: { deploy: ["*"] }\n',
      FILE,
    );
    expect(config.apps['constructor']?.manifest).toBe('c.yaml');
    expect(config.policies['toString']?.deploy).toEqual(['*']);
    expect(Object.keys(config.apps)).toEqual(['constructor']);
  });

  it('the records are empty ones when absent, still without a prototype', () => {
    const config = parseConfig('apps:\n  web:\n    manifest: web/deployment.yaml\n', FILE);
    expect(config.policies['constructor']).toBeUndefined();
  });

  it.each([
    ['an app', 'apps:\n  web:\n    manifest: w.yaml\n  __proto__:\n    manifest: p.yaml\n', ':4:'],
    ['an environment', 'apps:\n  web:\n    manifest: w.yaml\npolicies:\n  __proto__: { deploy: ["*"] }\n', ':5:'],
    ['a key in a flow map', 'apps: { web: { manifest: w.yaml, __proto__: { x: 1 } } }\n', ':1:'],
  ])('refuses `__proto__` as %s, naming the line (validation would drop it without a word)', (_, text, where) => {
    expect(configError(text).message).toBe(
      `${FILE}${where} \`__proto__\` cannot be a name in kanaria.yaml; choose another`,
    );
  });
});
