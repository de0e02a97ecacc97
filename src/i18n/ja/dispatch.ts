import type { dispatch as en } from '../en/dispatch.js';
import type { Shape } from '../shape.js';

export const dispatch: Shape<typeof en> = {
  unknownCommand: {
    message: 'Kanaria に {{command, quote}} というコマンドはありません。',
    hint: '$t(dispatch.seeHelp)',
  },
  unknownCommandNear: {
    message: 'Kanaria に {{command, quote}} というコマンドはありません。 `/{{suggestion}}` のことですか？',
    hint: '$t(dispatch.seeHelp)',
  },
  seeHelp: '一覧は `/kanaria help` で表示できます。',
  refusal: ':x: {{message}}',
  refusalWithHint: ':x: {{message}}\n{{hint}}',
  internalError:
    ':warning: Kanaria の内部でエラーが起きたため、何もキューに入れていません（参照番号 `{{reference}}` ）。もう一度お試しください。解決しない場合はプラットフォームチームに連絡してください。',
  buttonUnsupported: ':x: このボタンは Kanaria でもうサポートされていません。',
  buttonUnreadable: ':x: このボタンのデータを Kanaria が読み取れません。スラッシュコマンドを使ってください。',
  queued: 'キューに入れました: {{summary}}',
  dryRun: '{{summary}} のドライラン: 差分をここに表示します。何もコミットしません。',
  alreadyReceived: 'このリクエストは受付済みで、Kanaria が処理しています（{{summary}}）。',
};
