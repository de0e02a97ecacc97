import type { errorsGit as en } from '../en/errors-git.js';
import type { Shape } from '../shape.js';

export const errorsGit: Shape<typeof en> = {
  why: {
    said: '{{detail}}',
    silent: '応答がありません',
    killed: 'git が終了コード 0 以外で終了しました (シグナルで強制終了)',
    exited: 'git が終了コード 0 以外で終了しました (終了コード {{exitCode}})',
  },
  fetchFailed: {
    message: 'GitOps リモートから fetch できませんでした: $t(errorsGit.why.{{why}})',
    hint: 'Kanaria はバックオフしながら再試行します。解消しない場合は GITOPS_REPO_URL と Git の認証情報を確認してください。',
  },
  pushFailed: {
    message: 'GitOps リモートにプッシュできませんでした: $t(errorsGit.why.{{why}})',
    hint: 'Kanaria はバックオフしながら再試行します。解消しない場合は GITOPS_REPO_URL と Git の認証情報を確認してください。',
  },
  pushRaced: {
    message_one: 'GitOps ブランチ `{{branch}}` が更新され続けたため、プッシュが {{pushes}} 回拒否されました。',
    message_other: 'GitOps ブランチ `{{branch}}` が更新され続けたため、プッシュが {{pushes}} 回拒否されました。',
    hint: 'Kanaria はバックオフしながら再試行します。',
  },
  conflict: {
    message:
      'Kanaria がプッシュしている間に、ブランチ `{{branch}}` 上で {{files, quote}} の同じ行が変更されました。何もコミットしていません。',
    hint: '新しい状態を確認し (/history)、まだ必要ならコマンドをもう一度実行してください。',
  },
  conflictWithCommit: {
    message:
      'Kanaria がプッシュしている間に、ブランチ `{{branch}}` 上でコミット `{{commit}}` ({{author}}: 「{{subject}}」) が {{files, quote}} の同じ行を変更しました。何もコミットしていません。',
    hint: '新しい状態を確認し (/history)、まだ必要ならコマンドをもう一度実行してください。',
  },
  firstCommit: {
    message: '`{{commit}}` はリポジトリの最初のコミットです。これより前に戻る状態はありません。',
    hint: 'それより後のコミットをロールバックするか (`/history` を参照)、または `/deploy` で目的のバージョンを指定してください。',
  },
  revertConflict: {
    message: '`{{commit}}` のリバートが、同じ行へのその後の変更とコンフリクトします。',
    hint: '先にその後の変更をロールバックするか、/deploy で目的のバージョンを指定してください。',
  },
  path: {
    escapes: {
      message: 'マニフェストのパス `{{path}}` が GitOps リポジトリの外を指しています。',
      hint: 'kanaria.yaml にはリポジトリのルートからの相対パスを指定してください。',
    },
    missing: {
      message: '`{{path}}` は GitOps リポジトリのブランチ `{{branch}}` に存在しません。',
      hint: 'kanaria.yaml の apps.<app>.manifest を確認するか、誰かがファイルを移動していないか確認してください。',
    },
    symlink: {
      message: '`{{path}}` はシンボリックリンクです。Kanaria はリポジトリ内の通常のファイルだけを編集します。',
      hint: 'apps.<app>.manifest には実体のファイルを指定してください。',
    },
  },
};
