/**
 * Idempotent sends of the requests a cell builds: CreateModel and
 * CreateEndpointConfig are sent when the resource is missing, skipped when
 * what exists matches the request, and the resource replaced when it differs
 * (only if it carries the project tag – someone else's is never deleted).
 * Every request is shown before it is decided on.
 */
import {
  CreateEndpointConfigCommand,
  CreateModelCommand,
  DeleteEndpointConfigCommand,
  DeleteModelCommand,
  DescribeEndpointConfigCommand,
  DescribeModelCommand,
  ListTagsCommand,
  type CreateEndpointConfigCommandInput,
  type CreateModelCommandInput,
} from "@aws-sdk/client-sagemaker";
import type { Clients } from "../clients";
import { PROJECT_TAG } from "../config";
import { isNotFound, NotebookError, withNextStep } from "../errors";
import { log } from "../../view/live/log";
import { differences } from "./differences";
import { showRequest } from "../../view/live/request";
import type { Session } from "../session";

export type Action = "created" | "reused" | "replaced";

/**
 * What a create helper did with the resource – created, reused or replaced – and the members it
 * differed in.
 */
export interface EnsureResult {
  name: string;
  arn: string;
  action: Action;
  /** Members of the request the replaced resource differed in. */
  differed: string[];
}

export async function describeOrUndefined<T>(describe: () => Promise<T>): Promise<T | undefined> {
  try {
    return await describe();
  } catch (e) {
    if (isNotFound(e)) return undefined;
    throw e;
  }
}

/** Whether the resource carries the project tag (cleanup and replacement touch only those). */
export async function ownedByProject(clients: Clients, arn: string | undefined): Promise<boolean> {
  if (!arn) return false;
  const tags = await clients.sagemaker.send(new ListTagsCommand({ ResourceArn: arn }));
  return (tags.Tags ?? []).some((t) => t.Key === PROJECT_TAG.Key && t.Value === PROJECT_TAG.Value);
}

interface Resource<D> {
  operation: string;
  type: string;
  name: string;
  describe(): Promise<D | undefined>;
  arnOf(described: D): string | undefined;
  remove(): Promise<unknown>;
  create(): Promise<string | undefined>;
}

async function ensure<D extends object>(session: Session, input: object, r: Resource<D>): Promise<EnsureResult> {
  showRequest(r.operation, input);
  return withNextStep(session, async () => {
    const current = await r.describe();
    const differed = current ? differences(input, current) : [];
    if (current && differed.length === 0) {
      const arn = r.arnOf(current) ?? "";
      log(`♻️ ${r.type} ${r.name} exists and matches the request: reused (${arn}).`);
      return { name: r.name, arn, action: "reused", differed };
    }
    if (current) {
      if (!(await ownedByProject(session.clients, r.arnOf(current)))) {
        throw new NotebookError(
          `${r.type} ${r.name} exists, differs from the request in ${differed.join(", ")}, and is not this project's (no ${PROJECT_TAG.Key} tag): delete or rename it yourself.`,
        );
      }
      await r.remove();
    }
    const arn = (await r.create()) ?? "";
    log(
      current
        ? `🔁 ${r.type} ${r.name} differed in ${differed.join(", ")}: replaced (${arn}).`
        : `✅ Created ${r.type} ${r.name}: ${arn}`,
    );
    return { name: r.name, arn, action: current ? "replaced" : "created", differed };
  });
}

/**
 * Sends a cell's CreateModel idempotently: created when missing, reused when it matches the request,
 * replaced when it differs (only if it carries the project tag).
 */
export function createModel(session: Session, input: CreateModelCommandInput): Promise<EnsureResult> {
  const sm = session.clients.sagemaker;
  const name = input.ModelName ?? "";
  return ensure(session, input, {
    operation: "CreateModel",
    type: "Model",
    name,
    describe: () => describeOrUndefined(() => sm.send(new DescribeModelCommand({ ModelName: name }))),
    arnOf: (d) => d.ModelArn,
    remove: () => sm.send(new DeleteModelCommand({ ModelName: name })),
    create: async () => (await sm.send(new CreateModelCommand(input))).ModelArn,
  });
}

/** SageMaker lets an endpoint config in use be replaced: an endpoint keeps what it launched. */
export function createEndpointConfig(session: Session, input: CreateEndpointConfigCommandInput): Promise<EnsureResult> {
  const sm = session.clients.sagemaker;
  const name = input.EndpointConfigName ?? "";
  return ensure(session, input, {
    operation: "CreateEndpointConfig",
    type: "EndpointConfig",
    name,
    describe: () => describeOrUndefined(() => sm.send(new DescribeEndpointConfigCommand({ EndpointConfigName: name }))),
    arnOf: (d) => d.EndpointConfigArn,
    remove: () => sm.send(new DeleteEndpointConfigCommand({ EndpointConfigName: name })),
    create: async () => (await sm.send(new CreateEndpointConfigCommand(input))).EndpointConfigArn,
  });
}
