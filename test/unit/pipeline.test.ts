import { describe, expect, it } from 'vitest';
import { ConfigError, parseConfig } from '../../src/boot/config-file.js';
import { planPromotion } from '../../src/domain/pipeline.js';

const app = (name: string, environment: string) =>
  `  ${name}: { environment: ${environment}, manifest: apps/${name}.yaml, container: web }\n`;
const CONFIG = `
apps:
${app('api-dev', 'dev')}${app('api-staging', 'staging')}${app('api-prod', 'prod')}${app('solo', 'dev')}${app('eu', 'prod')}
pipelines:
  api:
    stages: [api-dev, api-staging, api-prod]
  regional:
    stages: [solo, { name: eu-prod, app: eu }]
policies:
  prod: { deploy: ["*"], skipStages: false }
  default: { deploy: ["*"] }
`;
const config = parseConfig(CONFIG, 'kanaria.yaml');

describe('planPromotion', () => {
  it.each<[string, { target: string; from?: string; to: string }, string]>([
    ['by pipeline, from the stage before', { target: 'api', to: 'prod' }, 'staging→prod'],
    ['by an app of the pipeline', { target: 'api-prod', to: 'staging' }, 'dev→staging'],
    ['stages by their app', { target: 'api', from: 'api-dev', to: 'api-staging' }, 'dev→staging'],
    ['a named stage', { target: 'regional', to: 'eu-prod' }, 'dev→eu-prod'],
  ])('%s', (_, request, expected) => {
    const plan = planPromotion(config, request);
    expect(plan.ok && `${plan.from.name}→${plan.to.name}`).toBe(expected);
  });

  it.each<[string, { target: string; from?: string; to: string }, Record<string, unknown>]>([
    ['an unknown pipeline', { target: 'nope', to: 'prod' }, { kind: 'unknown-pipeline', typed: 'nope' }],
    [
      'an unknown stage',
      { target: 'api', to: 'qa' },
      { kind: 'unknown-stage', typed: 'qa', stages: ['dev', 'staging', 'prod'] },
    ],
    ['into the first stage', { target: 'api', to: 'dev' }, { kind: 'first-stage', to: 'dev' }],
    ['backwards', { target: 'api', from: 'prod', to: 'staging' }, { kind: 'not-forward', from: 'prod' }],
    ['to itself', { target: 'api', from: 'staging', to: 'staging' }, { kind: 'not-forward' }],
    [
      'skipping a stage the policy does not allow',
      { target: 'api', from: 'dev', to: 'prod' },
      { kind: 'skips', skipped: ['staging'], rule: 'policies.prod.skipStages' },
    ],
  ])('refuses %s', (_, request, problem) => {
    const plan = planPromotion(config, request);
    expect(plan.ok ? undefined : plan.problem).toMatchObject(problem);
  });

  it('skips a stage where the target environment allows it', () => {
    const allowing = parseConfig(CONFIG.replace('skipStages: false', 'skipStages: true'), 'kanaria.yaml');
    const plan = planPromotion(allowing, { target: 'api', from: 'dev', to: 'prod' });
    expect(plan.ok && plan.from.app).toBe('api-dev');
  });
});

describe('pipelines in kanaria.yaml', () => {
  const fault = (text: string): string => {
    try {
      parseConfig(text, 'kanaria.yaml');
    } catch (error) {
      if (error instanceof ConfigError) return error.message;
      throw error;
    }
    return '';
  };

  it.each<[string, string, string]>([
    ['an unknown app', 'stages: [api-dev, nope]', 'pipelines.api.stages.1: unknown app "nope"'],
    ['an app twice', 'stages: [api-dev, api-dev]', 'pipelines.api.stages.1: "api-dev" is a stage twice'],
    ['one stage', 'stages: [api-dev]', 'pipelines.api.stages: a pipeline needs two stages or more'],
    ['two stages of one name', 'stages: [api-prod, eu]', 'pipelines.api.stages: two stages are named "prod"'],
  ])('%s is refused, naming the field', (_, stages, message) => {
    const text = CONFIG.replace('stages: [api-dev, api-staging, api-prod]', stages).replace(
      '    stages: [solo, { name: eu-prod, app: eu }]',
      '    stages: [solo, api-staging]',
    );
    expect(fault(text)).toContain(message);
  });

  it('an app in two pipelines is refused', () => {
    expect(fault(CONFIG.replace('[solo, { name: eu-prod, app: eu }]', '[solo, api-prod]'))).toContain(
      'pipelines.regional.stages.1: "api-prod" is already a stage of pipeline "api"',
    );
  });
});
