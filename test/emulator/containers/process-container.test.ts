/**
 * Your own inference server behind an endpoint: an image URI the emulator's configuration maps to
 * a command runs as a local process per instance, in SageMaker's container contract (`serve`,
 * GET /ping, POST /invocations, the model data under SM_MODEL_DIR, the model's Environment, the
 * port in SAGEMAKER_BIND_TO_PORT). Driven through the AWS SDK over HTTP; the servers are real
 * Python processes (Debian's /usr/bin/python3): the README's example server and a probe that says
 * what it was given (probe-server.py).
 */
import { existsSync } from "node:fs";
import { join } from "node:path";
import { CreateBucketCommand, PutObjectCommand } from "@aws-sdk/client-s3";
import { DeleteEndpointCommand, DescribeEndpointCommand, type DescribeEndpointOutput } from "@aws-sdk/client-sagemaker";
import { InvokeEndpointCommand, ModelError } from "@aws-sdk/client-sagemaker-runtime";
import { ManualClock } from "../../../src/emulator/clock";
import {
  ROOT,
  ROWS,
  TEST_PROVISIONING_DELAY_MS,
  createEndpointOn,
  eventually,
  failure,
  metricSum,
  onceModelLoaded,
  publishInvocationMetrics,
  startTestEmulator,
  tarGz,
  type EndpointOptions,
  type TestEmulator,
} from "../../../support/emulator";
import { processesGone, processesWith } from "../../../support/processes";

const PYTHON = "/usr/bin/python3";
const PROBE_IMAGE = "111122223333.dkr.ecr.us-east-1.amazonaws.com/probe:1";
const SERVER_IMAGE = "111122223333.dkr.ecr.us-east-1.amazonaws.com/my-server:1";
const IMAGE_COMMANDS = new Map([
  [PROBE_IMAGE, { argv: [PYTHON, join(__dirname, "probe-server.py")] }],
  [SERVER_IMAGE, { argv: [PYTHON, join(ROOT, "examples", "byoc", "server.py")] }],
]);
/** A logistic model over the 15 features of the test rows, as the example server reads it. */
const MODEL_JSON = JSON.stringify({ weights: Array.from({ length: 15 }, (_, i) => (i % 3) - 1), bias: 0.25 });
const NEGATIVE_FIRST = ROWS.find((r) => r.startsWith("-"))!;
const POSITIVE_FIRST = ROWS.find((r) => !r.startsWith("-") && !r.startsWith("0,"))!;

interface Probe {
  argv: string[];
  pid: number;
  env: Record<string, string | null>;
  modelFiles: string[];
  contentType: string;
  accept: string | null;
  body: string;
}

const clock = new ManualClock(Date.now());
let t: TestEmulator;

async function putModels(emulator: TestEmulator): Promise<void> {
  const s3 = emulator.s3();
  await s3.send(new CreateBucketCommand({ Bucket: "models" }));
  const put = (Key: string, Body: Buffer) => s3.send(new PutObjectCommand({ Bucket: "models", Key, Body }));
  await put("probe.tar.gz", tarGz({ "model.json": "{}", "weights.bin": new Uint8Array([1, 2, 3]) }));
  await put("server.tar.gz", tarGz({ "model.json": MODEL_JSON }));
  await put("no-model-json.tar.gz", tarGz({ "readme.txt": "the server's model.json is missing" }));
}

beforeAll(async () => {
  t = await startTestEmulator({ clock, imageCommands: IMAGE_COMMANDS });
  await putModels(t);
});
afterAll(() => t.stop());

interface Deployment extends EndpointOptions {
  image?: string;
  model?: string;
}

/** Endpoint `name` (createEndpointOn); resolves with it once it has left Creating. */
async function deploy(
  emulator: TestEmulator,
  name: string,
  { image = PROBE_IMAGE, model = "probe.tar.gz", environment = {}, ...options }: Deployment,
  advanceMs = TEST_PROVISIONING_DELAY_MS,
): Promise<DescribeEndpointOutput> {
  const sm = emulator.sagemaker();
  // MARK names the endpoint in its servers' environment, so a spec can find them among the host's processes.
  await createEndpointOn(sm, name, image, `s3://models/${model}`, {
    ...options,
    environment: { MARK: name, ...environment },
  });
  return eventually(async () => {
    clock.advance(advanceMs);
    const out = await sm.send(new DescribeEndpointCommand({ EndpointName: name }));
    return out.EndpointStatus === "Creating" ? undefined : out;
  }, 30_000);
}

const invoke = (EndpointName: string, body: string, ContentType = "text/csv", Accept?: string) =>
  t.runtime().send(new InvokeEndpointCommand({ EndpointName, Body: Buffer.from(body), ContentType, Accept }));

async function probe(EndpointName: string, body = "1,2,3"): Promise<Probe> {
  const out = await invoke(EndpointName, body);
  return JSON.parse(Buffer.from(out.Body).toString("utf8")) as Probe;
}

/** The servers of the endpoint deployed with MARK=<mark>. */
const serversOf = (mark: string) => processesWith("MARK", mark);

const PING_REASON =
  "The primary container for production variant AllTraffic did not pass the ping health check. Please check CloudWatch logs for this endpoint.";

describe("your own inference server, run as a local process per instance", () => {
  it("is started as `<command> serve` with the model data under SM_MODEL_DIR, the model's Environment and a port of its own", async () => {
    expect((await deploy(t, "probe-env", { environment: { GREETING: "hello" } })).EndpointStatus).toBe("InService");
    const seen = await probe("probe-env");
    expect(seen.argv).toEqual(["serve"]);
    expect(seen.modelFiles).toEqual(["model.json", "weights.bin"]);
    expect(seen.env.GREETING).toBe("hello");
    expect(seen.env.SM_MODEL_DIR).toContain(join(t.stateDir, "containers"));
    expect(seen.env.SAGEMAKER_BIND_TO_PORT).toMatch(/^[1-9][0-9]*$/);
  });

  it("gets the caller's body, Content-Type and Accept; its status, Content-Type and body reach the caller", async () => {
    const out = await invoke("probe-env", "0.5,1.5", "text/csv; charset=utf-8", "application/json");
    expect(out.ContentType).toBe("application/json");
    expect(out.InvokedProductionVariant).toBe("AllTraffic");
    const seen = JSON.parse(Buffer.from(out.Body).toString("utf8")) as Probe;
    expect(seen).toMatchObject({ contentType: "text/csv; charset=utf-8", accept: "application/json", body: "0.5,1.5" });
  });

  it("answers a 4XX or 5XX as ModelError with its OriginalStatusCode and OriginalMessage, counted in CloudWatch like any container's", async () => {
    await deploy(t, "own-errors", { image: SERVER_IMAGE, model: "server.tar.gz", environment: { LOG_FEATURES: "0" } });
    const scored = await invoke("own-errors", POSITIVE_FIRST, "text/csv", "text/csv");
    expect(scored.ContentType).toBe("text/csv");
    expect(Number(Buffer.from(scored.Body).toString("utf8"))).toBeGreaterThan(0);
    const refused = await failure(invoke("own-errors", "{}", "application/json"));
    expect(refused).toBeInstanceOf(ModelError);
    expect(refused).toMatchObject({
      OriginalStatusCode: 415,
      OriginalMessage: "unsupported content type 'application/json'",
      message: expect.stringMatching(
        /^Received client error \(415\) from primary with message "unsupported content type/,
      ) as unknown,
    });
    expect(await failure(invoke("own-errors", NEGATIVE_FIRST))).toMatchObject({
      name: "ModelError",
      OriginalStatusCode: 500,
      OriginalMessage: "math domain error",
    });
    publishInvocationMetrics(clock);
    const sum = (metric: string) => metricSum(t, "own-errors", "AllTraffic", metric, { now: clock.now() });
    expect(await sum("Invocations")).toBe(3);
    expect(await sum("Invocation4XXErrors")).toBe(1);
    expect(await sum("Invocation5XXErrors")).toBe(1);
    expect(await sum("ModelLatency")).toBeGreaterThan(0);
  });

  it("runs one server process per instance, and spreads requests over them", async () => {
    await deploy(t, "two-instances", { instances: 2 });
    expect(serversOf("two-instances")).toHaveLength(2);
    const pids = new Set<number>();
    for (let i = 0; i < 4; i++) pids.add((await probe("two-instances")).pid);
    expect([...pids].sort()).toEqual(serversOf("two-instances").sort());
  });

  it("takes an instance whose server crashed out of rotation: the request it dropped is a ModelError, the other instance answers the rest", async () => {
    const before = serversOf("two-instances");
    const dropped = await failure(invoke("two-instances", "exit"));
    expect(dropped).toMatchObject({
      name: "ModelError",
      OriginalStatusCode: 0,
      message: expect.stringContaining(
        "Amazon SageMaker could not get a response from the two-instances endpoint.",
      ) as unknown,
    });
    const survivor = await eventually(() => {
      const left = serversOf("two-instances");
      return Promise.resolve(left.length === 1 ? left[0] : undefined);
    });
    expect(before).toContain(survivor);
    for (let i = 0; i < 3; i++) expect((await probe("two-instances")).pid).toBe(survivor);
    const d = await t.sagemaker().send(new DescribeEndpointCommand({ EndpointName: "two-instances" }));
    expect(d.EndpointStatus).toBe("InService");
  });

  it("replaces the crashed instance once the provisioning delay has passed: a new server, back in rotation", async () => {
    const [survivor] = serversOf("two-instances");
    clock.advance(TEST_PROVISIONING_DELAY_MS);
    const [replacement] = await eventually(() => {
      const running = serversOf("two-instances");
      return Promise.resolve(running.length === 2 ? running.filter((pid) => pid !== survivor) : undefined);
    });
    const answered = await eventually(async () => {
      const pids = new Set<number>();
      for (let i = 0; i < 4; i++) pids.add((await probe("two-instances")).pid);
      return pids.has(replacement!) ? pids : undefined;
    });
    expect([...answered].sort()).toEqual([survivor, replacement].sort());
  });

  it("fails the endpoint with the ping health-check reason when its server exits before answering /ping", async () => {
    const d = await deploy(t, "no-model-json", { image: SERVER_IMAGE, model: "no-model-json.tar.gz" });
    expect(d).toMatchObject({ EndpointStatus: "Failed", FailureReason: PING_REASON });
  });

  it("fails the endpoint once ContainerStartupHealthCheckTimeoutInSeconds passes without a 200 from /ping, and ends its server", async () => {
    const d = await deploy(t, "never-ready", { environment: { PROBE_PING: "never" }, startupTimeoutS: 60 }, 1000);
    expect(d).toMatchObject({ EndpointStatus: "Failed", FailureReason: PING_REASON });
    // Creating lasts the provisioning delay, then the server has its 60 s (the clock walks a second at a time).
    expect(d.LastModifiedTime!.getTime() - d.CreationTime!.getTime()).toBeGreaterThanOrEqual(60_000);
    await processesGone("MARK", "never-ready");
  });

  it("stops an endpoint's servers when the endpoint is deleted", async () => {
    await deploy(t, "deleted", { instances: 2 });
    expect(serversOf("deleted")).toHaveLength(2);
    await t.sagemaker().send(new DeleteEndpointCommand({ EndpointName: "deleted" }));
    await processesGone("MARK", "deleted");
  });

  it("stops every server (and removes their model data) when the emulator stops, and starts them again when it restarts on its state", async () => {
    const first = await startTestEmulator({ clock, imageCommands: IMAGE_COMMANDS });
    await putModels(first);
    await deploy(first, "emulator-stops", { instances: 2 });
    const before = serversOf("emulator-stops");
    expect(before).toHaveLength(2);
    await first.emulator.stop();
    expect(serversOf("emulator-stops")).toEqual([]);
    expect(existsSync(join(first.stateDir, "containers"))).toBe(false);

    const again = await startTestEmulator({ clock, imageCommands: IMAGE_COMMANDS, stateDir: first.stateDir });
    try {
      const out = await onceModelLoaded(() =>
        again.runtime().send(
          new InvokeEndpointCommand({
            EndpointName: "emulator-stops",
            Body: Buffer.from("1"),
            ContentType: "text/csv",
          }),
        ),
      );
      expect(out.InvokedProductionVariant).toBe("AllTraffic");
      const after = await eventually(() =>
        Promise.resolve(serversOf("emulator-stops").length === 2 ? serversOf("emulator-stops") : undefined),
      );
      expect(after.filter((pid) => before.includes(pid))).toEqual([]);
    } finally {
      await again.stop();
    }
    expect(serversOf("emulator-stops")).toEqual([]);
  });
});

describe("which command runs is the emulator's own configuration, never an API request's", () => {
  it("fails an image it does not map, even one naming a program, like a container that never answers /ping; nothing runs", async () => {
    const d = await deploy(t, "unmapped", { image: PYTHON });
    expect(d).toMatchObject({ EndpointStatus: "Failed", FailureReason: PING_REASON });
    expect(serversOf("unmapped")).toEqual([]);
  });

  it("does not let the model's Environment change which program runs or what code it loads", async () => {
    await deploy(t, "probe-injection", {
      environment: {
        PATH: "/tmp/elsewhere",
        LD_PRELOAD: "/tmp/elsewhere/lib.so",
        PYTHONPATH: "/tmp/elsewhere",
        NODE_OPTIONS: "--require /tmp/elsewhere/x.js",
        SM_MODEL_DIR: "/tmp/elsewhere",
        SAGEMAKER_BIND_TO_PORT: "1",
        GREETING: "still passed",
      },
    });
    const { env } = await probe("probe-injection");
    expect(env).toMatchObject({
      PATH: process.env.PATH,
      LD_PRELOAD: null,
      PYTHONPATH: null,
      NODE_OPTIONS: null,
      GREETING: "still passed",
    });
    expect(env.SM_MODEL_DIR).toContain(join(t.stateDir, "containers"));
    expect(env.SAGEMAKER_BIND_TO_PORT).not.toBe("1");
  });
});
