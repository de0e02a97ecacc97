import type { KnownBlock } from '@slack/types';
import type { Message } from '../domain/chat.js';
import type { Words } from '../i18n/index.js';
import type { BuildNoticeJob } from '../queues/builds.js';
import { context, section } from './gitops.js';

/** The Deploy button of a new build: it re-enters as `/deploy <app> <image>` as the presser (src/slack/actions.ts). */
export const DEPLOY_BUILD_ACTION = 'kanaria:deploy-build';

/** A URL as a Slack link target: the characters that would end the link or its label, percent-encoded. */
const linkTarget = (url: string): string =>
  url.replace(/[|<>]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);

/** "`llm-api` `ghcr.io/acme/llm-api:1.4.3` is built", its commit and link, and a Deploy to <stage> button. */
export function buildMessage(t: Words, build: BuildNoticeJob): Message {
  const text = `:package: ${t('webhook.built.text', { app: build.app, image: build.image })}`;
  const url = build.url !== undefined ? linkTarget(build.url) : undefined;
  const facts = [
    build.commit !== undefined &&
      (url !== undefined
        ? t('webhook.built.commitLinked', { commit: build.commit.slice(0, 12), url })
        : t('webhook.built.commit', { commit: build.commit.slice(0, 12) })),
    build.commit === undefined && url !== undefined && t('webhook.built.details', { url }),
  ].filter((fact): fact is string => typeof fact === 'string');
  const blocks: KnownBlock[] = [section(text)];
  if (facts.length > 0) blocks.push(context(facts.join(' · ')));
  blocks.push({
    type: 'actions',
    elements: [
      {
        type: 'button',
        action_id: DEPLOY_BUILD_ACTION,
        text: { type: 'plain_text', text: t('webhook.built.deploy', { stage: build.stage }) },
        style: 'primary',
        value: JSON.stringify({ app: build.app, image: build.image }),
      },
    ],
  });
  return { text, blocks };
}
