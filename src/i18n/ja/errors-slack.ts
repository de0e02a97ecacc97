import type { errorsSlack as en } from '../en/errors-slack.js';
import type { Shape } from '../shape.js';

export const errorsSlack: Shape<typeof en> = {
  groupUnreadable: {
    message: 'ユーザーグループ {{group}} のメンバーを取得できなかったため ({{slackError}})、ポリシーを確認できません。',
    hint: 'Slack の管理者に Kanaria へ usergroups:read スコープを付与してもらってから、もう一度お試しください。',
  },
  groupUnanswered: {
    message: 'ユーザーグループ {{group}} のメンバーを取得できなかったため (応答なし)、ポリシーを確認できません。',
    hint: 'Slack の管理者に Kanaria へ usergroups:read スコープを付与してもらってから、もう一度お試しください。',
  },
};
