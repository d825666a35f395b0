/**
 * Faults, as a specification. The emulator runs as its own process and is killed with SIGKILL:
 * - during a canary deployment, once in each phase (green launching, canary baking, final
 *   baking): every restart comes up in a documented state — InService, or Updating on the old
 *   configuration with the new one pending — serves every request with one of the two models'
 *   exact predictions, and the deployment goes on from its step to finish on the new
 *   configuration (README: "a restarted emulator relaunches both fleets and goes on from the
 *   step it was in");
 * - during S3 uploads (16 writers, objects overwritten as they go), three times: every
 *   acknowledged object reads back with its bytes and ETag, an object whose upload was cut off
 *   is either its previous acknowledged version or the complete new one, never part of it, and
 *   no temp file is left in the state directory.
 * And a model container that hangs or crashes (simulated: the built-in container wrapped so it
 * never answers, or goes away) yields AWS's ModelError "server error (0)" messages and
 * Invocation5XXErrors after the per-request time limit (60 s by default, configurable; 1.5 s
 * here), while the emulator goes on serving everything else.
 */
import { createHash } from "node:crypto";
import { mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { GetMetricStatisticsCommand } from "@aws-sdk/client-cloudwatch";
import { CreateBucketCommand, ListBucketsCommand, PutObjectCommand } from "@aws-sdk/client-s3";
import {
  CreateEndpointCommand,
  CreateEndpointConfigCommand,
  CreateModelCommand,
  DescribeEndpointCommand,
  UpdateEndpointCommand,
  type DescribeEndpointOutput,
} from "@aws-sdk/client-sagemaker";
import { InvokeEndpointCommand, ModelError } from "@aws-sdk/client-sagemaker-runtime";
import { DEFAULT_INVOCATION_TIMEOUT_MS } from "../../src/emulator/config";
import { builtInContainers } from "../../src/emulator/containers";
import type { ContainerFactory } from "../../src/emulator/containers/container";
import { Prng } from "../../src/models/prng";
import { loadLinearLearner } from "../../src/models";
import { startCli, type CliEmulator } from "./support/cli";
import { startTestEmulator } from "../../support/emulator";
import {
  ARTIFACT,
  ENHANCED_METRICS,
  LINEAR_LEARNER_IMAGE,
  MODEL_BUCKET,
  ROLE,
  ROOT,
  ROW,
  deployLinearLearner,
  uploadArtifact,
  whenPublished,
} from "./support/fixtures";
import { canaryConfig } from "../../support/deployment-config";
import { report } from "./support/summary";

const answerOf = (artifact: string) =>
  loadLinearLearner(readFileSync(join(ROOT, "data", artifact)), artifact)
    .invoke(Buffer.from(ROW), "text/csv", "application/json")
    .body.toString();
const ANSWERS: Record<string, string> = { v1: answerOf("005-model.tar.gz"), v2: answerOf("009-model.tar.gz") };
const STEP_MS = 400;

const figures = {
  killsDuringDeployment: 0,
  deploymentRecoveries: 0,
  invocationsAfterRestarts: 0,
  killsDuringUploads: 0,
  uploadRecoveries: 0,
  uploadsSent: 0,
  uploadsAcknowledged: 0,
  objectsVerified: 0,
  lost: 0,
  halfWrittenVisible: 0,
  containerFaults: 0,
  containerFaultsAnswered: 0,
  servedMeanwhile: 0,
};
const dirs: string[] = [];
const running: CliEmulator[] = [];

const stateDir = () => {
  const dir = mkdtempSync(join(tmpdir(), "reliability-faults-"));
  dirs.push(dir);
  return dir;
};

async function start(dir: string): Promise<CliEmulator> {
  const e = await startCli(dir, ["--provisioning-delay-ms", String(STEP_MS)]);
  running.push(e);
  return e;
}

afterAll(async () => {
  for (const e of running) await e.kill();
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  const injected = figures.killsDuringDeployment + figures.killsDuringUploads + figures.containerFaults;
  const recovered = figures.deploymentRecoveries + figures.uploadRecoveries + figures.containerFaultsAnswered;
  report({
    order: 5,
    title: "Faults (SIGKILL and restart)",
    figures: {
      "faults injected": injected,
      "  during a canary deployment": figures.killsDuringDeployment,
      "  during S3 uploads": figures.killsDuringUploads,
      "  container hangs and crashes (requests)": figures.containerFaults,
      "recovered into a consistent state": recovered,
      "invocations answered right after restarts": figures.invocationsAfterRestarts,
      "uploads sent": figures.uploadsSent,
      "uploads acknowledged": figures.uploadsAcknowledged,
      "objects verified after restarts": figures.objectsVerified,
      "acknowledged objects lost": figures.lost,
      "half-written objects visible": figures.halfWrittenVisible,
      "hung/crashed requests answered with AWS's ModelError": figures.containerFaultsAnswered,
      "other requests served meanwhile": figures.servedMeanwhile,
      "faults not recovered": injected - recovered,
    },
  });
});

/** What a poller sees: status, serving and pending configuration, and each variant status message. */
function phaseOf(d: DescribeEndpointOutput): string {
  const statuses = [...(d.PendingDeploymentSummary?.ProductionVariants ?? []), ...(d.ProductionVariants ?? [])].flatMap(
    (v) => (v.VariantStatus ?? []).map((s) => `${s.Status}: ${s.StatusMessage}`),
  );
  return `${d.EndpointStatus} ${d.EndpointConfigName}${d.PendingDeploymentSummary ? ` → ${d.PendingDeploymentSummary.EndpointConfigName}` : ""} [${statuses.join("; ")}]`;
}

async function invokeOnce(e: CliEmulator): Promise<string> {
  const out = await e.runtime.send(
    new InvokeEndpointCommand({
      EndpointName: "canary",
      Body: Buffer.from(ROW),
      ContentType: "text/csv",
      Accept: "application/json",
    }),
  );
  const body = Buffer.from(out.Body).toString("utf8");
  const config = Object.keys(ANSWERS).find((c) => ANSWERS[c] === body);
  if (!config) throw new Error(`answer of neither model: ${body}`);
  return config;
}

describe("SIGKILL during a canary deployment", () => {
  it("comes back after a kill in each phase in a documented state, serving, and the deployment finishes on the new configuration", async () => {
    const dir = stateDir();
    let e = await start(dir);
    await e.s3.send(new CreateBucketCommand({ Bucket: "models" }));
    for (const key of ["005-model.tar.gz", "009-model.tar.gz"])
      await e.s3.send(
        new PutObjectCommand({ Bucket: "models", Key: key, Body: readFileSync(join(ROOT, "data", key)) }),
      );
    for (const [name, key] of [
      ["v1", "005-model.tar.gz"],
      ["v2", "009-model.tar.gz"],
    ] as const) {
      await e.sagemaker.send(
        new CreateModelCommand({
          ModelName: name,
          ExecutionRoleArn: ROLE,
          PrimaryContainer: { Image: LINEAR_LEARNER_IMAGE, ModelDataUrl: `s3://models/${key}` },
        }),
      );
      await e.sagemaker.send(
        new CreateEndpointConfigCommand({
          EndpointConfigName: name,
          ProductionVariants: [
            { VariantName: "AllTraffic", ModelName: name, InitialInstanceCount: 3, InstanceType: "ml.m5.large" },
          ],
        }),
      );
    }
    await e.sagemaker.send(new CreateEndpointCommand({ EndpointName: "canary", EndpointConfigName: "v1" }));
    const describe = () => e.sagemaker.send(new DescribeEndpointCommand({ EndpointName: "canary" }));
    for (let i = 0; i < 200 && (await describe()).EndpointStatus === "Creating"; i++)
      await new Promise((r) => setTimeout(r, 50));
    expect((await describe()).EndpointStatus).toBe("InService");
    expect(await invokeOnce(e)).toBe("v1");

    await e.sagemaker.send(
      new UpdateEndpointCommand({
        EndpointName: "canary",
        EndpointConfigName: "v2",
        DeploymentConfig: canaryConfig(6, { terminationWait: 6 }),
      }),
    );
    const killPoints: [string, RegExp][] = [
      ["green launching", /Creating: Launching 3 instance\(s\)\./],
      // AWS labels every bake "(TerminationWaitInSeconds)", the canary's too (reference §3).
      [
        "canary baking",
        /Baking: Baking for 6 seconds \(TerminationWaitInSeconds\) with traffic enabled on canary capacity/,
      ],
      [
        "final baking",
        /Baking: Baking for 6 seconds \(TerminationWaitInSeconds\) with traffic enabled on full capacity/,
      ],
    ];
    const seen: string[] = [];
    for (const [label, phase] of killPoints) {
      // Poll (bounded) until the deployment is in this phase, serving all along.
      let reached = false;
      for (let i = 0; i < 400 && !reached; i++) {
        const d = await describe();
        const p = phaseOf(d);
        if (seen.at(-1) !== p) seen.push(p);
        reached = phase.test(p);
        if (d.EndpointStatus === "InService") break;
        if (!reached) await new Promise((r) => setTimeout(r, 25));
      }
      expect(reached, `${label} never seen; phases: ${seen.join(" | ")}`).toBe(true);
      await e.kill();
      figures.killsDuringDeployment++;

      e = await start(dir);
      const d = await describe();
      const p = phaseOf(d);
      seen.push(`(restarted) ${p}`);
      // Documented states: InService on either configuration, or still Updating from v1 to v2.
      expect(["InService", "Updating"]).toContain(d.EndpointStatus);
      if (d.EndpointStatus === "Updating")
        expect([d.EndpointConfigName, d.PendingDeploymentSummary?.EndpointConfigName]).toEqual(["v1", "v2"]);
      else expect(["v1", "v2"]).toContain(d.EndpointConfigName);
      for (let i = 0; i < 10; i++) {
        expect(["v1", "v2"]).toContain(await invokeOnce(e));
        figures.invocationsAfterRestarts++;
      }
      figures.deploymentRecoveries++;
    }

    let final = await describe();
    for (let i = 0; i < 400 && final.EndpointStatus !== "InService"; i++) {
      await new Promise((r) => setTimeout(r, 50));
      final = await describe();
    }
    expect({
      status: final.EndpointStatus,
      config: final.EndpointConfigName,
      pending: final.PendingDeploymentSummary,
      failure: final.FailureReason,
    }).toEqual({
      status: "InService",
      config: "v2",
      pending: undefined,
      failure: undefined,
    });
    for (let i = 0; i < 10; i++) expect(await invokeOnce(e)).toBe("v2");
    await e.stop();
  }, 180_000);
});

describe("SIGKILL during S3 uploads", () => {
  interface Sent {
    body: Buffer;
    etag: string;
    acknowledged: boolean;
  }

  it("keeps every acknowledged object with its ETag, and shows no half-written one, over three kills", async () => {
    const dir = stateDir();
    const prng = new Prng(8);
    /** Per key, every version sent, in order (one writer per key, so at most the last is in flight). */
    const history = new Map<string, Sent[]>();
    let e = await start(dir);
    await e.s3.send(new CreateBucketCommand({ Bucket: "uploads" }));

    const writer = async (emulator: CliEmulator, w: number, round: number) => {
      for (let i = 0; ; i++) {
        const key = `writer-${w}/object-${i % 6}`;
        const size = prng.integer(0, 3) === 0 ? prng.integer(100_000, 400_000) : prng.integer(0, 8_000);
        const body = Buffer.alloc(size);
        for (let b = 0; b + 4 <= size; b += 4) body.writeUInt32LE((prng.next() * 2 ** 32) >>> 0, b);
        for (let b = size - (size % 4); b < size; b++) body[b] = prng.integer(0, 255);
        body.write(`r${round} w${w} i${i} `, 0, "latin1");
        const sent: Sent = { body, etag: `"${createHash("md5").update(body).digest("hex")}"`, acknowledged: false };
        history.set(key, [...(history.get(key) ?? []), sent]);
        figures.uploadsSent++;
        let r;
        try {
          r = await emulator.wire.send({ service: "s3", method: "PUT", path: `/uploads/${key}`, body });
        } catch {
          return; // the emulator is gone: this upload was not acknowledged
        }
        expect(r.status).toBe(200);
        expect(r.headers["etag"]).toBe(sent.etag);
        sent.acknowledged = true;
        figures.uploadsAcknowledged++;
      }
    };

    const verify = async (emulator: CliEmulator) => {
      for (const [key, versions] of history) {
        const last = versions.map((v) => v.acknowledged).lastIndexOf(true);
        // The last acknowledged version, or a later one whose upload was cut off after it was written.
        const allowed = last < 0 ? versions : versions.slice(last);
        const r = await emulator.wire.send({ service: "s3", method: "GET", path: `/uploads/${key}` });
        figures.objectsVerified++;
        if (r.status === 404) {
          if (last >= 0) figures.lost++;
          expect(last, `${key}: acknowledged, then gone`).toBe(-1);
          continue;
        }
        expect(r.status).toBe(200);
        const match = allowed.find((v) => v.body.equals(r.body));
        if (!match) {
          if (allowed.some((v) => v.body.length !== r.body.length)) figures.halfWrittenVisible++;
          else figures.lost++;
        }
        expect(match, `${key}: ${r.body.length} bytes, none of the versions it may hold`).toBeDefined();
        expect(r.headers["etag"]).toBe(match!.etag);
      }
      const listed = await emulator.wire.send({
        service: "s3",
        method: "GET",
        path: "/uploads",
        query: { "list-type": "2", "max-keys": "1000" },
      });
      const keys = [...listed.body.toString("utf8").matchAll(/<Key>([^<]*)<\/Key>/g)].map((m) => m[1]!);
      for (const key of keys) expect(history.has(key), key).toBe(true);
      expect(leftovers(dir)).toEqual([]);
    };

    for (let round = 0; round < 3; round++) {
      const before = figures.uploadsAcknowledged;
      const writers = Array.from({ length: 16 }, (_, w) => writer(e, w, round));
      // The kill lands while uploads are flowing: after this round's first twenty acknowledgements (however
      // long a busy machine takes to reach them), at a random moment within the next 700 ms.
      while (figures.uploadsAcknowledged - before < 20) await new Promise((r) => setTimeout(r, 10));
      await new Promise((r) => setTimeout(r, prng.integer(0, 700)));
      await e.kill();
      figures.killsDuringUploads++;
      await Promise.all(writers);
      e = await start(dir);
      await verify(e);
      figures.uploadRecoveries++;
    }
    expect(figures.lost).toBe(0);
    expect(figures.halfWrittenVisible).toBe(0);
    expect(figures.uploadsAcknowledged).toBeGreaterThan(50);
    await e.stop();
  }, 180_000);
});

/** Temp files (`*.tmp`) anywhere in the state directory: a crash must not leave them behind after a restart. */
function leftovers(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    for (const name of readdirSync(d)) {
      const p = join(d, name);
      if (statSync(p).isDirectory()) walk(p);
      else if (name.endsWith(".tmp")) out.push(p);
    }
  };
  walk(join(dir, "s3"));
  return out;
}

describe("a model container that hangs or crashes", () => {
  const TIMEOUT_MS = 1500;
  const ACCOUNT = "000000000000";
  /** The built-in container, except for the artifacts named hang/crash: those never answer, or go away. */
  const faulty: ContainerFactory = (algorithm, artifact, source, image) => {
    const container = builtInContainers(algorithm, artifact, source, image);
    if (source.includes("hang")) return { ping: () => true, invoke: () => new Promise<never>(() => {}) };
    if (source.includes("crash"))
      return { ping: () => true, invoke: () => Promise.reject(new Error("container exited (signal 9)")) };
    return container;
  };

  it("is given up on after the per-request time limit, which is SageMaker's 60 s by default", () => {
    expect(DEFAULT_INVOCATION_TIMEOUT_MS).toBe(60_000);
  });

  it("yields AWS's ModelError and Invocation5XXErrors, while the emulator keeps serving everything else", async () => {
    const t = await startTestEmulator({ invocationTimeoutMs: TIMEOUT_MS, containers: faulty });
    try {
      const s3 = t.s3();
      const sm = t.sagemaker();
      await uploadArtifact(s3);
      for (const key of ["hang.tar.gz", "crash.tar.gz"])
        await s3.send(new PutObjectCommand({ Bucket: MODEL_BUCKET, Key: key, Body: ARTIFACT }));
      expect(await deployLinearLearner(sm, "healthy")).toBe("InService");
      for (const name of ["hang", "crash"]) {
        await sm.send(
          new CreateModelCommand({
            ModelName: name,
            ExecutionRoleArn: ROLE,
            PrimaryContainer: { Image: LINEAR_LEARNER_IMAGE, ModelDataUrl: `s3://${MODEL_BUCKET}/${name}.tar.gz` },
          }),
        );
        await sm.send(
          new CreateEndpointConfigCommand({
            EndpointConfigName: name,
            ProductionVariants: [
              { VariantName: "AllTraffic", ModelName: name, InitialInstanceCount: 2, InstanceType: "ml.m5.large" },
            ],
            MetricsConfig: ENHANCED_METRICS,
          }),
        );
        await sm.send(new CreateEndpointCommand({ EndpointName: name, EndpointConfigName: name }));
        for (
          let i = 0;
          i < 200 && (await sm.send(new DescribeEndpointCommand({ EndpointName: name }))).EndpointStatus === "Creating";
          i++
        )
          await new Promise((r) => setTimeout(r, 20));
      }
      const runtime = t.runtime();
      const invoke = (EndpointName: string) =>
        runtime.send(
          new InvokeEndpointCommand({
            EndpointName,
            Body: Buffer.from(ROW),
            ContentType: "text/csv",
            Accept: "application/json",
          }),
        );
      const failed = async (EndpointName: string) => {
        try {
          await invoke(EndpointName);
        } catch (e) {
          return e as ModelError;
        }
        throw new Error(`${EndpointName} answered`);
      };

      // Eight hung and eight crashing requests in flight; meanwhile the healthy endpoint and S3 answer.
      const faults = [
        ...Array.from({ length: 8 }, () => failed("hang")),
        ...Array.from({ length: 8 }, () => failed("crash")),
      ];
      figures.containerFaults += faults.length;
      for (let i = 0; i < 20; i++) {
        expect(Buffer.from((await invoke("healthy")).Body).toString("utf8")).toBe(ANSWERS["v1"]);
        await s3.send(new ListBucketsCommand({}));
        figures.servedMeanwhile += 2;
      }
      const errors = await Promise.all(faults);
      const logs = (endpoint: string) =>
        `See https://us-east-1.console.aws.amazon.com/cloudwatch/home?region=us-east-1#logEventViewer:group=/aws/sagemaker/Endpoints/${endpoint} in account ${ACCOUNT} for more information.`;
      const hang =
        "Your invocation timed out while waiting for a response from container primary. Review the latency metrics for each container in Amazon CloudWatch, resolve the issue, and try again.";
      const crash =
        "Amazon SageMaker could not get a response from the crash endpoint. This can occur when CPU or memory utilization is high. To check your utilization, see Amazon CloudWatch. To fix this problem, use an instance type with more CPU capacity or memory.";
      for (const [i, e] of errors.entries()) {
        const [endpoint, message] = i < 8 ? ["hang", hang] : ["crash", crash];
        expect(e).toBeInstanceOf(ModelError);
        expect({
          status: e.$metadata.httpStatusCode,
          original: e.OriginalStatusCode,
          originalMessage: e.OriginalMessage,
          message: e.message,
        }).toEqual({
          status: 424,
          original: 0,
          originalMessage: message,
          message: `Received server error (0) from primary with message "${message}". ${logs(endpoint)}`,
        });
        figures.containerFaultsAnswered++;
      }

      const sum = async (endpoint: string, metric: string) => {
        const out = await t.cloudwatch().send(
          new GetMetricStatisticsCommand({
            Namespace: "AWS/SageMaker",
            MetricName: metric,
            Dimensions: [
              { Name: "EndpointName", Value: endpoint },
              { Name: "VariantName", Value: "AllTraffic" },
            ],
            StartTime: new Date(Date.now() - 600_000),
            EndTime: new Date(Date.now() + 60_000),
            Period: 60,
            Statistics: ["Sum"],
          }),
        );
        return out.Datapoints?.reduce((n, d) => n + (d.Sum ?? 0), 0) ?? 0;
      };
      const counts = async (endpoint: string) => ({
        Invocations: await sum(endpoint, "Invocations"),
        Invocation5XXErrors: await sum(endpoint, "Invocation5XXErrors"),
        Invocation4XXErrors: await sum(endpoint, "Invocation4XXErrors"),
        InvocationModelErrors: await sum(endpoint, "InvocationModelErrors"),
      });
      const faulty = { Invocations: 8, Invocation5XXErrors: 8, Invocation4XXErrors: 0, InvocationModelErrors: 8 };
      for (const endpoint of ["hang", "crash"])
        expect(await whenPublished(() => counts(endpoint), faulty)).toEqual(faulty);
      const healthy = { Invocations: 20, Invocation5XXErrors: 0, Invocation4XXErrors: 0, InvocationModelErrors: 0 };
      expect(await whenPublished(() => counts("healthy"), healthy)).toEqual(healthy);
    } finally {
      await t.stop();
    }
  }, 120_000);
});
