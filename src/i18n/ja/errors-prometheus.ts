import type { errorsPrometheus as en } from '../en/errors-prometheus.js';
import type { Shape } from '../shape.js';

export const errorsPrometheus: Shape<typeof en> = {
  rangeRejected: {
    message: 'Prometheus がクエリ `{{query}}` を受け付けませんでした: {{reason}}',
    hint: 'kanaria.yaml の apps.<app>.analysis のクエリを修正してください。',
  },
  instantRejected: {
    message: 'Prometheus がクエリ `{{query}}` を受け付けませんでした: {{reason}}',
    hint: 'kanaria.yaml のクエリと gpu 以下の設定を確認してください。',
  },
  tooManySeries: {
    message: 'クエリ `{{query}}` は 1 系列を返すべきところ、{{count}} 系列 ({{series}}) を返しています。',
    hint: 'sum(…) や sum by () (…) などで 1 系列に集約してください。',
  },
  notAVector: {
    message: 'クエリ `{{query}}` が instant vector ではなく {{resultType}} を返しています。',
  },
  unavailable: {
    message: '{{url}} の Prometheus が {{attempts}} 回試行しても応答しませんでした: {{reason}}',
  },
};
