import type { Locale } from '../domain/locale.js';

/*
 * How numbers and times read in a chart, per language: d3-format / d3-time-format locale definitions that Vega's
 * View takes (`locale: { number, time }`), and the time axis' labels by granularity (Vega's multi-format), in
 * 24-hour time for everyone: a chart is read beside logs, which are in 24-hour time.
 */

export interface NumberLocale {
  readonly decimal: string;
  readonly thousands: string;
  readonly grouping: readonly number[];
  readonly currency: readonly [string, string];
}

export interface TimeLocale {
  readonly dateTime: string;
  readonly date: string;
  readonly time: string;
  readonly periods: readonly [string, string];
  readonly days: readonly string[];
  readonly shortDays: readonly string[];
  readonly months: readonly string[];
  readonly shortMonths: readonly string[];
}

const MONTHS_JA = Array.from({ length: 12 }, (_, i) => `${i + 1}月`);

export const NUMBER_LOCALES: Readonly<Record<Locale, NumberLocale>> = {
  en: { decimal: '.', thousands: ',', grouping: [3], currency: ['$', ''] },
  ja: { decimal: '.', thousands: ',', grouping: [3], currency: ['', '円'] },
};

export const TIME_LOCALES: Readonly<Record<Locale, TimeLocale>> = {
  en: {
    dateTime: '%a %b %e %X %Y',
    date: '%m/%d/%Y',
    time: '%H:%M:%S',
    periods: ['AM', 'PM'],
    days: ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'],
    shortDays: ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'],
    months: [
      'January',
      'February',
      'March',
      'April',
      'May',
      'June',
      'July',
      'August',
      'September',
      'October',
      'November',
      'December',
    ],
    shortMonths: ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'],
  },
  ja: {
    dateTime: '%Y/%m/%d %a %X',
    date: '%Y/%m/%d',
    time: '%H:%M:%S',
    periods: ['午前', '午後'],
    days: ['日曜日', '月曜日', '火曜日', '水曜日', '木曜日', '金曜日', '土曜日'],
    shortDays: ['日', '月', '火', '水', '木', '金', '土'],
    months: MONTHS_JA,
    shortMonths: MONTHS_JA,
  },
};

/** A time axis' label format by the ticks' granularity (Vega's multi-format object). */
export type TimeAxisFormat = Readonly<
  Record<'year' | 'quarter' | 'month' | 'week' | 'date' | 'hours' | 'minutes' | 'seconds', string>
>;

/** Days as "Nov 5" ("11月5日") whatever the tick (week and month starts too); a year's start as the year. */
export const TIME_AXIS_FORMATS: Readonly<Record<Locale, TimeAxisFormat>> = {
  en: {
    year: '%Y',
    quarter: '%b %-d',
    month: '%b %-d',
    week: '%b %-d',
    date: '%b %-d',
    hours: '%H:%M',
    minutes: '%H:%M',
    seconds: '%H:%M:%S',
  },
  ja: {
    year: '%Y年',
    quarter: '%-m月%-d日',
    month: '%-m月%-d日',
    week: '%-m月%-d日',
    date: '%-m月%-d日',
    hours: '%H:%M',
    minutes: '%H:%M',
    seconds: '%H:%M:%S',
  },
};
