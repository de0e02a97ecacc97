import type { terminal as en } from '../en/terminal.js';
import type { Shape } from '../shape.js';

export const terminal: Shape<typeof en> = {
  pressHint: '(番号を入力すると押せます)',
  onlyYou: '(あなただけに表示)',
  upload: '{{title}} ({{bytes}} バイト、{{kind}})',
  uploadKind: 'ファイル',
  lineCut:
    ':x: この行は {{length}} 文字あります。Kanaria の出力がリダイレクトされているときに端末が渡せる上限なので、おそらく途中で切れており、実行していません。出力を端末に向けて Kanaria を実行するか、コマンドをファイルからパイプで渡してください。',
  noButton: 'ボタン [{{number}}] はありません。',
  confirm: '{{question}} 「{{action}}」するには "yes" と入力してください:',
  cancelled: 'キャンセルしました。',
  typeCommand: '`/kanaria help` のようなスラッシュコマンド、ボタンの番号、または `exit` を入力してください。',
  error: 'エラー: {{error}}',
};
