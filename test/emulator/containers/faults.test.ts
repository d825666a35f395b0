/**
 * Partial faults: a model's Environment with the emulator's fault keys makes its container fail a
 * share of requests or answer late, seen by the caller and by CloudWatch as a real container's
 * faults are; a model without them is served untouched.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { GetMetricStatisticsCommand, type Statistic } from "@aws-sdk/client-cloudwatch";
import { CreateBucketCommand, PutObjectCommand } from "@aws-sdk/client-s3";
import {
  CreateEndpointCommand,
  CreateEndpointConfigCommand,
  CreateModelCommand,
  DescribeEndpointCommand,
  DescribeModelCommand,
} from "@aws-sdk/client-sagemaker";
import { InvokeEndpointCommand, ModelError } from "@aws-sdk/client-sagemaker-runtime";
import { ManualClock } from "../../../src/emulator/clock";
import { ADDED_LATENCY_KEY, ERROR_RATE_KEY } from "../../../src/emulator/containers/faults";
import { seededRandom, type Random } from "../../../src/emulator/random";
import { loadLinearLearner } from "../../../src/models";
import {
  DATA,
  LINEAR_LEARNER_IMAGE,
  ROLE,
  ROWS,
  TEST_PROVISIONING_DELAY_MS,
  eventually,
  failure,
  publishInvocationMetrics,
  startTestEmulator,
  type TestEmulator,
} from "../../../support/emulator";

const artifact = readFileSync(join(DATA, "005-model.tar.gz"));
const row = ROWS[0]!;

interface Started {
  t: TestEmulator;
  clock: ManualClock;
  draws: () => number;
}

const running: TestEmulator[] = [];
afterAll(async () => {
  for (const t of running) await t.stop();
});

/** An emulator with one model bucket, whose random source counts its draws. */
async function emulator(random: Random, invocationTimeoutMs?: number): Promise<Started> {
  const clock = new ManualClock(Date.now());
  let draws = 0;
  const counted: Random = () => {
    draws++;
    return random();
  };
  const t = await startTestEmulator({ clock, random: counted, invocationTimeoutMs });
  running.push(t);
  await t.s3().send(new CreateBucketCommand({ Bucket: "models" }));
  await t.s3().send(new PutObjectCommand({ Bucket: "models", Key: "005-model.tar.gz", Body: artifact }));
  return { t, clock, draws: () => draws };
}

/** An InService endpoint `name` on one variant of the model with this Environment. */
async function endpoint({ t, clock }: Started, name: string, Environment?: Record<string, string>): Promise<void> {
  const sm = t.sagemaker();
  await sm.send(
    new CreateModelCommand({
      ModelName: name,
      ExecutionRoleArn: ROLE,
      PrimaryContainer: { Image: LINEAR_LEARNER_IMAGE, ModelDataUrl: "s3://models/005-model.tar.gz", Environment },
    }),
  );
  await sm.send(
    new CreateEndpointConfigCommand({
      EndpointConfigName: name,
      ProductionVariants: [
        {
          VariantName: "AllTraffic",
          ModelName: name,
          InstanceType: "ml.m5.large",
          InitialInstanceCount: 2,
          InitialVariantWeight: 1,
        },
      ],
    }),
  );
  await sm.send(new CreateEndpointCommand({ EndpointName: name, EndpointConfigName: name }));
  await eventually(async () => {
    clock.advance(TEST_PROVISIONING_DELAY_MS);
    const d = await sm.send(new DescribeEndpointCommand({ EndpointName: name }));
    return d.EndpointStatus === "InService" ? d : undefined;
  });
}

const invoke = (t: TestEmulator, EndpointName: string) =>
  t.runtime().send(
    new InvokeEndpointCommand({
      EndpointName,
      Body: Buffer.from(row),
      ContentType: "text/csv",
      Accept: "application/json",
    }),
  );

/** Which of `n` requests failed, with the errors. */
async function send(t: TestEmulator, name: string, n: number): Promise<Array<ModelError | undefined>> {
  const outcomes: Array<ModelError | undefined> = [];
  for (let i = 0; i < n; i++)
    outcomes.push(
      await invoke(t, name).then(
        () => undefined,
        (e: ModelError) => e,
      ),
    );
  return outcomes;
}

/** A statistic of an AWS/SageMaker metric of the endpoint's variant (and config) over the last hour. */
async function statistic(
  { t, clock }: Started,
  name: string,
  MetricName: string,
  stat: Statistic,
  EndpointConfigName?: string,
): Promise<number | undefined> {
  const out = await t.cloudwatch().send(
    new GetMetricStatisticsCommand({
      Namespace: "AWS/SageMaker",
      MetricName,
      Dimensions: [
        { Name: "EndpointName", Value: name },
        { Name: "VariantName", Value: "AllTraffic" },
        ...(EndpointConfigName ? [{ Name: "EndpointConfigName", Value: EndpointConfigName }] : []),
      ],
      StartTime: new Date(clock.now() - 3_600_000),
      EndTime: new Date(clock.now() + 60_000),
      Period: 3600,
      Statistics: [stat],
    }),
  );
  return out.Datapoints?.[0]?.[stat];
}

describe(`${ERROR_RATE_KEY}: a share of requests answered with a server error`, () => {
  it("fails about that share, each as a container's 500 (ModelError 424), counted by CloudWatch as 5XX errors", async () => {
    const e = await emulator(seededRandom(24));
    await endpoint(e, "flaky", { [ERROR_RATE_KEY]: "0.2" });
    const outcomes = await send(e.t, "flaky", 200);
    const failed = outcomes.filter((o) => o !== undefined);
    expect(failed.length).toBeGreaterThan(20);
    expect(failed.length).toBeLessThan(60);
    for (const m of failed) {
      expect(m).toBeInstanceOf(ModelError);
      expect(m.$metadata.httpStatusCode).toBe(424);
      expect(m.OriginalStatusCode).toBe(500);
      expect(m.OriginalMessage).toBe(
        `Emulated server error (${ERROR_RATE_KEY}=0.2): the local emulator failed this request on purpose.`,
      );
      expect(m.message).toMatch(/^Received server error \(500\) from primary with message "Emulated server error/);
    }
    publishInvocationMetrics(e.clock);
    for (const config of [undefined, "flaky"]) {
      expect(await statistic(e, "flaky", "Invocations", "Sum", config)).toBe(200);
      expect(await statistic(e, "flaky", "Invocation5XXErrors", "Sum", config)).toBe(failed.length);
      expect(await statistic(e, "flaky", "InvocationModelErrors", "Sum", config)).toBe(failed.length);
      expect(await statistic(e, "flaky", "Invocation5XXErrors", "Average", config)).toBeCloseTo(
        failed.length / 200,
        10,
      );
    }
  });

  it("fails the same requests under the same seed, and others under another", async () => {
    const pattern = async (seed: number): Promise<string> => {
      const e = await emulator(seededRandom(seed));
      await endpoint(e, "flaky", { [ERROR_RATE_KEY]: "0.1" });
      return (await send(e.t, "flaky", 60)).map((o) => (o ? "E" : ".")).join("");
    };
    const first = await pattern(5);
    expect(first).toContain("E");
    expect(await pattern(5)).toBe(first);
    expect(await pattern(6)).not.toBe(first);
  });

  it("fails every request at 1 and none at 0, drawing nothing for either", async () => {
    const never: Random = () => {
      throw new Error("drew");
    };
    const e = await emulator(never);
    await endpoint(e, "broken", { [ERROR_RATE_KEY]: "1" });
    await endpoint(e, "healthy", { [ERROR_RATE_KEY]: "0" });
    expect((await send(e.t, "broken", 10)).every((o) => o?.OriginalStatusCode === 500)).toBe(true);
    expect(await send(e.t, "healthy", 10)).toEqual(Array(10).fill(undefined));
    expect(e.draws()).toBe(0);
  });
});

describe(`${ADDED_LATENCY_KEY}: time the container takes on top of the model's`, () => {
  it("delays every answer, counted in ModelLatency and not in OverheadLatency", async () => {
    const e = await emulator(seededRandom(1));
    await endpoint(e, "slow", { [ADDED_LATENCY_KEY]: "150" });
    for (let i = 0; i < 5; i++) {
      const started = performance.now();
      const out = await invoke(e.t, "slow");
      expect(performance.now() - started).toBeGreaterThanOrEqual(150);
      expect(out.InvokedProductionVariant).toBe("AllTraffic");
    }
    publishInvocationMetrics(e.clock);
    expect(await statistic(e, "slow", "ModelLatency", "Minimum")).toBeGreaterThanOrEqual(150_000);
    expect(await statistic(e, "slow", "ModelLatency", "SampleCount")).toBe(5);
    expect(await statistic(e, "slow", "OverheadLatency", "Maximum")).toBeLessThan(150_000);
    expect(await statistic(e, "slow", "Invocation5XXErrors", "Sum")).toBe(0);
  });

  it("past the invocation timeout, gives the caller the Runtime's timeout error, a 5XX in CloudWatch", async () => {
    const e = await emulator(seededRandom(1), 200);
    await endpoint(e, "stuck", { [ADDED_LATENCY_KEY]: "1000" });
    const m = (await failure(invoke(e.t, "stuck"))) as ModelError;
    expect(m.name).toBe("ModelError");
    expect(m.OriginalStatusCode).toBe(0);
    expect(m.OriginalMessage).toMatch(/^Your invocation timed out while waiting for a response from container primary/);
    publishInvocationMetrics(e.clock);
    expect(await statistic(e, "stuck", "Invocation5XXErrors", "Sum")).toBe(1);
  });
});

describe("a model without the keys", () => {
  it("is served untouched: the model's own answer, no draw, the Environment kept as given", async () => {
    const never: Random = () => {
      throw new Error("drew");
    };
    const e = await emulator(never);
    await endpoint(e, "plain", { SAGEMAKER_PROGRAM: "inference.py" });
    const expected = loadLinearLearner(artifact, "005-model.tar.gz").invoke(
      Buffer.from(row),
      "text/csv",
      "application/json",
    );
    for (let i = 0; i < 20; i++) expect(Buffer.from((await invoke(e.t, "plain")).Body).toString()).toBe(expected.body);
    expect(e.draws()).toBe(0);
    const described = await e.t.sagemaker().send(new DescribeModelCommand({ ModelName: "plain" }));
    expect(described.PrimaryContainer?.Environment).toEqual({ SAGEMAKER_PROGRAM: "inference.py" });
  });
});

describe("a fault setting the emulator cannot use", () => {
  it.each([
    [ERROR_RATE_KEY, "5%", `${ERROR_RATE_KEY} must be a number from 0 to 1; got "5%".`],
    [ERROR_RATE_KEY, "1.5", `${ERROR_RATE_KEY} must be a number from 0 to 1; got "1.5".`],
    [ADDED_LATENCY_KEY, "-10", `${ADDED_LATENCY_KEY} must be a number from 0 to 600000; got "-10".`],
    [ADDED_LATENCY_KEY, "fast", `${ADDED_LATENCY_KEY} must be a number from 0 to 600000; got "fast".`],
  ])("is refused by CreateModel: %s=%s", async (key, value, message) => {
    const e = await emulator(seededRandom(1));
    const err = await failure(
      e.t.sagemaker().send(
        new CreateModelCommand({
          ModelName: "typo",
          ExecutionRoleArn: ROLE,
          PrimaryContainer: {
            Image: LINEAR_LEARNER_IMAGE,
            ModelDataUrl: "s3://models/005-model.tar.gz",
            Environment: { [key]: value },
          },
        }),
      ),
    );
    expect(err.name).toBe("ValidationException");
    expect(err.message).toBe(
      `${message} (a setting of the local emulator's partial faults; real SageMaker containers ignore it)`,
    );
  });
});
