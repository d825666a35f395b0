import { readFileSync } from "node:fs";
import { join } from "node:path";
import { CHROMIUM, launchChromium, onlyFiles, watchedPage } from "../support/browser";
import { cellsTagged, cellText, htmlOutputs, readNotebook, type Notebook } from "../support/notebook";
import { HEADLESS_JUPYTER, type NotebookRun } from "../support/run-notebook";
import { sharedRun } from "../support/shared-run";
import { describeWithTools } from "../support/tools";

const ALARM = "TestAlarm-5XXErrors-strategy-lab-endpoint";
const STRATEGIES = ["all-at-once", "canary-count", "canary-percent", "linear", "rolling"];
const unescape = (s: string): string =>
  s
    .replace(/<[^>]+>/g, "")
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, "&")
    .trim();

/** The rows of the first HTML table whose header has `column`, as records by header. */
function tableWith(nb: Notebook, column: string): Array<Record<string, string>> {
  const html = htmlOutputs(nb).find(
    (h) => h.includes("guardrails-table") && new RegExp(`<th[^>]*>${column.replace(/[()]/g, "\\$&")}</th>`).test(h),
  );
  if (!html) throw new Error(`no table with column ${column}`);
  const cells = (row: string, tag: string): string[] =>
    // Cells may carry attributes (text columns are left-aligned).
    [...row.matchAll(new RegExp(`<${tag}(?: [^>]*)?>([\\s\\S]*?)</${tag}>`, "g"))].map((m) => unescape(m[1] ?? ""));
  const [head = "", ...rows] = html.split("</tr>").filter((r) => r.includes("<t"));
  const headers = cells(head, "th").slice(1);
  return rows.map((r) => Object.fromEntries(cells(r, "td").map((v, i) => [headers[i] ?? "", v])));
}

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
    expect(table.map((r) => [r["outcomes (faulty / good)"], r["good: errors"]])).toEqual(
      STRATEGIES.map(() => ["rolled back / promoted", "0"]),
    );
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

  it("writes the table, the scaling table and both charts into an offline report that renders them", async () => {
    const report = readFileSync(join(run.outDir, "strategy-lab.html"), "utf8");
    for (const heading of [
      "CloudWatch (new fleet)",
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
