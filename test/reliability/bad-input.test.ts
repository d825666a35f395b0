/**
 * Bad input, as a specification: every malformed or invalid request of the matrix
 * (bad-input.cases.ts) is answered with the error code and HTTP status AWS answers it with, and
 * none with a 5XX. Afterwards the emulator still serves a valid request.
 */
import { CreateEndpointCommand, CreateEndpointConfigCommand, CreateModelCommand } from "@aws-sdk/client-sagemaker";
import { InvokeEndpointCommand } from "@aws-sdk/client-sagemaker-runtime";
import { startTestEmulator, type TestEmulator } from "../../support/emulator";
import { BAD_INPUT_CASES, type BadInputCase, type Clients } from "./bad-input.cases";
import { MODEL_DATA_URL, ROLE, ROW, deployLinearLearner, uploadArtifact, waitForEndpoint } from "./support/fixtures";
import { report } from "./support/summary";
import { Wire } from "./support/wire";

interface Outcome {
  status: number;
  code?: string;
  message?: string;
}

let t: TestEmulator;
let wire: Wire;
let clients: Clients;
const tally = { tried: 0, asAws: 0, fiveXX: 0, unanswered: 0 };
const byService = new Map<string, number>();

beforeAll(async () => {
  t = await startTestEmulator();
  wire = new Wire(t.emulator.url);
  clients = { s3: t.s3(), sagemaker: t.sagemaker(), runtime: t.runtime() };
  await uploadArtifact(clients.s3);
  expect(await deployLinearLearner(clients.sagemaker, "weather")).toBe("InService");
  // An endpoint whose image is no algorithm the emulator runs: it fails its ping health check.
  const image = "000000000000.dkr.ecr.us-east-1.amazonaws.com/not-an-algorithm:1";
  await clients.sagemaker.send(
    new CreateModelCommand({
      ModelName: "broken",
      ExecutionRoleArn: ROLE,
      PrimaryContainer: { Image: image, ModelDataUrl: MODEL_DATA_URL },
    }),
  );
  await clients.sagemaker.send(
    new CreateEndpointConfigCommand({
      EndpointConfigName: "broken",
      ProductionVariants: [
        { VariantName: "AllTraffic", ModelName: "broken", InitialInstanceCount: 1, InstanceType: "ml.m5.large" },
      ],
    }),
  );
  await clients.sagemaker.send(new CreateEndpointCommand({ EndpointName: "broken", EndpointConfigName: "broken" }));
  expect(await waitForEndpoint(clients.sagemaker, "broken")).toBe("Failed");
});

afterAll(async () => {
  wire?.close();
  await t?.stop();
  report({
    order: 1,
    title: "Bad input (matrix)",
    figures: {
      "cases tried": tally.tried,
      ...Object.fromEntries([...byService].map(([service, n]) => [`  ${service}`, n])),
      "answered with AWS's code and status": tally.asAws,
      "answered 5XX": tally.fiveXX,
      "lost (no answer)": tally.unanswered,
    },
  });
});

/** Sends a case and reads its answer the way an AWS client does. */
async function outcome(c: BadInputCase): Promise<Outcome> {
  if (typeof c.send !== "function") {
    const r = await wire.send(c.send);
    return { status: r.status, code: r.code, message: r.message };
  }
  try {
    await c.send(clients);
    return { status: 200 };
  } catch (e) {
    const err = e as Error & { $metadata?: { httpStatusCode?: number } };
    if (err.$metadata?.httpStatusCode === undefined) throw e; // no answer at all
    return { status: err.$metadata.httpStatusCode, code: err.name, message: err.message };
  }
}

describe("bad input matrix", () => {
  it("covers at least 60 malformed or invalid requests across S3, SageMaker, Runtime and CloudWatch", () => {
    expect(BAD_INPUT_CASES.length).toBeGreaterThanOrEqual(60);
    expect(new Set(BAD_INPUT_CASES.map((c) => c.service))).toEqual(
      new Set(["S3", "SageMaker", "Runtime", "CloudWatch"]),
    );
  });

  it.each(BAD_INPUT_CASES.map((c) => [`${c.service}: ${c.what} → ${c.expect.code} ${c.expect.status}`, c] as const))(
    "%s",
    async (_, c) => {
      tally.tried++;
      byService.set(c.service, (byService.get(c.service) ?? 0) + 1);
      let got: Outcome;
      try {
        got = await outcome(c);
      } catch (e) {
        tally.unanswered++;
        throw e;
      }
      if (got.status >= 500) tally.fiveXX++;
      expect(got.status, `answered ${got.code} ${got.message}`).toBeLessThan(500);
      expect({ code: got.code, status: got.status }).toEqual({ code: c.expect.code, status: c.expect.status });
      if (typeof c.expect.message === "string") expect(got.message).toBe(c.expect.message);
      if (c.expect.message instanceof RegExp) expect(got.message).toMatch(c.expect.message);
      tally.asAws++;
    },
  );

  it("still serves a valid request afterwards: the endpoint scores a row", async () => {
    const out = await clients.runtime.send(
      new InvokeEndpointCommand({
        EndpointName: "weather",
        Body: Buffer.from(ROW),
        ContentType: "text/csv",
        Accept: "application/json",
      }),
    );
    expect((JSON.parse(Buffer.from(out.Body).toString("utf8")) as { predictions: unknown[] }).predictions).toHaveLength(
      1,
    );
  });
});
