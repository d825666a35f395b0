/**
 * Metric math in GetMetricData, through the JS client over HTTP: each documented operator and
 * function on datapoints put with PutMetricData, and CloudWatch's refusals of a bad expression.
 * The IF and comparison cases are the examples of CloudWatch's "Metric math syntax and functions".
 */
import {
  GetMetricDataCommand,
  PutMetricDataCommand,
  type MetricDataQuery,
  type MetricDataResult,
} from "@aws-sdk/client-cloudwatch";
import { failure, startTestEmulator, type TestEmulator } from "../../../../../support/emulator";

let t: TestEmulator;
// A fixed minute in the recent past; each test's series are one value a minute from there.
const minute = Math.floor(Date.now() / 60_000) * 60_000 - 10 * 60_000;
const at = (m: number) => new Date(minute + m * 60_000);
const NAMESPACE = "Test/Math";

/** Puts one value per minute (undefined: none that minute) of `metric`. */
async function series(metric: string, values: (number | undefined)[]) {
  const MetricData = values.flatMap((Value, m) =>
    Value === undefined ? [] : [{ MetricName: metric, Timestamp: at(m), Value }],
  );
  await t.cloudwatch().send(new PutMetricDataCommand({ Namespace: NAMESPACE, MetricData }));
}

const stat = (Id: string, metric: string, extra: Partial<MetricDataQuery> = {}): MetricDataQuery => ({
  Id,
  MetricStat: { Metric: { Namespace: NAMESPACE, MetricName: metric }, Period: 60, Stat: "Sum" },
  ReturnData: false,
  ...extra,
});

/** The metrics every expression of a test may name: errors, requests (and the IF and comparison examples). */
const METRICS: MetricDataQuery[] = [
  stat("errors", "Errors"),
  stat("requests", "Requests"),
  stat("metric1", "IfCondition"),
  stat("metric2", "IfTrue"),
  stat("metric3", "IfFalse"),
  stat("cmp1", "Compared1"),
  stat("cmp2", "Compared2"),
];

beforeAll(async () => {
  t = await startTestEmulator();
  await series("Errors", [2, undefined, 0, 5]);
  await series("Requests", [10, 20, 0, 50]);
  await series("IfCondition", [1, 1, 0, 0, undefined]);
  await series("IfTrue", [30, undefined, 0, 0, 30]);
  await series("IfFalse", [0, 0, 20, undefined, 20]);
  await series("Compared1", [30, 20, 0, 0]);
  await series("Compared2", [20, undefined, 20, undefined]);
});
afterAll(() => t.stop());

/** The results of `queries` over the first `minutes`, oldest datapoint first. */
async function query(queries: MetricDataQuery[], minutes = 4) {
  const out = await t.cloudwatch().send(
    new GetMetricDataCommand({
      StartTime: at(0),
      EndTime: at(minutes),
      ScanBy: "TimestampAscending",
      MetricDataQueries: queries,
    }),
  );
  return out.MetricDataResults ?? [];
}

/** The results of expressions (Id → expression) over the test's metrics. */
const results = (expressions: Record<string, string>, minutes = 4, extra: Partial<MetricDataQuery> = {}) =>
  query(
    [...METRICS, ...Object.entries(expressions).map(([Id, Expression]) => ({ Id, Expression, ...extra }))],
    minutes,
  );

/** Minute → value of one expression's only result. */
async function points(expression: string, minutes = 4): Promise<Record<number, number>> {
  const [result, ...more] = await results({ e: expression }, minutes);
  expect(more).toEqual([]);
  return byMinute(result!);
}

const byMinute = (r: MetricDataResult): Record<number, number> =>
  Object.fromEntries(r.Timestamps!.map((ts, i) => [(ts.getTime() - minute) / 60_000, r.Values![i]!]));

describe("GetMetricData with metric math expressions", () => {
  it("does arithmetic between series and scalars, aligned on timestamps, a missing value counting as 0", async () => {
    expect(await points("errors + requests")).toEqual({ 0: 12, 1: 20, 2: 0, 3: 55 });
    expect(await points("requests - errors * 2")).toEqual({ 0: 6, 1: 20, 2: 0, 3: 40 });
    expect(await points("requests ^ 2 / 100")).toEqual({ 0: 1, 1: 4, 2: 0, 3: 25 });
    expect(await points("-requests + 1")).toEqual({ 0: -9, 1: -19, 2: 1, 3: -49 });
    expect(await points("(requests - 10) * 2")).toEqual({ 0: 0, 1: 20, 2: -20, 3: 80 });
  });

  it("drops a datapoint divided by zero and says so in the result's Messages", async () => {
    const [rate] = await results({ rate: "100 * errors / requests" });
    expect(rate).toEqual({
      Id: "rate",
      Label: "rate",
      Timestamps: [at(0), at(1), at(3)],
      Values: [20, 0, 10],
      StatusCode: "Complete",
      Messages: [
        {
          Code: "ArithmeticError",
          Value: "One or more data-points have been dropped due to non-numeric values (NaN, -Infinite, +Infinite)",
        },
      ],
    });
    const [whole] = await results({ whole: "errors * 2" });
    expect(whole!.Messages).toBeUndefined();
  });

  it("SUM, AVG, MIN and MAX of METRICS(), of METRICS('prefix') and of a list give one series; of one series, a scalar", async () => {
    const twoMetrics = [stat("errors", "Errors"), stat("requests", "Requests")];
    const out = await query([
      ...twoMetrics,
      { Id: "sum", Expression: "SUM(METRICS())" },
      { Id: "avg", Expression: "AVG(METRICS())" },
      { Id: "min", Expression: "MIN([errors, requests])" },
      { Id: "max", Expression: "MAX([errors, requests])" },
      { Id: "prefixed", Expression: "SUM(METRICS('err'))" },
      { Id: "centred", Expression: "requests - AVG(requests)" },
      { Id: "share", Expression: "100 * requests / SUM(requests)" },
    ]);
    const by = Object.fromEntries(out.map((r) => [r.Id!, byMinute(r)]));
    expect(by).toEqual({
      sum: { 0: 12, 1: 20, 2: 0, 3: 55 },
      avg: { 0: 6, 1: 10, 2: 0, 3: 27.5 },
      min: { 0: 2, 1: 20, 2: 0, 3: 5 },
      max: { 0: 10, 1: 20, 2: 0, 3: 50 },
      prefixed: { 0: 2, 2: 0, 3: 5 },
      centred: { 0: -10, 1: 0, 2: -20, 3: 30 },
      share: { 0: 12.5, 1: 25, 2: 0, 3: 62.5 },
    });
  });

  it("an expression that makes an array of series returns one result per series, under the expression's Id", async () => {
    const out = await query([
      stat("errors", "Errors", { Label: "Errors" }),
      stat("requests", "Requests"),
      { Id: "scaled", Expression: "METRICS() / 2", Label: "Half of" },
    ]);
    expect(out.map((r) => [r.Id, r.Label, r.Values])).toEqual([
      ["scaled", "Half of Errors", [1, 0, 2.5]],
      ["scaled", "Half of Requests", [5, 10, 0, 25]],
    ]);
  });

  it("FILL fills the missing periods of the range with a value, another series, REPEAT or LINEAR", async () => {
    expect(await points("FILL(errors, 0)")).toEqual({ 0: 2, 1: 0, 2: 0, 3: 5 });
    expect(await points("FILL(errors, requests)")).toEqual({ 0: 2, 1: 20, 2: 0, 3: 5 });
    expect(await points("FILL(errors, REPEAT)")).toEqual({ 0: 2, 1: 2, 2: 0, 3: 5 });
    expect(await points("FILL(errors, LINEAR)")).toEqual({ 0: 2, 1: 1, 2: 0, 3: 5 });
    // A gap at the end of the range: REPEAT carries the last value on, LINEAR has no end to reach.
    expect(await points("FILL(errors, REPEAT)", 6)).toEqual({ 0: 2, 1: 2, 2: 0, 3: 5, 4: 5, 5: 5 });
    expect(await points("FILL(errors, LINEAR)", 6)).toEqual({ 0: 2, 1: 1, 2: 0, 3: 5 });
  });

  it("IF keeps, replaces or drops each datapoint as CloudWatch's IF examples show", async () => {
    expect(await points("IF(metric1, metric2, metric3)", 5)).toEqual({ 0: 30, 1: 0, 2: 20 });
    expect(await points("IF(metric1, 5, metric3)", 5)).toEqual({ 0: 5, 1: 5, 2: 20 });
    expect(await points("IF(metric1, metric2, 5)", 5)).toEqual({ 0: 30, 1: 0, 2: 5, 3: 5 });
    expect(await points("IF(errors > 1, errors)")).toEqual({ 0: 2, 3: 5 });
    expect(await points("IF(errors > 1, 1, 0)")).toEqual({ 0: 1, 2: 0, 3: 1 });
    expect(await points("IF(SUM(errors) > 100, errors, requests)")).toEqual({ 0: 10, 1: 20, 2: 0, 3: 50 });
  });

  it("comparison and logical operators give 0 or 1, as CloudWatch's operator examples show", async () => {
    expect(await points("cmp1 < cmp2")).toEqual({ 0: 0, 1: 0, 2: 1, 3: 0 });
    expect(await points("cmp1 >= 30")).toEqual({ 0: 1, 1: 0, 2: 0, 3: 0 });
    expect(await points("cmp1 > 15 AND cmp2 > 15")).toEqual({ 0: 1, 1: 0, 2: 0, 3: 0 });
    expect(await points("cmp1 > 25 || cmp2 > 15")).toEqual({ 0: 1, 1: 0, 2: 1, 3: 0 });
    expect(await points("cmp1 == 0 && cmp2 != 0")).toEqual({ 0: 0, 1: 0, 2: 1, 3: 0 });
  });

  it("RATE and DIFF compare each datapoint with the one before it", async () => {
    expect(await points("DIFF(requests)")).toEqual({ 1: 10, 2: -20, 3: 50 });
    expect(await points("RATE(requests)")).toEqual({ 1: 10 / 60, 2: -20 / 60, 3: 50 / 60 });
    expect(await points("RATE(errors)")).toEqual({ 2: -2 / 120, 3: 5 / 60 });
  });

  it("expressions name each other by Id; a Label names the result", async () => {
    const out = await results({ rate: "errors / requests", percent: "rate * 100" }, 4, { Label: "Error rate" });
    expect(out.map((r) => [r.Id, r.Label, r.Values])).toEqual([
      ["rate", "Error rate", [0.2, 0, 0.1]],
      ["percent", "Error rate", [20, 0, 10]],
    ]);
  });

  it("refuses a bad expression with a ValidationError that names it", async () => {
    const refusal = async (queries: MetricDataQuery[]) => {
      const e = await failure(
        t.cloudwatch().send(new GetMetricDataCommand({ StartTime: at(0), EndTime: at(4), MetricDataQueries: queries })),
      );
      return [e.name, e.message, e.$metadata.httpStatusCode];
    };
    const expression = (Expression: string): MetricDataQuery[] => [...METRICS, { Id: "e", Expression }];
    const invalid = (message: string) => ["ValidationException", message, 400];
    expect(await refusal(expression("errors +"))).toEqual(
      invalid("Error in expression e: Unexpected end of expression."),
    );
    expect(await refusal(expression("errors $ 2"))).toEqual(
      invalid("Error in expression e: Unexpected character '$' at position 8."),
    );
    expect(await refusal(expression("sum(errors)"))).toEqual(
      invalid("Error in expression e: Unexpected '(' at position 4."),
    );
    // Ids start with a lowercase letter: an uppercase word outside a function's arguments is no operand.
    expect(await refusal(expression("Errors + 1"))).toEqual(invalid("Error in expression e: Unexpected word Errors."));
    expect(await refusal(expression("errors / nothing"))).toEqual(
      invalid("Error in expression e: Unrecognized identifier nothing."),
    );
    expect(await refusal(expression("MEDIAN(errors)"))).toEqual(
      invalid("Error in expression e: Unknown function MEDIAN."),
    );
    expect(await refusal(expression("AVG(errors)"))).toEqual(
      invalid(
        "Error in expression e: The expression must return a time series or an array of time series, not a scalar.",
      ),
    );
    expect(await refusal(expression("FILL(errors, 'zero')"))).toEqual(
      invalid(
        "Error in expression e: FILL's second argument must be a scalar, a time series, REPEAT or LINEAR, not a string.",
      ),
    );
    expect(await refusal(expression("IF(errors)"))).toEqual(
      invalid("Error in expression e: IF takes 2 to 3 arguments, not 1."),
    );
    expect(await refusal(expression("METRICS() + METRICS()"))).toEqual(
      invalid("Error in expression e: The operator + cannot combine two arrays of time series."),
    );
    expect(await refusal([...METRICS, { Id: "a", Expression: "b + 1" }, { Id: "b", Expression: "a * 2" }])).toEqual(
      invalid("Error in expression a: Circular dependency: a -> b -> a."),
    );
    expect(await refusal([stat("errors", "Errors"), { Id: "errors", Expression: "requests" }])).toEqual(
      invalid("The values for parameter Id in MetricDataQueries must be unique."),
    );
    expect(await refusal([{ ...stat("errors", "Errors"), Expression: "errors * 2" }])).toEqual(
      invalid(
        "Exactly one of the parameters MetricStat and Expression must be specified in MetricDataQueries.member.1.",
      ),
    );
  });
});
