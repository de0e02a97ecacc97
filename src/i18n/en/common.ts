/** Words shared by every part of Kanaria. */
export const common = {
  elapsed: '{{seconds, duration}}',
  /** A compact duration: seconds under two minutes, else whole minutes (the reconcile timeout, an analysis window). */
  shortDuration: { seconds: '{{count}} s', minutes: '{{count}} min' },
  /** The button that closes a confirmation without acting. */
  cancel: 'Cancel',
  /** The last line of a list cut short. */
  andMore: '… and {{count}} more',
  /** Between the items of a list of plain words (not code spans: those are joined with ", ", see index.ts). */
  listSeparator: ', ',
  /** Between choices offered as code spans (`{{names, alternatives}}`): "`a` or `b`". */
  or: ' or ',
  /** Units of `{{seconds, duration}}`. */
  duration: {
    day_one: '{{count}} day',
    day_other: '{{count}} days',
    hour_one: '{{count}} hr',
    hour_other: '{{count}} hr',
    minute_one: '{{count}} min',
    minute_other: '{{count}} min',
    second_one: '{{count}} sec',
    second_other: '{{count}} sec',
  },
};
