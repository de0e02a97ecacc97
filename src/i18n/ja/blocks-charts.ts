import type { charts as en } from '../en/blocks-charts.js';
import type { Shape } from '../shape.js';

/** グラフ画像の中の文言（タイトル、単位とタイムゾーン付きの軸、凡例）。 */
export const charts: Shape<typeof en> = {
  time: '時刻（{{zone}}）',
  analysis: {
    title: 'カナリアと安定版の比較: {{app}}',
    subtitle: '{{count}}個のメトリクス（パネルごとに個別の目盛り）',
    canary: 'カナリア',
    stable: '安定版',
    metric: '{{metric}}',
    metricUnit: '{{metric}}（{{unit}}）',
    more: '… ほか{{count}}個のメトリクスは省略',
  },
  budget: {
    title: 'エラーバジェット残り: {{slo}}（{{app}}）',
    axis: 'バジェット残り',
    left: 'バジェット残り',
    overspent: '超過',
  },
  gpu: {
    title: 'プロダクト・プールごとのGPU',
    axis: 'デバイス数（GPU。MIGスライスとタイムスライスのレプリカはその行で数える）',
    requested: '要求済み',
    free: '空き',
    unavailable: 'cordon済み/NotReadyのノード上で未使用',
    unhealthy: '異常',
    row: '{{product}} · {{pool}}',
    rowResource: '{{product}} · {{pool}} · {{resource}}',
    more: '… ほか{{count}}行は省略',
  },
};
