import { describe, it, expect } from 'vitest';
import { ConfigError, parseConfig } from '../../src/boot/config-file.js';
import { freezeWindowsOf, slosOf } from '../../src/domain/config.js';
import { budgetPolicy } from '../../src/domain/policy.js';
import { windowsFor } from '../../src/domain/slo/freeze.js';
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

  const reclaim = (body: string) => `${sketch}  reclaim:\n${body}`;
  it('reads gpu.reclaim with its defaults', () => {
    const config = parseConfig(reclaim('    namespaces: { ml: { auto: true, channel: C0ML }, research: {} }\n'), FILE);
    expect(config.gpu?.reclaim).toEqual({
      dryRun: false,
      ownerLabel: 'kanaria.dev/owner',
      appLabel: 'kanaria.dev/app',
      answerWithin: '2h',
      schedule: '*/15 * * * *',
      namespaces: { ml: { auto: true, channel: 'C0ML' }, research: { auto: false } },
    });
  });

  it.each([
    [
      'an app label that is no label key',
      '    appLabel: "kanaria dev/app"\n    namespaces: {}\n',
      ':21: gpu.reclaim.appLabel:',
      'must be a Kubernetes label or annotation key',
    ],
    [
      'an answer time that is no duration',
      '    answerWithin: two hours\n    namespaces: {}\n',
      ':21: gpu.reclaim.answerWithin:',
      'must be a duration such as 30m, 2h or 1d',
    ],
    [
      'a namespace channel that is no Slack id',
      '    namespaces: { ml: { channel: "#ml" } }\n',
      ':21: gpu.reclaim.namespaces.ml.channel:',
      'must be a Slack id such as C0123ABC',
    ],
    [
      'a namespace that is no namespace name',
      '    namespaces: { ML_Team: {} }\n',
      ':21: gpu.reclaim.namespaces.ML_Team:',
      'must be a Kubernetes namespace name',
    ],
    [
      'a misspelt namespace setting',
      '    namespaces: { ml: { automatic: true } }\n',
      ':21: gpu.reclaim.namespaces.ml:',
      'unknown field(s) "automatic"',
    ],
    [
      'a schedule that is no cron pattern',
      '    schedule: often\n    namespaces: {}\n',
      ':21: gpu.reclaim.schedule:',
      'must be a cron pattern such as "*/15 * * * *"',
    ],
  ])('refuses in gpu.reclaim %s', (_, body, where, why) => expectFault(reclaim(body), where, why));

  it('refuses reclaim offers with no channel to go to', () => {
    const text = reclaim('    namespaces: { ml: {} }\n')
      .replace('  reportChannel: C0GPU\n', '')
      .replace('  schedule: "0 9 * * 1-5"\n', '');
    expect(configError(text).message).toContain('gpu.reclaim.namespaces: reclaim offers need a channel');
  });

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

describe('parseConfig: SLOs, error-budget policies and freeze windows', () => {
  // The sketch with an SLO for llm-api (line 12), an error-budget policy (16), SLOs (21–32) and a freeze (33–39).
  const slos = `${edit('    channel: C0DEPLOYS', '    channel: C0DEPLOYS\n    slo: web-availability').replace(
    'twoPersonRule: true }',
    'twoPersonRule: true, errorBudget: enforce, override: [S0SRE, U0ANA] }',
  )}slos:
  web-availability:
    objective: 99.9
    window: 30d
    sli:
      errors: 'sum(rate(http_requests_total{code=~"5.."}[{{window}}]))'
      total: 'sum(rate(http_requests_total[{{window}}]))'
    rules: { sloth: web-availability }
  latency:
    objective: 99
    window: 12h
    sli: { errorRatio: 'slow:ratio_rate[{{window}}]' }
freezes:
  - name: weekend
    start: "2026-01-02T18:00"
    rrule: FREQ=WEEKLY;BYDAY=FR
    duration: 63h
    timezone: Asia/Tokyo
    environments: [production]
`;
  /** The SLO text with `from` (exactly once) replaced by `to`. */
  const change = (from: string, to: string): string => {
    expect(slos.split(from).length - 1, `"${from}" should occur exactly once`).toBe(1);
    return slos.replace(from, () => to);
  };

  it('reads SLOs, the apps that name them, the gate policy and the freezes', () => {
    const config = parseConfig(slos, FILE);
    expect(slosOf(config, 'llm-api')).toEqual([
      {
        name: 'web-availability',
        objective: 99.9,
        windowSeconds: 30 * 86_400,
        config: expect.objectContaining({ rules: { sloth: 'web-availability' } }),
      },
    ]);
    expect(config.policies['production']).toMatchObject({ errorBudget: 'enforce', override: ['S0SRE', 'U0ANA'] });
    expect(budgetPolicy(config, 'production')).toEqual({
      mode: 'enforce',
      unknown: 'deny',
      rule: 'policies.production.errorBudget',
    });
    expect(budgetPolicy(config, 'staging')).toMatchObject({ mode: 'off', unknown: 'deny' });
    expect(freezeWindowsOf(config)).toEqual([
      {
        name: 'weekend',
        kind: 'deny',
        start: '2026-01-02T18:00',
        rrule: 'FREQ=WEEKLY;BYDAY=FR',
        durationSeconds: 63 * 3600,
        timeZone: 'Asia/Tokyo',
        environments: ['production'],
      },
    ]);
    expect(windowsFor(config, 'llm-api').map((w) => w.name)).toEqual(['weekend']);
  });

  it('takes a list of SLOs per app; an app without one has none, and neither does a config without slos', () => {
    const config = parseConfig(change('    slo: web-availability', '    slo: [web-availability, latency]'), FILE);
    expect(slosOf(config, 'llm-api').map((s) => [s.name, s.windowSeconds])).toEqual([
      ['web-availability', 30 * 86_400],
      ['latency', 12 * 3600],
    ]);
    expect(slosOf(parseConfig(sketch, FILE), 'llm-api')).toEqual([]);
    expect(freezeWindowsOf(parseConfig(sketch, FILE))).toEqual([]);
  });

  it.each<[string, string, string, string]>([
    [
      'an app naming an unknown SLO',
      change('    slo: web-availability', '    slo: web-availabilty'),
      ':12: apps.llm-api.slo:',
      'unknown SLO "web-availabilty"; known: web-availability, latency',
    ],
    [
      'an unknown SLO in a list',
      change('    slo: web-availability', '    slo: [latency, nope]'),
      ':12: apps.llm-api.slo:',
      'unknown SLO "nope"; known: web-availability, latency',
    ],
    [
      'an SLO named where none are defined',
      edit('    channel: C0DEPLOYS', '    channel: C0DEPLOYS\n    slo: web'),
      ':12: apps.llm-api.slo:',
      'unknown SLO "web"; no SLO is defined under slos',
    ],
    [
      'an objective of 100 (no budget at all)',
      change('objective: 99.9', 'objective: 100'),
      ':23: slos.web-availability.objective:',
      'must be between 0 and 100, e.g. 99.9',
    ],
    [
      'an objective of 0',
      change('objective: 99\n', 'objective: 0\n'),
      ':30: slos.latency.objective:',
      'must be between 0 and 100, e.g. 99.9',
    ],
    [
      'an objective given as a percentage string',
      change('objective: 99.9', 'objective: "99.9%"'),
      ':23: slos.web-availability.objective:',
      'must be a number between 0 and 100, e.g. 99.9',
    ],
    [
      'a window that is not a duration',
      change('window: 30d', 'window: soon'),
      ':24: slos.web-availability.window:',
      'is not a duration: a number and a unit (s, m, h, d, w), e.g. 30d or 28d',
    ],
    [
      'a query without {{window}}',
      change("total: 'sum(rate(http_requests_total[{{window}}]))'", "total: 'sum(rate(http_requests_total[5m]))'"),
      ':27: slos.web-availability.sli.total:',
      'must contain {{window}} where the range goes',
    ],
    [
      'errors without total',
      change("      total: 'sum(rate(http_requests_total[{{window}}]))'\n", ''),
      ':26: slos.web-availability.sli:',
      'total is missing: errors and total go together',
    ],
    [
      'both forms of SLI',
      change(
        "sli: { errorRatio: 'slow:ratio_rate[{{window}}]' }",
        "sli: { errorRatio: 'a[{{window}}]', total: 'b[{{window}}]' }",
      ),
      ':32: slos.latency.sli:',
      'give either errors and total, or errorRatio, not both',
    ],
    [
      'an empty SLI',
      change("sli: { errorRatio: 'slow:ratio_rate[{{window}}]' }", 'sli: {}'),
      ':32: slos.latency.sli:',
      'needs errors and total (bad and all events), or errorRatio',
    ],
    [
      'two kinds of recording rules',
      change('rules: { sloth: web-availability }', 'rules: { sloth: a, pyrra: b }'),
      ':28: slos.web-availability.rules:',
      'name one of sloth, errorRatio or pyrra',
    ],
    [
      'an unknown gate mode',
      change('errorBudget: enforce', 'errorBudget: strict'),
      ':16: policies.production.errorBudget:',
      'expected one of "enforce"|"warn"|"off"',
    ],
    [
      'a team name among override approvers',
      change('override: [S0SRE, U0ANA]', 'override: [sre-team]'),
      ':16: policies.production.override.0:',
      'must be "*", a Slack user id',
    ],
    [
      'an RRULE that does not parse',
      change('rrule: FREQ=WEEKLY;BYDAY=FR', 'rrule: EVERY=FRIDAY'),
      ':36: freezes.0.rrule:',
      `is not an RRULE (Unknown RRULE property 'EVERY'), e.g. "FREQ=WEEKLY;BYDAY=FR"`,
    ],
    [
      'an RRULE with a misspelt day',
      change('rrule: FREQ=WEEKLY;BYDAY=FR', 'rrule: FREQ=WEEKLY;BYDAY=FRI'),
      ':36: freezes.0.rrule:',
      'is not an RRULE (Invalid weekday string: FRI), e.g. "FREQ=WEEKLY;BYDAY=FR"',
    ],
    [
      'an RRULE with its own DTSTART',
      change('rrule: FREQ=WEEKLY;BYDAY=FR', 'rrule: DTSTART=20260102T180000Z;FREQ=WEEKLY'),
      ':36: freezes.0.rrule:',
      'is not an RRULE (DTSTART and TZID belong in `start` and `timezone`)',
    ],
    [
      'a freeze in an unknown time zone',
      change('timezone: Asia/Tokyo', 'timezone: Asia/Tokio'),
      ':38: freezes.0.timezone:',
      'must be an IANA time zone such as "Europe/Berlin" or "UTC"',
    ],
    [
      'a freeze start that is not a local time',
      change('start: "2026-01-02T18:00"', 'start: "Friday 18:00"'),
      ':35: freezes.0.start:',
      'must be a local time YYYY-MM-DDTHH:MM, e.g. "2026-01-02T18:00"',
    ],
    [
      'a freeze duration that is not one',
      change('duration: 63h', 'duration: all weekend'),
      ':37: freezes.0.duration:',
      'is not a duration: a number and a unit (s, m, h, d, w), e.g. 63h or 1h30m',
    ],
    [
      'a freeze of an unknown kind',
      change('  - name: weekend\n', '  - name: weekend\n    kind: block\n'),
      ':35: freezes.0.kind:',
      'expected one of "deny"|"allow"',
    ],
    [
      'two freezes with the same name',
      `${slos}  - { name: weekend, start: "2026-12-24T00:00", duration: 10d, timezone: UTC }\n`,
      ':40: freezes.1.name:',
      '"weekend" is used twice; names must be unique',
    ],
    [
      'a freeze for an unknown app',
      `${slos}    apps: [llm-apii]\n`,
      ':40: freezes.0.apps.0:',
      'unknown app "llm-apii"; known: llm-api',
    ],
  ])('refuses %s, naming the file, line and field', (_, text, where, why) => expectFault(text, where, why));
});
