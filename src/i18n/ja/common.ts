import type { Shape } from '../shape.js';
import type { common as en } from '../en/common.js';

export const common: Shape<typeof en> = {
  elapsed: '{{seconds, duration}}',
  /** A compact duration: seconds under two minutes, else whole minutes (the reconcile timeout, an analysis window). */
  shortDuration: { seconds: '{{count}}秒', minutes: '{{count}}分' },
  /** The button that closes a confirmation without acting. */
  cancel: 'キャンセル',
  /** The last line of a list cut short. */
  andMore: '…ほか{{count}}件',
  /** Between the items of a list of plain words (not code spans: those are joined with ", ", see index.ts). */
  listSeparator: '、',
  /** Between choices offered as code spans (`{{names, alternatives}}`): "`a` or `b`". */
  or: ' または ',
  /** Units of `{{seconds, duration}}`. */
  duration: {
    day_one: '{{count}}日',
    day_other: '{{count}}日',
    hour_one: '{{count}}時間',
    hour_other: '{{count}}時間',
    minute_one: '{{count}}分',
    minute_other: '{{count}}分',
    second_one: '{{count}}秒',
    second_other: '{{count}}秒',
  },
};
