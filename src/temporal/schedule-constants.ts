/**
 * The analysis schedule's id and the days a weekly spec takes: plain values, apart from schedule.ts, so
 * that `kronos schedule` can declare and check its options without loading the Temporal client.
 */
import type { DayOfWeek } from '@temporalio/client';

export const ANALYSIS_SCHEDULE_ID = 'kronos-weekly-analysis';

/** The schedule of the black-swan watcher (src/temporal/black-swan-watch-schedule.ts). */
export const BLACK_SWAN_WATCH_SCHEDULE_ID = 'kronos-black-swan-watch';

/** The client's DAYS_OF_WEEK, in its order (a unit test compares them). */
export const DAYS_OF_WEEK = ['SUNDAY', 'MONDAY', 'TUESDAY', 'WEDNESDAY', 'THURSDAY', 'FRIDAY', 'SATURDAY'] as const satisfies readonly DayOfWeek[];
