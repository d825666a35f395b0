/**
 * What alarm specs on a manual clock share: steps of the clock on CloudWatch's alarm schedule, and
 * the high-resolution datapoints (StorageResolution 1) a 10-second alarm needs, one per call, of a
 * metric with a `Service` dimension.
 */
import { PutMetricDataCommand, type CloudWatchClient } from "@aws-sdk/client-cloudwatch";
import type { ManualClock } from "../../../../src/emulator/clock";

export function alarmSchedule(clock: ManualClock, cloudwatch: () => CloudWatchClient, namespace: string) {
  return {
    /** Moves the clock to the start of the next minute and returns it: a test's time zero. */
    nextMinute: (): number => {
      const start = Math.ceil((clock.now() + 1) / 60_000) * 60_000;
      clock.advance(start - clock.now());
      return start;
    },
    /** Advances the clock to `zero + s` seconds. */
    until: (zero: number, s: number) => clock.advance(zero + s * 1000 - clock.now()),
    put: (metric: string, service: string, zero: number, s: number, Value: number) =>
      cloudwatch().send(
        new PutMetricDataCommand({
          Namespace: namespace,
          MetricData: [
            {
              MetricName: metric,
              Dimensions: [{ Name: "Service", Value: service }],
              Timestamp: new Date(zero + s * 1000),
              Value,
              StorageResolution: 1,
            },
          ],
        }),
      ),
  };
}
