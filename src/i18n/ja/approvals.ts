import type { approvals as en } from '../en/approvals.js';
import type { Shape } from '../shape.js';

export const approvals: Shape<typeof en> = {
  card: {
    request_one:
      ':raised_hand: <@{{requester}}> が {{environment}} で {{description}} を依頼しています。 `{{rule}}.from` の {{count}} 人の承認が必要です (依頼者本人は数えません)。',
    request_other:
      ':raised_hand: <@{{requester}}> が {{environment}} で {{description}} を依頼しています。 `{{rule}}.from` の {{count}} 人の承認が必要です (依頼者本人は数えません)。',
    noneYet: '{{min}} 人中 0 人',
    progress: '{{min}} 人中 {{count}} 人: {{who}}',
    open: '{{progress}} · 期限 {{expiresAt, datetime(dateStyle: medium; timeStyle: short)}} UTC',
    approved: ':white_check_mark: 承認されました ({{progress}})。変更を進めます。',
    rejected: ':no_entry_sign: <@{{by}}> が却下しました: {{reason}}',
    expired: ':hourglass: {{progress}} のまま期限切れになりました。何もコミットしていません。',
    approve: '承認',
    reject: '却下',
  },
  modal: {
    title: '変更を却下',
    submit: '却下',
    close: '閉じる',
    label: '理由 (スレッドに表示されます)',
    placeholder: '例: staging でまだ 5xx が増えている',
  },
  status: {
    awaiting_one: '{{count}} 人の承認待ち (スレッドを参照)',
    awaiting_other: '{{count}} 人の承認待ち (スレッドを参照)',
    rejected: '<@{{by}}> が却下: {{reason}}',
    expired: '期限切れ: 期限内に承認が揃わず、何もコミットしていません',
  },
  thread: {
    rejected:
      ':no_entry_sign: <@{{by}}> が {{description}} を却下しました: {{reason}}\n何もコミットしていません。対処してから依頼し直してください。',
    expired:
      ':hourglass: {{description}} の承認依頼は {{min}} 人中 {{count}} 人の承認で期限切れになりました。何もコミットしていません。必要なら依頼し直してください。',
  },
  approve: {
    counted: '承認しました ({{min}} 人中 {{count}} 人)。 {{description}} はあと {{left}} 人の承認を待ちます。',
    complete:
      '承認しました ({{min}} 人中 {{count}} 人)。 {{description}} を進めます。承認者全員がコミットの `Approved-by:` トレーラーに入ります。',
    duplicate: 'あなたの承認はすでに数えられています ({{min}} 人中 {{count}} 人)。',
  },
  reject: {
    done: '却下しました: {{description}} はコミットされません。',
  },
  refused: {
    self: {
      message: 'この変更の依頼者はあなたです。承認や却下は別の人が行います。',
      hint: '`{{rule}}.from` の人に依頼してください。',
    },
    forbidden: {
      message: '{{environment}} の変更を承認・却下できるのは `{{rule}}.from` の人だけです。',
    },
    expired: {
      message: 'この承認依頼は期限切れです。何もコミットしていません。',
      hint: '依頼者がもう一度依頼できます。',
    },
    rejected: {
      message: 'この依頼はすでに <@{{by}}> が却下しました。何もコミットされません。',
    },
    approved: {
      message: 'すでに承認され ({{who}})、コミットに回っています。告知メッセージを確認してください。',
    },
    unknown: {
      message: '承認依頼 `{{id}}` はありません (ずっと前に終わったのかもしれません)。',
    },
    noReason: {
      message: '却下には理由が必要です。',
      hint: '理由を書いてください。例: `/reject {{id}} "staging でまだ 5xx が増えている"`',
    },
  },
};
