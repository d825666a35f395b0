/**
 * Capture durability: the emulator runs as its own process and is SIGKILLed while 8 clients send
 * traffic to a shadow endpoint with capture on. A record is acknowledged once it is in the
 * capture journal, and the production record is acknowledged before InvokeEndpoint answers; so
 * after a restart every answered request has its production record in S3, and nothing is doubled.
 */
import { readdirSync, readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { CreateEndpointConfigCommand } from "@aws-sdk/client-sagemaker";
import { InvokeEndpointCommand } from "@aws-sdk/client-sagemaker-runtime";
import { ROWS, eventually, startEmulatorProcess, tempStateDir } from "../../../support/emulator";
import {
  CAPTURE_URI,
  createEndpoint,
  createModel,
  prepareBuckets,
  readCaptures,
  variant,
} from "../../../support/shadow";

const stateDir = tempStateDir();
afterAll(() => rmSync(stateDir, { recursive: true, force: true }));

/** Lines of the capture journal left on disk: records acknowledged but not yet in S3. */
const journaled = () =>
  readdirSync(join(stateDir, "capture"))
    .filter((n) => n.endsWith(".journal"))
    .reduce(
      (n, f) =>
        n +
        readFileSync(join(stateDir, "capture", f), "utf8")
          .split("\n")
          .filter(Boolean).length,
      0,
    );

describe("capture across a SIGKILL mid-traffic", () => {
  it("loses no acknowledged record and doubles none", async () => {
    const first = await startEmulatorProcess(stateDir, ["--provisioning-delay-ms", "50"]);
    await prepareBuckets(first);
    await createModel(first, "prod", "linear-learner", "005-model.tar.gz");
    await createModel(first, "shadow", "linear-learner", "009-model.tar.gz");
    await first.sagemaker().send(
      new CreateEndpointConfigCommand({
        EndpointConfigName: "crash",
        ProductionVariants: [variant("AllTraffic", "prod")],
        ShadowProductionVariants: [variant("ShadowVariant", "shadow")],
        DataCaptureConfig: {
          InitialSamplingPercentage: 100,
          DestinationS3Uri: CAPTURE_URI,
          CaptureOptions: [{ CaptureMode: "Input" }, { CaptureMode: "Output" }],
        },
      }),
    );
    await createEndpoint(first, "crash", "crash");

    const answered: string[] = [];
    let next = 0;
    const rt = first.runtime();
    const clients = Array.from({ length: 8 }, async () => {
      for (;;) {
        const InferenceId = `crash-${next++}`;
        try {
          await rt.send(
            new InvokeEndpointCommand({
              EndpointName: "crash",
              Body: Buffer.from(ROWS[next % ROWS.length]!),
              ContentType: "text/csv",
              InferenceId,
            }),
          );
        } catch {
          return; // the emulator is gone
        }
        answered.push(InferenceId);
      }
    });
    try {
      // Minutes at most: eight clients on a busy machine may get a few requests a second.
      await eventually(() => Promise.resolve(answered.length >= 400 ? true : undefined), 240_000);
    } finally {
      await first.kill("SIGKILL");
    }
    await Promise.all(clients);
    expect(journaled()).toBeGreaterThan(0); // the kill caught records that were only in the journal

    const second = await startEmulatorProcess(stateDir, ["--provisioning-delay-ms", "50"]);
    try {
      const records = await readCaptures(second, "crash");
      const ids = (v: string) => records.filter((r) => r.variant === v).map((r) => r.eventMetadata.inferenceId!);
      const production = new Set(ids("AllTraffic"));
      for (const id of answered) expect(production.has(id)).toBe(true);
      expect(ids("AllTraffic")).toHaveLength(production.size);
      expect(ids("ShadowVariant")).toHaveLength(new Set(ids("ShadowVariant")).size);
      for (const id of ids("ShadowVariant")) expect(production.has(id)).toBe(true);
      expect(new Set(records.map((r) => r.eventMetadata.eventId)).size).toBe(records.length);
      expect(journaled()).toBe(0);
    } finally {
      await second.kill("SIGKILL");
    }
  }, 400_000);
});
