import type { DeploymentConfig } from "@aws-sdk/client-sagemaker";
import type { StrategyFigures } from "../../../src/tasks/lab/comparison";
import { runTimeText, scalingFrame, scalingNote } from "../../../src/tasks/lab/scaling";
import { canaryConfig } from "../../../support/deployment-config";

const canary: DeploymentConfig = canaryConfig(67, { terminationWait: 67, alarms: ["a"] });

/** A canary's figures measured at AWS timings: rolled back 35 s after the first error with 12 failed, promoted in 140 s. */
const measured: StrategyFigures = {
  strategy: "canary: 1 instance",
  deploymentConfig: canary,
  faulty: {
    outcome: "rolled back",
    sent: 90,
    failed: 12,
    secondsFromFirstErrorToRollback: 35,
    deploymentSeconds: 80,
    peakInstances: 6,
    cloudWatch: { invocations: 12, errors5xx: 12 },
  },
  good: { outcome: "promoted", sent: 140, failed: 0, deploymentSeconds: 140, peakInstances: 6 },
  clock: "emulator clock ×30",
};

const awsTiming = { alarmPeriodSeconds: 60, decisionDelaySeconds: 3, requestsPerSecond: 1 };

describe("the formulas against the lab's measurements", () => {
  it("puts each measure beside its formula, with the difference measured − formula", () => {
    const frame = scalingFrame([measured], {
      instances: 3,
      lab: awsTiming,
      scaled: { ...awsTiming, bakeSeconds: 67 },
    });
    const row = Object.fromEntries(frame.columns.map((c, i) => [c, (frame.values[0] as unknown[])[i]]));
    // Detection: half a 60-second period plus 3 s = 33 s; failed: 1 request/s × a third × 33 s = 11.
    expect(row).toMatchObject({
      "failed: measured": 12,
      "failed: formula (lab)": 11,
      "failed: difference": 1,
      "detection (s): measured": 35,
      "detection (s): formula (lab)": 33,
      "detection (s): difference": 2,
      "promote (s): measured": 140,
      "promote (s): bakes (lab)": 134,
      "promote (s): difference": 6,
      "promote (s): bakes (scaled)": 134,
      "caught in first bake (scaled)": "yes",
    });
  });

  it("leaves the detection's difference blank where the faulty model was not rolled back", () => {
    const { secondsFromFirstErrorToRollback: _, ...promoted } = measured.faulty;
    const frame = scalingFrame([{ ...measured, faulty: { ...promoted, outcome: "promoted" } }], {
      instances: 3,
      lab: awsTiming,
      scaled: { ...awsTiming, bakeSeconds: 67 },
    });
    const row = Object.fromEntries(frame.columns.map((c, i) => [c, (frame.values[0] as unknown[])[i]]));
    expect([row["detection (s): measured"], row["detection (s): difference"]]).toEqual(["", ""]);
  });
});

describe("the scaling table's note", () => {
  it("on the aws profile, says the table is AWS's timings measured, and on which clock", () => {
    expect(
      scalingNote({ profileName: "aws", alarmPeriodSeconds: 60, bakeSeconds: 67, clock: "emulator clock ×30" }),
    ).toBe(
      "Measured at AWS timings (60-second alarms, 67 s bakes, the aws profile) on the emulator clock ×30: the differences are the formulas' error at AWS timings, and the scaled columns predict the same timings.",
    );
    expect(scalingNote({ profileName: "aws", alarmPeriodSeconds: 60, bakeSeconds: 67 })).toContain(
      "(60-second alarms, 67 s bakes, the aws profile) on AWS:",
    );
  });

  it("on another profile, says the scaled columns are predicted and how to measure them", () => {
    expect(scalingNote({ profileName: "fast", alarmPeriodSeconds: 10, bakeSeconds: 17 })).toBe(
      "Measured at the fast profile's timings (10-second alarms, 17 s bakes); the scaled columns are predicted. To measure them, run the lab with GUARDRAILS_PROFILE=aws on the local emulator's faster clock (GUARDRAILS_TIME_SCALE=30).",
    );
  });
});

describe("the lab's run time", () => {
  it("in real seconds, and on a faster clock the emulator's seconds they stand for, against the configured waits", () => {
    expect(runTimeText(450, 374)).toBe(
      "Lab run time 450 s of real time for 374 s of configured waits (the bakes of every deployment): 1.20 ×.",
    );
    expect(runTimeText(200, 4000, { scale: 30, label: "emulator clock ×30" })).toBe(
      "Lab run time 200 s of real time (6000 s on the emulator clock ×30) for 4000 s of configured waits (the bakes of every deployment): 1.50 ×.",
    );
  });
});
