/**
 * The session every cell takes: configuration, clients and (once Task 0 has
 * staged them) the test payloads. Task 0 opens it with the notebook's TARGET;
 * every later task's first cell reopens it with `reconnect`, so a task runs
 * alone after a kernel restart, and says in one line which task to run first
 * when what it needs is missing.
 */
import { HeadObjectCommand } from "@aws-sdk/client-s3";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import type { Clients } from "./clients";
import { connect } from "./clients";
import { loadConfig, s3Uri, type NotebookConfig } from "./config";
import { loadPayloads as readPayloads, TEST_WITH_LABELS, type Payloads } from "./data";
import { describeEndpoint } from "./deploy/watch";
import { isMissing, NotebookError, withNextStep } from "./errors";
import { settings, type Target } from "./settings";
import { log } from "../view/live/log";

/**
 * What every helper takes first: the configuration, the AWS clients and (once loaded) the test
 * payloads. Opened by `setup` (Task 0) and `reconnect` (every later task).
 */
export class Session {
  #payloads: Payloads | undefined;
  /** When the notebook last sent traffic (epoch ms): charts wait for CloudWatch to publish it. */
  lastTrafficAt: number | undefined;
  constructor(
    readonly config: NotebookConfig,
    readonly clients: Clients,
  ) {}

  /** The labelled test set read back from S3 (Task 0 stages it; tasks 1–3 load it when they reconnect). */
  get payloads(): Payloads {
    if (!this.#payloads)
      throw new NotebookError("The test payloads are not loaded: run Task 0 (or this task's first cell) first.");
    return this.#payloads;
  }

  set payloads(payloads: Payloads) {
    this.#payloads = payloads;
  }
}

/** Where Task 0 records its TARGET, so a task reconnecting after a kernel restart uses the same one. */
const TARGET_FILE = join(__dirname, "..", "..", ".state", "target");

function recordedTarget(): Target | undefined {
  try {
    const t = readFileSync(TARGET_FILE, "utf8").trim();
    return t === "local" || t === "aws" ? t : undefined;
  } catch {
    return undefined; // Task 0 never ran in this checkout: the default applies.
  }
}

async function open(target: Target | undefined): Promise<Session> {
  let config: NotebookConfig;
  try {
    config = loadConfig(target);
  } catch (e) {
    throw new NotebookError((e as Error).message);
  }
  let clients: Clients;
  try {
    clients = await connect(config);
  } catch (e) {
    // The embedded emulator could not start: most often its state dir belongs to another running emulator.
    throw new NotebookError(
      `The local emulator could not start: ${(e as Error).message}. Stop the other emulator, or set GUARDRAILS_STATE_DIR (or GUARDRAILS_EMULATOR_PORT to reach it) and rerun this cell.`,
    );
  }
  log(`Target: ${config.target} (${clients.endpoint}), region ${config.region}, endpoint ${config.endpointName}`);
  return new Session(config, clients);
}

/**
 * Task 0: the session for `target` (default: GUARDRAILS_TARGET, else "local"),
 * remembered for the tasks that reconnect later.
 */
export async function setup(target?: Target): Promise<Session> {
  const session = await open(target);
  mkdirSync(dirname(TARGET_FILE), { recursive: true });
  writeFileSync(TARGET_FILE, session.config.target);
  return session;
}

/** Reads the test set from S3 into the session (Task 0, after staging). */
export async function loadPayloads(session: Session): Promise<Payloads> {
  return withNextStep(session, async () => {
    const payloads = await readPayloads(session.clients, session.config);
    session.payloads = payloads;
    log(`Loaded ${payloads.rows.length} test payloads from ${s3Uri(session, TEST_WITH_LABELS)}.`);
    return payloads;
  });
}

/** A task that reconnects: 1 (the real-time endpoint), 2 (the canary), 3 (shadow tests) or 4 (cleanup). */
export type TaskNumber = 1 | 2 | 3 | 4;

/**
 * A task's first cell: the session again (GUARDRAILS_TARGET, else the target
 * Task 0 recorded, else "local"), checked for what the task needs: tasks 1–3
 * the staged data, tasks 2–3 the endpoint.
 */
export async function reconnect(task: TaskNumber): Promise<Session> {
  const session = await open(settings().target ?? recordedTarget());
  return withNextStep(session, async () => {
    const { config, clients } = session;
    if ((task === 2 || task === 3) && !(await describeEndpoint(clients, config.endpointName))) {
      throw new NotebookError(
        `Task ${task} needs the endpoint ${config.endpointName}, which does not exist: run Task 1 first.`,
      );
    }
    if (task <= 3) {
      const staged = await clients.s3
        .send(new HeadObjectCommand({ Bucket: config.bucket, Key: `${config.prefix}/${TEST_WITH_LABELS}` }))
        .then(
          () => true,
          (e: unknown) => {
            if (isMissing(e)) return false;
            throw e;
          },
        );
      if (!staged)
        throw new NotebookError(
          `Task ${task} needs the test data in ${s3Uri(session, TEST_WITH_LABELS)}, which is missing: run Task 0 first.`,
        );
      await loadPayloads(session);
    }
    return session;
  });
}
