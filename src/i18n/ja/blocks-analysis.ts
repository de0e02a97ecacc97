import type { analysis as en } from '../en/blocks-analysis.js';
import type { Shape } from '../shape.js';

export const analysis: Shape<typeof en> = {
  verdict: { pass: '合格', fail: '不合格', inconclusive: '判定保留' },
  title: '`{{app}}` のカナリア分析: {{verdict}} · スコア {{score}}',
  titleRevision: '`{{app}}` のカナリア分析（リビジョン {{revision}}）: {{verdict}} · スコア {{score}}',
  window: '直近{{window}}、{{step}}秒刻み',
  critical: '（重要）',
  noVerdict: '判定なし',
  metric:
    'カナリア {{canary}} / 安定版 {{stable}}（中央値）、比 {{ratio}}、シフト {{shift}} [{{lower}}, {{upper}}]、p値 {{p}}、{{sample}}',
  points: '{{canary}}/{{stable}}点',
  pointsInBlocks: '{{canary}}/{{stable}}点（{{size}}点ごとのブロック）',
  moreMetrics: '…ほか{{count}}件のメトリクス',
  chart: '{{app}}: カナリアと安定版の比較',
};
