import type { cli as en } from '../en/cli.js';
import type { Shape } from '../shape.js';

export const cli: Shape<typeof en> = {
  usage: '使い方: {{command}}',
  gpuReport: {
    badFile: '{{file}}: {{problem}} ({{expected}})',
    expected: '`kubectl get {{kinds}} -o json` の JSON が必要です',
    swapped: '。--nodes と --pods を逆に指定していませんか?',
    notAList: '{{kinds}} のリストではありません',
    otherList: '{{listKind}} です。{{kind}} のリストではありません',
    notAnObject: '{{item}} 番目の要素がオブジェクトではありません',
    noKind: '{{item}} 番目の要素に kind がありません',
    otherKind: '{{item}} 番目の要素は {{found}} です。{{kind}} ではありません',
    noPods: '--pods が指定されていません: 要求された GPU 数と Pending の Pod は不明です。',
    noPodsNote: '--pods が指定されていません: 要求された GPU 数と Pending の Pod は不明です',
  },
  input: {
    root: '(ルート)',
    fault: '{{path}}: {{problem}}',
    faultSeparator: '、',
  },
  verdict: {
    help: `記録されたカナリアを stable と比較して Kanaria の分析と同じように判定し、判定結果を 1 行の JSON で出力します。
<file.json> (標準入力なら -):
  {"metrics":[{"name","direction":"increase|decrease|either","critical","weight","allowedIncrease",
    "allowedDecrease","canary":[[ts,value],…],"stable":[[ts,value],…]}],
   "options":{"confidence","tolerance","passScore","marginalScore"}}

終了コード:
  0   判定は pass
  1   判定は fail
  2   判定は inconclusive (データ不足、または fail ではないが passScore に満たないスコア)
  64  入力が不正: 使い方の誤り、読めないファイル、JSON でない、または上記の形でない (標準出力には何も出しません)
`,
    tooManyFiles_one: 'ファイルが {{count}} 個指定されました: 判定は一度に 1 ファイルだけ読みます',
    tooManyFiles_other: 'ファイルが {{count}} 個指定されました: 判定は一度に 1 ファイルだけ読みます',
  },
  slo: {
    help: `SLO のエラーバジェットを Kanaria のゲートや /slo と同じ計算でオフラインに求め、1 行の JSON で出力します。
<file.json> (標準入力なら -):
  {"objective":99.9,"windowDays":30,"now":<unix 秒>,
   "requests":[[ts,counter],…],"errors":[[ts,counter],…]}
  カウンターは Prometheus がスクレイプするとおりの累積値です。リセットは increase() と同じように扱います。
  windowDays が 28 未満なら 30 日のウィンドウを早回ししたものとみなし、各バーンレートのウィンドウも同じ比率で縮めます。

出力: {"budgetRemaining","burnRates":{"5m","30m","1h","2h","6h","1d","3d"},"alerts":[…],"exhaustsAt"}
  (null: そのウィンドウのデータなし。exhaustsAt の null: 消費なし、またはデータなし)

終了コード:
  0   計算できた
  64  入力が不正: 使い方の誤り、読めないファイル、JSON でない、または上記の形でない (標準出力には何も出しません)
`,
    tooManyFiles_one: 'ファイルが {{count}} 個指定されました: 計算は一度に 1 ファイルだけ読みます',
    tooManyFiles_other: 'ファイルが {{count}} 個指定されました: 計算は一度に 1 ファイルだけ読みます',
    unsorted: 'タイムスタンプはサンプルごとに増えていく必要があります',
  },
};
