import { WebClient } from '@slack/web-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SlackChat } from '../../src/adapters/slack.js';
import { analysisChartSpec, chartTitle } from '../../src/blocks/chart.js';
import { renderChart, renderSvg } from '../../src/charts/render.js';
import { wordsFor } from '../../src/i18n/index.js';
import { FakeSlack } from '../helpers/fake-slack.js';
import { decode } from '../helpers/png.js';
import { sizeOf } from '../helpers/svg.js';

describe('SlackChat.upload: a chart shared in a thread through files.uploadV2', () => {
  const slack = new FakeSlack();
  let chat: SlackChat;
  beforeAll(async () => {
    await slack.start();
    // As createSlackAdapters (src/adapters/slack.ts) builds it, without retries so that a failure shows at once.
    chat = new SlackChat(new WebClient('xoxb-test', { slackApiUrl: slack.apiUrl, retryConfig: { retries: 0 } }));
  });
  afterAll(() => slack.stop());

  it('asks for an upload URL, posts the PNG there and completes the upload into the thread', async () => {
    const minutes = Array.from({ length: 31 }, (_, m) => 1_700_000_000 + 60 * m);
    const spec = analysisChartSpec(wordsFor('en'), {
      app: 'shop',
      panels: [
        {
          name: 'error rate',
          canary: minutes.map((t, m) => [t, 0.02 + m / 1000] as const),
          stable: minutes.map((t) => [t, 0.01] as const),
        },
        {
          name: 'p99 latency',
          canary: minutes.map((t, m) => [t, 120 + (m % 5)] as const),
          stable: minutes.map((t, m) => [t, 110 + (m % 3)] as const),
        },
      ],
    });
    const png = await renderChart(spec, { locale: 'en' });
    const posted = await chat.post('C0DEPLOYS', { text: chartTitle(wordsFor('en'), 'shop') });

    await chat.upload(
      'C0DEPLOYS',
      { filename: 'shop-canary.png', title: 'Canary `shop`: error rate, p99 latency', data: png },
      posted.ts,
    );

    const methods = slack.calls.map((c) => c.method).filter((m) => /^(files\.|upload:)/.test(m));
    expect(methods).toEqual(['files.getUploadURLExternal', 'upload:1', 'files.completeUploadExternal']);
    expect(slack.callsTo('files.getUploadURLExternal')[0]?.body).toMatchObject({
      filename: 'shop-canary.png',
      length: String(png.length),
    });
    expect(slack.callsTo('upload:1')[0]?.body).toEqual({ length: png.length });
    expect(slack.callsTo('files.completeUploadExternal')[0]?.body).toMatchObject({
      channel_id: 'C0DEPLOYS',
      thread_ts: posted.ts,
      files: [{ id: 'F1', title: 'Canary `shop`: error rate, p99 latency' }],
    });

    const stored = slack.uploads.get('1');
    expect(stored?.equals(png)).toBe(true);
    const image = decode(stored ?? Buffer.alloc(0));
    const { width, height } = sizeOf(await renderSvg(spec, { locale: 'en' }));
    expect([image.width, image.height]).toEqual([Math.ceil(2 * width), Math.ceil(2 * height)]);
  });

  it('shares in the channel itself without a thread', async () => {
    const since = slack.calls.length;
    const empty = await renderChart(analysisChartSpec(wordsFor('en'), { app: 'shop', panels: [] }), { locale: 'en' });
    await chat.upload('C0DEPLOYS', { filename: 'empty.png', title: 'Nothing yet', data: empty });
    const complete = slack.calls.slice(since).find((c) => c.method === 'files.completeUploadExternal');
    expect(complete?.body).toMatchObject({ channel_id: 'C0DEPLOYS', files: [{ id: 'F2', title: 'Nothing yet' }] });
    expect(complete?.body).not.toHaveProperty('thread_ts');
  });

  it('fails when Slack refuses the upload', async () => {
    slack.failures['files.getUploadURLExternal'] = 'not_allowed_token_type';
    try {
      const empty = await renderChart(analysisChartSpec(wordsFor('en'), { app: 'shop', panels: [] }), { locale: 'en' });
      await expect(chat.upload('C0DEPLOYS', { filename: 'x.png', title: 'x', data: empty })).rejects.toThrow(
        /not_allowed_token_type/,
      );
    } finally {
      delete slack.failures['files.getUploadURLExternal'];
    }
  });
});
