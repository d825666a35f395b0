import { readFileSync } from "node:fs";
import { join } from "node:path";
import { cellText, readNotebook, type Notebook } from "../support/notebook";
import { HEADLESS_JUPYTER, ROOT, runNotebook } from "../support/run-notebook";
import { describeWithTools } from "../support/tools";

/**
 * The `aws` profile rehearsed locally: `GUARDRAILS_PROFILE=aws GUARDRAILS_TIME_SCALE=30 npm start`
 * runs the whole notebook at AWS's own timings (60-second alarms, minute metrics, 300-second canary
 * bakes, 120-second final bakes, standard endpoint configs) on an emulator clock 30 times faster,
 * to the fast profile's verdicts, its durations in the emulator's time and said so.
 */
describeWithTools([HEADLESS_JUPYTER], "the notebook at the aws profile's timings on a faster emulator clock", () => {
  let nb: Notebook;
  let stdout: string;

  beforeAll(async () => {
    const run = await runNotebook(join(ROOT, "notebooks", "guardrails.ipynb"), {
      extra: { GUARDRAILS_PROFILE: "aws", GUARDRAILS_TIME_SCALE: "30" },
    });
    stdout = run.stdout;
    nb = readNotebook(join(run.outDir, "guardrails.ipynb"));
    // The wall time and the deployments' durations, as figures (the target is at most 6 minutes of wall time).
    const durations = nb.cells
      .map(cellText)
      .join("\n")
      .match(/duration from UpdateEndpoint: [\d.]+ s \([^)]*\)/g);
    console.log(
      /Ran in [\d.]+ s\./.exec(stdout)?.[0],
      durations,
      readFileSync(join(run.outDir, "guardrails.html")).length,
    );
  }, 1_200_000);

  it("starts npm start's emulator on the faster clock", () => {
    expect(stdout).toMatch(
      /Emulator: started this run's own at http:\/\/127\.0\.0\.1:\d+ \(.*; emulator clock ×30\)\./,
    );
  });

  it("reaches the fast profile's verdicts: v2-1 promoted, v2-2 rolled back by its alarm, v2-3 promoted", () => {
    const text = nb.cells.map(cellText).join("\n");
    expect(text).toContain("✅ PROMOTED: weather-config-v2-1 is serving.");
    expect(text).toContain("↩️ ROLLED BACK: requested weather-config-v2-2, but weather-config-v2-1 is attached.");
    expect(text).toContain(
      "FailureReason: One or more configured alarm for automatic rollback deployment is in ALARM state: [TestAlarm-5XXErrors-weather-prediction-endpoint].",
    );
    expect(text).toContain("✅ PROMOTED: weather-config-v2-3 is serving.");
    // The aws profile's alarms: a 60-second period.
    expect(text).toMatch(
      /TestAlarm-5XXErrors-weather-prediction-endpoint\s+Invocation5XXErrors\s+Sum\s+60\s+GreaterThanOrEqualToThreshold 1/,
    );
  });

  it("times the promotions by AWS's bakes (300 s canary, 120 s final) in the emulator's seconds, and says so", () => {
    const text = nb.cells.map(cellText).join("\n");
    const durations = [...text.matchAll(/duration from UpdateEndpoint: ([\d.]+) s \(emulator clock ×30\)/g)].map((m) =>
      Number(m[1]),
    );
    expect(durations).toHaveLength(3);
    const [v21, , v23] = durations as [number, number, number];
    // Never shorter than AWS's bakes. How much longer depends on how busy the machine is – each real
    // second of lag is thirty on this clock – so the durations are printed above, not bounded.
    for (const promoted of [v21, v23]) expect(promoted).toBeGreaterThanOrEqual(420);
    expect(text).toContain("from UpdateEndpoint, emulator clock ×30)");
  });

  it("runs the shadow tests at the profile's size, with the same results as before", () => {
    const text = nb.cells.map(cellText).join("\n");
    for (const k of [1, 2, 3])
      expect(text).toContain(`weather-config-shadow-${k}: 300 requests, 0 production errors seen by the caller.`);
    expect(text).toContain("shadow accuracy n/a – all 300 requests failed · shadow errors 300");
    expect(text).toMatch(/shadow accuracy 79\.0 %/);
  });
});
