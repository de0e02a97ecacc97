import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deployment, startHarness, type Harness } from '../helpers/harness.js';
import { FakeSocketMode } from '../helpers/fake-socket-mode.js';

const CONFIG = `
apps:
  web: { environment: staging, manifest: apps/web/deployment.yaml, container: web }
policies:
  default: { deploy: ["*"] }
`;
const WEB = deployment('web', 'nginx:1.25.0');

describe('Socket Mode (SLACK_APP_TOKEN): the same command path over a WebSocket', () => {
  const socket = new FakeSocketMode();
  let h: Harness;
  beforeAll(async () => {
    const url = await socket.start();
    h = await startHarness({
      files: { 'apps/web/deployment.yaml': WEB },
      config: CONFIG,
      kanaria: { port: undefined },
      beforeStart: (slack) => (slack.socketUrl = url),
      socketMode: true,
    });
  });
  afterAll(async () => {
    await h?.stop();
    await socket.stop();
  });

  it('acks a /deploy envelope with the reply and commits the change', async () => {
    const ack = await socket.slashCommand({
      command: '/deploy',
      text: 'web nginx:1.27.0',
      user_id: 'U0ANA',
      user_name: 'ana',
      channel_id: 'C0DEPLOYS',
      team_id: 'T0001',
      trigger_id: '555.666.socket',
      response_url: h.slack.responseUrl('socket'),
      api_app_id: 'A0KANARIA',
    });
    expect(ack).toMatchObject({ response_type: 'ephemeral', text: 'Queued: deploy `web` → `nginx:1.27.0`.' });
    await h.slack.waitFor((calls) =>
      calls.find((c) => c.method === 'chat.postMessage' && String(c.body['text']).startsWith('Pushed')),
    );
    expect(h.remote.show('apps/web/deployment.yaml')).toBe(
      WEB.replace('image: nginx:1.25.0 #', 'image: nginx:1.27.0 #'),
    );
    expect(h.remote.log()[0]?.author).toBe('Ana Lima <ana@example.com>');
  });

  it('answers bad input in the ack, privately', async () => {
    const ack = await socket.slashCommand({
      command: '/scale',
      text: 'web -1',
      user_id: 'U0ANA',
      channel_id: 'C0DEPLOYS',
      trigger_id: '555.667.socket',
      response_url: h.slack.responseUrl('socket2'),
    });
    expect(ack).toMatchObject({
      response_type: 'ephemeral',
      text: expect.stringMatching(/^:x: `-1` is not a valid replica count/),
    });
  });
});
