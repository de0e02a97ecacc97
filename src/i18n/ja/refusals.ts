import type { refusals as en } from '../en/refusals.js';
import type { Shape } from '../shape.js';

export const refusals: Shape<typeof en> = {
  unknownApp: {
    message_zero: 'Kanaria の設定に {{name, quote}} というアプリはありません。',
    message_one:
      'Kanaria の設定に {{name, quote}} というアプリはありません。 {{suggestions, alternatives}} のことですか？',
    message_other:
      'Kanaria の設定に {{name, quote}} というアプリはありません。 {{suggestions, alternatives}} のことですか？',
    hint: '設定済みのアプリ: {{apps, words}}',
    hint_more: '設定済みのアプリ: {{apps, words}} ほか{{more}}件',
    hint_none: 'アプリがまだ設定されていません。kanaria.yaml の `apps:` に追加してください。',
  },
  forbidden: {
    deploy: {
      message: '{{environment}} へデプロイする権限がありません: {{rule}} にあなたが含まれていません。',
      hint: '$t(refusals.askPolicy)',
    },
    promote: {
      message: '{{environment}} で昇格する権限がありません: {{rule}} にあなたが含まれていません。',
      hint: '$t(refusals.askPolicy)',
    },
    deployUncovered: {
      message:
        '{{environment}} へデプロイする権限がありません: 環境 "{{environment}}" を対象とするポリシーがありません（policies.{{environment}} か policies.default を追加してください）。',
      hint: '$t(refusals.askPolicy)',
    },
    promoteUncovered: {
      message:
        '{{environment}} で昇格する権限がありません: 環境 "{{environment}}" を対象とするポリシーがありません（policies.{{environment}} か policies.default を追加してください）。',
      hint: '$t(refusals.askPolicy)',
    },
  },
  askPolicy: 'そこに含まれている人に依頼するか、Kanaria の管理者に kanaria.yaml のポリシーを変更してもらってください。',
  noClusterAccess: {
    sync: {
      message: 'Kanaria は Kubernetes API にアクセスできないため、Argo CD に同期を依頼できません。',
      hint: '$t(refusals.runInCluster)',
    },
    readRollout: {
      message: 'Kanaria は Kubernetes API にアクセスできないため、Rollout を読み取れません。',
      hint: '$t(refusals.runInCluster)',
    },
    readGpu: {
      message: 'Kanaria は Kubernetes API にアクセスできないため、GPU の容量を読み取れません。',
      hint: '$t(refusals.runInCluster)',
    },
  },
  runInCluster: 'クラスタ内で ServiceAccount を使って実行するか、KUBECONFIG を設定してください。',
  noUser: {
    message: 'Slack から送信者が伝えられなかったため、Kanaria は権限を確認できません。何もキューに入れていません。',
    hint: '$t(refusals.notFromSlack)',
  },
  noChannel: {
    message:
      'Slack から送信元のチャンネルが伝えられなかったため、Kanaria は返信先がありません。何もキューに入れていません。',
    hint: '$t(refusals.notFromSlack)',
  },
  notFromSlack:
    'Slack からもう一度お試しください。繰り返し起きる場合はプラットフォームチームに連絡してください: リクエストが Slack の送る形式で届いていません。',
};
