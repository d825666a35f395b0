/**
 * How CloudWatch reads the StartTime and EndTime of GetMetricStatistics and GetMetricData (API
 * reference): milliseconds are ignored, and StartTime is rounded down – to the 5, 10, 20 or 30-second
 * division of a minute for those periods (to the second for a period of 1), to the minute when it is
 * less than 15 days ago, to 5 minutes between 15 and 63 days ago, and to the hour beyond.
 */
const DAY_MS = 86_400_000;

/** `date` without its milliseconds. */
export const wholeSeconds = (date: Date) => Math.floor(date.getTime() / 1000) * 1000;

/** StartTime (whole seconds) as CloudWatch rounds it for a query of `periodS` made at `now`. */
export function roundedStart(startMs: number, periodS: number, now: number): number {
  const age = now - startMs;
  const stepS = age > 63 * DAY_MS ? 3600 : age > 15 * DAY_MS ? 300 : periodS < 60 ? periodS : 60;
  return Math.floor(startMs / 1000 / stepS) * stepS * 1000;
}
