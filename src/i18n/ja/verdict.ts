import type { verdict as en } from '../en/verdict.js';
import type { Shape } from '../shape.js';

export const verdict: Shape<typeof en> = {
  metric: {
    noData: {
      canary: 'カナリアのデータがありません',
      stable: '安定版のデータがありません',
      both: 'カナリアと安定版のデータがありません',
    },
    tooFewPoints:
      '判定に必要な独立した点が足りません（カナリア {{canary}}、安定版 {{stable}}。それぞれ {{min}} 以上が必要です）',
    noDifference: '有意な差はありません',
    notBad: {
      high: 'カナリアのほうが高いですが、このメトリクスでは問題ありません',
      low: 'カナリアのほうが低いですが、このメトリクスでは問題ありません',
    },
    withinAllowance: {
      high: 'カナリアのほうが高いですが、許容比 {{allowed}} の範囲内です',
      low: 'カナリアのほうが低いですが、許容比 {{allowed}} の範囲内です',
    },
    significant: {
      high: 'カナリアのほうが有意に高くなっています（比 {{ratio}}）',
      low: 'カナリアのほうが有意に低くなっています（比 {{ratio}}）',
    },
  },
  overall: {
    noMetrics: '判定するメトリクスがありません',
    criticalFailed: '重要メトリクス {{metric}} が不合格です',
    mostlyNoData: '{{total}}個中{{missing}}個のメトリクスにデータがありません',
    weightless: 'メトリクスの重みがすべて0です',
    allPassed: 'すべてのメトリクスが合格しました',
    failed: '不合格: {{names}}',
    noData: 'データなし: {{names}}',
    separator: '; ',
  },
};
