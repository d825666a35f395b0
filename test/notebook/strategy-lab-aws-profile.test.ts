import { join } from "node:path";
import { cellsTagged, cellText, htmlOutputs, readNotebook, tableWith, type Notebook } from "../support/notebook";
import { HEADLESS_JUPYTER, ROOT, runNotebook } from "../support/run-notebook";
import { describeWithTools } from "../support/tools";

const ALARM = "TestAlarm-5XXErrors-strategy-lab-endpoint";
const STRATEGIES = ["all-at-once", "canary-count", "canary-percent", "linear", "rolling"];

/**
 * The strategy lab at AWS's timings, measured: `GUARDRAILS_PROFILE=aws GUARDRAILS_TIME_SCALE=30
 * npm run lab:strategies`'s runner runs every strategy with 60-second alarms, minute metrics and
 * 67-second bakes on an emulator clock 30 times faster, and the scaling table sets those
 * measurements beside the formulas' prediction at the same timings, with the difference.
 */
describeWithTools(
  [HEADLESS_JUPYTER],
  "the strategy lab at the aws profile's timings on a faster emulator clock",
  () => {
    let nb: Notebook;
    let stdout: string;
    const text = (tag: string): string => cellsTagged(nb, tag).map(cellText).join("\n");

    beforeAll(async () => {
      const run = await runNotebook(join(ROOT, "notebooks", "strategy-lab.ipynb"), {
        extra: { GUARDRAILS_PROFILE: "aws", GUARDRAILS_TIME_SCALE: "30" },
      });
      stdout = run.stdout;
      nb = readNotebook(join(run.outDir, "strategy-lab.ipynb"));
      // The measured table and the run time, as figures (not asserted on: they depend on timing).
      const scaling = tableWith(nb, "detection (s): difference");
      console.log(
        scaling
          .map((r) =>
            Object.entries(r)
              .map(([k, v]) => `${k}: ${v}`)
              .join(" | "),
          )
          .join("\n"),
      );
      console.log(text("lab-scaling").match(/Lab run time.*/)?.[0], "\n", stdout.match(/Ran in .*/)?.[0]);
      console.log(text("lab-cleanup").match(/Strategy lab done.*/)?.[0]);
    }, 1_200_000);

    it("runs on the aws profile's timings on the emulator clock ×30, and says so", () => {
      expect(stdout).toMatch(
        /Emulator: started this run's own at http:\/\/127\.0\.0\.1:\d+ \(.*; emulator clock ×30\)\./,
      );
      expect(text("lab-setup")).toContain(
        "profile aws: alarm period 60 s, bake 67 s, 1 requests/s; emulator clock ×30.",
      );
    });

    it("rolls every faulty deployment back on the 5XX alarm and promotes every good one, as on the fast profile", () => {
      const t = text("lab-strategy");
      for (const key of STRATEGIES) {
        expect(t).toContain(`↩️ ROLLED BACK: requested strategy-lab-${key}-faulty, but strategy-lab-v1 is attached.`);
        expect(t).toContain(`✅ PROMOTED: strategy-lab-${key}-good is serving.`);
      }
      const reasons = STRATEGIES.map(
        (key) =>
          new RegExp(`ROLLED BACK: requested strategy-lab-${key}-faulty[\\s\\S]*?FailureReason: (.*)`).exec(t)?.[1],
      );
      expect(reasons).toEqual(
        STRATEGIES.map(
          () => `One or more configured alarm for automatic rollback deployment is in ALARM state: [${ALARM}].`,
        ),
      );
    });

    it("sets the measurements at AWS timings beside the formulas' prediction, with the difference", () => {
      const rows = tableWith(nb, "detection (s): difference");
      expect(rows.map((r) => r.strategy)).toEqual([
        "all at once",
        "canary: 1 instance",
        "canary: 50 %",
        "linear: 3 steps",
        "rolling: batch of 1",
      ]);
      for (const r of rows) {
        for (const [measured, formula, difference] of [
          ["failed: measured", "failed: formula (lab)", "failed: difference"],
          ["detection (s): measured", "detection (s): formula (lab)", "detection (s): difference"],
          ["promote (s): measured", "promote (s): bakes (lab)", "promote (s): difference"],
        ] as const)
          expect(Number(r[difference]), `${r.strategy}: ${difference}`).toBeCloseTo(
            Number(r[measured]) - Number(r[formula]),
            1,
          );
        // At AWS timings the scaled columns are the lab's own: 60-second alarms and 67-second bakes.
        expect(r["promote (s): bakes (scaled)"]).toBe(r["promote (s): bakes (lab)"]);
        expect(r["caught in first bake (scaled)"]).toBe("yes");
      }
      expect(text("lab-scaling")).toContain(
        "Measured at AWS timings (60-second alarms, 67 s bakes, the aws profile) on the emulator clock ×30:",
      );
      expect(text("lab-scaling")).toMatch(/Lab run time \d+ s of real time \(\d+ s on the emulator clock ×30\)/);
      expect(text("lab-cleanup")).toMatch(/Strategy lab done: \d+ s of real time on the emulator clock ×30\./);
    });

    it("says which clock the comparison's seconds and the charts' axes are on", () => {
      expect(text("lab-comparison")).toContain(
        "Seconds are the emulator clock ×30's (the runs' own time, not real time).",
      );
      const charts = htmlOutputs(nb).join("\n");
      expect(charts).toContain("good model: time to promote (s, emulator clock ×30)");
      expect(charts).toContain("seconds since UpdateEndpoint (emulator clock ×30)");
    });
  },
);
