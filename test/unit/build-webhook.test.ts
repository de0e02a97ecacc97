import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/boot/config-file.js';
import { buildDestination, parseBuild } from '../../src/domain/build-webhook.js';
import { checkTimestamp, signatureMatches, webhookSignature } from '../../src/domain/webhook-signature.js';
import { explain, wordsFor } from '../../src/i18n/index.js';

const app = (name: string, environment: string, channel = 'C0DEPLOYS') =>
  `  ${name}: { environment: ${environment}, manifest: apps/${name}.yaml, container: web, channel: ${channel} }\n`;
const CONFIG = `
apps:
${app('api-dev', 'dev')}${app('api-staging', 'staging')}${app('api-prod', 'prod')}${app('solo', 'qa')}${app('gpu-dev', 'dev')}${app('gpu-prod', 'prod')}
pipelines:
  api:
    stages: [api-dev, api-staging, api-prod]
  gpu:
    stages: [{ name: sandbox, app: gpu-dev }, gpu-prod]
    autoDeploy: true
policies:
  default: { deploy: ["*"] }
`;
const config = parseConfig(CONFIG, 'kanaria.yaml');
const DIGEST = `sha256:${'a'.repeat(64)}`;

describe('parseBuild', () => {
  it.each<[string, Record<string, unknown>, Record<string, unknown>]>([
    [
      'an app and a tagged image',
      { app: 'api-dev', image: 'ghcr.io/acme/llm-api:1.4.3' },
      { target: { kind: 'app', name: 'api-dev' }, image: 'ghcr.io/acme/llm-api:1.4.3' },
    ],
    [
      'a pipeline, a digest, the commit and a link',
      { pipeline: 'api', image: `ghcr.io/acme/llm-api@${DIGEST}`, commit: 'abc1234', url: 'https://ci.example.com/1' },
      {
        target: { kind: 'pipeline', name: 'api' },
        image: `ghcr.io/acme/llm-api@${DIGEST}`,
        commit: 'abc1234',
        url: 'https://ci.example.com/1',
      },
    ],
    ['surrounding spaces trimmed', { app: 'solo', image: ' nginx:1.27.0 ' }, { image: 'nginx:1.27.0' }],
  ])('reads %s', (_, body, build) => {
    const parsed = parseBuild(JSON.stringify(body));
    expect(parsed.ok && parsed.build).toMatchObject(build);
  });

  it.each<[string, string, RegExp]>([
    ['neither app nor pipeline', '{"image":"nginx:1.27.0"}', /exactly one of them/],
    ['both app and pipeline', '{"app":"solo","pipeline":"api","image":"nginx:1.27.0"}', /exactly one of them/],
    ['no image', '{"app":"solo"}', /^image: /],
    ['an app that is no name', '{"app":"Solo App","image":"nginx:1.27.0"}', /^app: is not a name of kanaria\.yaml/],
    ['a commit that is no sha', '{"app":"solo","image":"nginx:1.27.0","commit":"main"}', /^commit: is not a commit id/],
    ['a url that is not http(s)', '{"app":"solo","image":"nginx:1.27.0","url":"javascript:alert(1)"}', /^url: /],
    ['an unknown field, e.g. a typo', '{"app":"solo","image":"nginx:1.27.0","comit":"abc1234"}', /comit/],
    ['an array', '[]', /object/],
  ])('refuses %s, saying which field is wrong', (_, body, problem) => {
    const parsed = parseBuild(body);
    expect(parsed.ok).toBe(false);
    if (parsed.ok || parsed.fault.kind !== 'shape') throw new Error(`not a shape fault: ${JSON.stringify(parsed)}`);
    expect(parsed.fault.problems.join('\n')).toMatch(problem);
  });

  it('refuses a body that is not JSON', () => {
    expect(parseBuild('app=solo&image=nginx')).toEqual({ ok: false, fault: { kind: 'json' } });
  });

  it.each<[string, string, RegExp]>([
    ['an unpinned image', 'ghcr.io/acme/llm-api', /has no tag or digest/],
    ['an image with a space', 'nginx 1.27', /whitespace/],
    ['a short digest', 'nginx@sha256:abc', /digest/],
  ])('refuses %s in the image grammar’s words', (_, image, message) => {
    const parsed = parseBuild(JSON.stringify({ app: 'solo', image }));
    if (parsed.ok || parsed.fault.kind !== 'image') throw new Error(`not an image fault: ${JSON.stringify(parsed)}`);
    expect(explain(wordsFor('en'), parsed.fault.refusal).message).toMatch(message);
  });
});

describe('buildDestination', () => {
  it.each<[string, { kind: 'app' | 'pipeline'; name: string }, Record<string, unknown> | undefined]>([
    [
      'a pipeline: its first stage',
      { kind: 'pipeline', name: 'api' },
      { app: 'api-dev', stage: 'dev', autoDeploy: false },
    ],
    [
      'an autoDeploy pipeline: its first stage, by its stage name',
      { kind: 'pipeline', name: 'gpu' },
      { app: 'gpu-dev', stage: 'sandbox', pipeline: 'gpu', autoDeploy: true },
    ],
    [
      'the first stage named as an app deploys too',
      { kind: 'app', name: 'gpu-dev' },
      { stage: 'sandbox', autoDeploy: true },
    ],
    [
      'a later stage named as an app is only announced',
      { kind: 'app', name: 'gpu-prod' },
      { stage: 'prod', autoDeploy: false },
    ],
    [
      'an app of no pipeline: its environment',
      { kind: 'app', name: 'solo' },
      { app: 'solo', stage: 'qa', autoDeploy: false },
    ],
    ['an unknown app', { kind: 'app', name: 'nope' }, undefined],
    ['an unknown pipeline', { kind: 'pipeline', name: 'api-dev' }, undefined],
  ])('%s', (_, target, destination) => {
    const found = buildDestination(config, target);
    if (destination === undefined) expect(found).toBeUndefined();
    else expect(found).toMatchObject(destination);
  });
});

describe('the webhook signature', () => {
  const secret = 'a-webhook-secret-of-some-length';
  const now = 1_800_000_000_000;
  const seconds = now / 1000;

  it('matches what openssl computes for "v1:<timestamp>:<body>"', () => {
    // printf 'v1:1800000000:{}' | openssl dgst -sha256 -hmac a-webhook-secret-of-some-length
    expect(webhookSignature(secret, seconds, '{}')).toBe(
      'v1=d273e84fef64d68e0d9e537f9e7172e219d28ee769564f06088fd881fbc04e48',
    );
    expect(signatureMatches(secret, seconds, '{}', webhookSignature(secret, seconds, '{}'))).toBe(true);
  });

  it.each<[string, string]>([
    ['another body', webhookSignature(secret, seconds, '{"a":1}')],
    ['another timestamp', webhookSignature(secret, seconds - 1, '{}')],
    ['another secret', webhookSignature('another-secret-entirely', seconds, '{}')],
    ['a truncated signature', webhookSignature(secret, seconds, '{}').slice(0, 20)],
    ['Slack’s scheme', webhookSignature(secret, seconds, '{}').replace('v1=', 'v0=')],
  ])('refuses %s', (_, signature) => {
    expect(signatureMatches(secret, seconds, '{}', signature)).toBe(false);
  });

  it.each<[string, { signature?: string; timestamp?: string }, string]>([
    ['no signature', { timestamp: String(seconds) }, 'unsigned'],
    ['no timestamp', { signature: 'v1=00' }, 'unsigned'],
    ['an empty signature', { signature: '', timestamp: String(seconds) }, 'unsigned'],
    ['a timestamp that is no number', { signature: 'v1=00', timestamp: '12e3' }, 'unsigned'],
    ['a timestamp over 5 minutes old', { signature: 'v1=00', timestamp: String(seconds - 301) }, 'stale'],
    ['a timestamp over 5 minutes ahead', { signature: 'v1=00', timestamp: String(seconds + 301) }, 'future'],
  ])('refuses %s before the body is read', (_, headers, fault) => {
    expect(checkTimestamp(headers, now)).toEqual({ ok: false, fault });
  });

  it('takes a timestamp within 5 minutes either way', () => {
    expect(checkTimestamp({ signature: 'v1=00', timestamp: String(seconds - 299) }, now)).toEqual({
      ok: true,
      timestamp: seconds - 299,
    });
  });
});
