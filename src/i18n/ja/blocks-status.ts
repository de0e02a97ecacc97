import type { status as en } from '../en/blocks-status.js';
import type { Shape } from '../shape.js';

export const status: Shape<typeof en> = {
  autoSync: '自動同期',
  sync: '同期: *{{status}}*',
  syncAt: '同期: *{{status}}*（リビジョン `{{sha}}` ）',
  against: {
    head: 'Gitの最新コミットと同じです',
    includes: 'アプリの最新の変更を含みます（Gitの最新コミット `{{head}}` は他のアプリだけの変更です）',
    behind: '*遅れています*: アプリの最新の変更 `{{last}}` が含まれていません（Gitの最新コミットは `{{head}}` ）',
    unknown: 'Gitの最新コミットは `{{head}}` です',
  },
  health: 'ヘルス:',
  operationPending: 'オペレーション: 要求済み、未完了',
  operationPendingTo: 'オペレーション: `{{sha}}` への同期を要求済み、未完了',
  lastOperation: '直近のオペレーション: *{{phase}}*',
  lastOperationAt: '直近のオペレーション: *{{phase}}*（リビジョン `{{sha}}` ）',
  notConfigured: 'Argo CD Applicationが設定されていません（kanaria.yamlの apps.&lt;app&gt;.argocd ）',
  gitHead: 'Gitの最新コミット: `{{sha}}`',
  lastChange: '最新の変更: `{{sha}}` {{subject}} ({{who}})',
  inFlight: 'このアプリへのKanariaの変更を反映しています。',
};
