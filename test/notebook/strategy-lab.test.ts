import { readFileSync } from "node:fs";
import { join } from "node:path";
import { CHROMIUM, launchChromium, onlyFiles, watchedPage } from "../support/browser";
import { cellsTagged, cellText, readNotebook, tableWith, type Notebook } from "../support/notebook";
import { HEADLESS_JUPYTER, type NotebookRun } from "../support/run-notebook";
import { sharedRun } from "../support/shared-run";
import { describeWithTools } from "../support/tools";

const ALARM = "TestAlarm-5XXErrors-strategy-lab-endpoint";
const STRATEGIES = ["all-at-once", "canary-count", "canary-percent", "linear", "rolling"];
describeWithTools([HEADLESS_JUPYTER, CHROMIUM], "the strategy lab, end to end on the local emulator", () => {
  let run: NotebookRun;
  let nb: Notebook;
  let table: Array<Record<string, string>>;
  const text = (tag: string): string => cellsTagged(nb, tag).map(cellText).join("\n");

  beforeAll(async () => {
    run = await sharedRun("strategy-lab.ipynb");
    nb = readNotebook(join(run.outDir, "strategy-lab.ipynb"));
    table = tableWith(nb, "CloudWatch (new fleet)");
    // Figures of this run, for the record (not asserted on: they depend on timing).
    console.log(table.map((r) => Object.values(r).join(" | ")).join("\n"));
    console.log(text("lab-scaling").match(/Lab run time.*/)?.[0], "\n", run.stdout.match(/Ran in .*/)?.[0]);
  }, 900_000);

  it("rolls every faulty deployment back on the 5XX alarm, with the exact FailureReason", () => {
    const t = text("lab-strategy");
    for (const key of STRATEGIES)
      expect(t).toContain(`↩️ ROLLED BACK: requested strategy-lab-${key}-faulty, but strategy-lab-v1 is attached.`);
    const reason = `FailureReason: One or more configured alarm for automatic rollback deployment is in ALARM state: [${ALARM}].`;
    expect(
      t
        .match(/↩️ ROLLED BACK[^\n]*\n[^\n]*\n[^\n]*\n\s*FailureReason: [^\n]*/g)
        ?.map((v) => v.split("\n").at(-1)?.trim()),
    ).toEqual(STRATEGIES.map(() => reason));
    expect(table.map((r) => r["outcomes (faulty / good)"])).toEqual(STRATEGIES.map(() => "rolled back / promoted"));
  });

  it("promotes every good deployment, without an error", () => {
    const t = text("lab-strategy");
    for (const key of STRATEGIES) expect(t).toContain(`✅ PROMOTED: strategy-lab-${key}-good is serving.`);
    // On failure, the verdicts' traffic lines say what the failed requests were.
    const trafficLines = t.split("\n").filter((line) => line.includes(" errors ["));
    expect(
      table.map((r) => [r["outcomes (faulty / good)"], r["good: errors"]]),
      trafficLines.join("\n"),
    ).toEqual(STRATEGIES.map(() => ["rolled back / promoted", "0"]));
  });

  it("counts the blast radius as CloudWatch counts the faulty fleet, and as each verdict's own traffic record", () => {
    const verdictErrors = [
      ...text("lab-strategy").matchAll(/↩️ ROLLED BACK[^\n]*\n[^\n]*\n[^\n]*traffic: \d+ sent, \d+ ok, (\d+) errors/g),
    ].map((m) => m[1]);
    expect(verdictErrors).toHaveLength(STRATEGIES.length);
    expect(table.map((r) => r["failed requests"])).toEqual(verdictErrors);
    for (const r of table) {
      expect(Number(r["failed requests"])).toBeGreaterThan(0);
      // CloudWatch's 5XX and invocations of the faulty fleet both equal the client's count: the faulty model
      // fails every request it answers.
      expect(r["CloudWatch (new fleet)"], r.strategy).toBe("agrees (5XX = invocations)");
    }
  });

  it("peaks at twice the fleet for blue/green and at most one batch more for rolling", () => {
    const peaks = table.map((r) => [r.strategy, Number(r["peak instances"])] as const);
    expect(peaks.slice(0, 4).map(([, n]) => n)).toEqual([6, 6, 6, 6]);
    const rolling = peaks[4]?.[1] ?? 0;
    expect(rolling).toBeGreaterThan(3);
    expect(rolling).toBeLessThanOrEqual(3 + 1);
  });

  describe("alarm design", () => {
    const DESIGNS = [
      "Sum ≥ 1, both fleets",
      "rate ≥ 3 %, both fleets",
      "rate ≥ 3 %, new fleet",
      "rate ≥ 3 %, new fleet, 2 of 3",
      "rate ≥ 3 % or latency ≥ 100 ms, new fleet",
    ];
    let designs: Array<Record<string, string>>;
    const row = (design: string): Record<string, string> => designs.find((r) => r["alarm design"] === design) ?? {};
    beforeAll(() => {
      designs = tableWith(nb, "alarm design");
      console.log(designs.map((r) => Object.values(r).join(" | ")).join("\n"));
      console.log(
        text("lab-alarm-design")
          .match(/(Recommended.*|Alarm design: .*)/g)
          ?.join("\n"),
      );
    });

    it("rehearses every design against the flaky, the slow and the good-over-noisy model", () => {
      expect(designs.map((r) => r["alarm design"])).toEqual(DESIGNS);
      const t = text("lab-alarm-design");
      for (const key of ["sum", "rate-both", "rate-new", "rate-new-2of3", "rate-latency-new"])
        for (const model of ["flaky", "slow", "good"])
          expect(t).toContain(`requested config: alarm-lab-${key}-${model} `);
    });

    it("checks every figure against CloudWatch, and CloudWatch agrees", () => {
      for (const r of designs) {
        expect(r["flaky: CloudWatch (new fleet 5XX)"], r["alarm design"]).toBe(
          `agrees (${r["flaky: failed requests"]} of ${/of (\d+)\)/.exec(r["flaky: CloudWatch (new fleet 5XX)"] ?? "")?.[1]})`,
        );
        expect(r["slow: CloudWatch (new fleet)"], r["alarm design"]).toMatch(
          /^agrees \(\d+ answered, ModelLatency [\d.]+ ms\)$/,
        );
        expect(
          Number(/ModelLatency ([\d.]+) ms/.exec(r["slow: CloudWatch (new fleet)"] ?? "")?.[1]),
        ).toBeGreaterThanOrEqual(200);
        expect(r["good over noisy: CloudWatch"], r["alarm design"]).toBe(
          `agrees (old fleet ${r["good over noisy: failed requests"]} of ${/of (\d+)\)/.exec(r["good over noisy: CloudWatch"] ?? "")?.[1]})`,
        );
      }
    });

    it("counts each flaky deployment's failed requests as its verdict's traffic record does", () => {
      // Each verdict is logged whole, under its design's name.
      const t = text("lab-alarm-design");
      for (const [i, design] of DESIGNS.entries()) {
        const key = ["sum", "rate-both", "rate-new", "rate-new-2of3", "rate-latency-new"][i];
        const errors = new RegExp(
          `${design}:\\n[^\\n]* alarm-lab-${key}-flaky[\\s\\S]*?traffic: \\d+ sent, \\d+ ok, (\\d+) errors`,
        ).exec(t)?.[1];
        expect(row(design)["flaky: failed requests"], design).toBe(errors);
      }
    });

    it("rolls back what only a both-fleets alarm sees, and promotes the good model under new-fleet alarms", () => {
      // The noisy old fleet fails 10 % of its requests: a both-fleets alarm sees it, a new-fleet alarm never does.
      expect(row("Sum ≥ 1, both fleets")["good over noisy: outcome"]).toBe("rolled back (wrongly)");
      expect(row("rate ≥ 3 %, both fleets")["good over noisy: outcome"]).toBe("rolled back (wrongly)");
      for (const design of DESIGNS.slice(2)) expect(row(design)["good over noisy: outcome"], design).toBe("promoted");
      // At 5 % failures, a period without a single failed request on the new fleet is all but impossible.
      expect(row("Sum ≥ 1, both fleets")["flaky: outcome"]).toBe("rolled back");
    });

    it("lets the slow model through error alarms, and rolls it back on the latency alarm", () => {
      for (const design of DESIGNS.slice(0, 4)) expect(row(design)["slow: outcome"], design).toBe("promoted (missed)");
      expect(row("rate ≥ 3 % or latency ≥ 100 ms, new fleet")["slow: outcome"]).toBe("rolled back");
    });

    it("rolls the error-or-latency design back on its composite alarm alone", () => {
      const slow = "alarm-lab-rate-latency-new-slow";
      expect(text("lab-alarm-design")).toContain(
        `FailureReason: One or more configured alarm for automatic rollback deployment is in ALARM state: [AlarmLab-5XXRateOrLatency-${slow}].`,
      );
    });

    it("recommends a design that made all three calls right, as its row shows", () => {
      const recommended = /Recommended: (.*) – it rolled back both faulty models/.exec(text("lab-alarm-design"))?.[1];
      expect(DESIGNS).toContain(recommended);
      const r = row(recommended ?? "");
      expect([r["flaky: outcome"], r["slow: outcome"], r["good over noisy: outcome"]]).toEqual([
        "rolled back",
        "rolled back",
        "promoted",
      ]);
    });
  });

  it("writes the table, the scaling table and both charts into an offline report that renders them", async () => {
    const report = readFileSync(join(run.outDir, "strategy-lab.html"), "utf8");
    for (const heading of [
      "CloudWatch (new fleet)",
      "flaky: CloudWatch (new fleet 5XX)",
      "good over noisy: outcome",
      "GUARDRAILS_EMULATOR_ERROR_RATE",
      "promote (s): bakes (scaled)",
      "RollingUpdatePolicy",
      "RollbackMaximumBatchSize",
      "CAPACITY_PERCENT",
    ])
      expect(report, heading).toContain(heading);
    const browser = await launchChromium();
    try {
      const { page, blocked, errors } = await watchedPage(browser, onlyFiles);
      await page.goto(`file://${join(run.outDir, "strategy-lab.html")}`);
      const labels = await page.$$eval(".guardrails-chart", (els) => els.map((el) => el.getAttribute("aria-label")));
      expect(labels).toEqual([
        "Blast radius vs time to promote (marker size: peak instances)",
        "Traffic shift per strategy: seconds since UpdateEndpoint",
      ]);
      await page.waitForFunction(
        () => document.querySelectorAll(".guardrails-chart svg.main-svg").length >= 2,
        undefined,
        { timeout: 60_000 },
      );
      const traces = await page.$$eval(".guardrails-chart", (els) =>
        els.map((el) => el.querySelectorAll(".trace").length),
      );
      expect(traces).toEqual([STRATEGIES.length, 3 * STRATEGIES.length]);
      expect(blocked).toEqual([]);
      expect(errors).toEqual([]);
    } finally {
      await browser.close();
    }
  });
});
