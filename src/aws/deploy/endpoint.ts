/**
 * CreateEndpoint sent from a cell, idempotently: the endpoint is created when
 * missing, reused when it already serves the requested config, moved there
 * with a plain UpdateEndpoint when it serves another, and recreated when it is
 * in a state only deletion leaves (Failed, UpdateRollbackFailed). A
 * deployment in progress is waited out first. Live status while it waits.
 */
import {
  CreateEndpointCommand,
  DeleteEndpointCommand,
  UpdateEndpointCommand,
  type CreateEndpointCommandInput,
  type DescribeEndpointCommandOutput,
  type UpdateEndpointCommandInput,
} from "@aws-sdk/client-sagemaker";
import type { Clients } from "../clients";
import { withNextStep, NotebookError } from "../errors";
import { log } from "../../view/live/log";
import { showRequest } from "../../view/live/request";
import type { Session } from "../session";
import { ownedByProject } from "./resources";
import { describeEndpoint, settledAfter, TRANSITIONAL, watchEndpoint, type Observation } from "./watch";

/** What createEndpoint did, the endpoint it left (as DescribeEndpoint shows it) and the polls it watched. */
export interface EndpointResult {
  action: "created" | "reused" | "updated" | "recreated";
  timeline: Observation[];
  status: string;
  configName?: string;
  failureReason?: string;
  /** DescribeEndpoint after the wait, as the original notebook shows it. */
  description?: DescribeEndpointCommandOutput;
}

export async function deleteEndpointAndWait(
  clients: Clients,
  endpoint: string,
  pollMs: number,
): Promise<Observation[]> {
  await clients.sagemaker.send(new DeleteEndpointCommand({ EndpointName: endpoint }));
  return watchEndpoint(clients, endpoint, { title: `Deleting ${endpoint}`, pollMs, until: (o) => o.status === "Gone" });
}

/** Waits out a create, update or rollback in progress; returns what the endpoint then is. */
export async function settled(
  session: Session,
  endpoint: string,
  timeline: Observation[] = [],
): Promise<DescribeEndpointCommandOutput | undefined> {
  const current = await describeEndpoint(session.clients, endpoint);
  if (!current || !TRANSITIONAL.has(current.EndpointStatus ?? "")) return current;
  timeline.push(
    ...(await watchEndpoint(session.clients, endpoint, {
      title: `Waiting for ${endpoint} to settle`,
      pollMs: session.config.profile.pollMs,
    })),
  );
  return describeEndpoint(session.clients, endpoint);
}

/**
 * Sends a cell's CreateEndpoint idempotently and waits, with a live status, until the endpoint is
 * InService on the requested config: created when missing, reused when it already serves it, moved
 * there with a plain UpdateEndpoint when it serves another, recreated when Failed (only if it carries
 * the project tag).
 */
export function createEndpoint(session: Session, input: CreateEndpointCommandInput): Promise<EndpointResult> {
  showRequest("CreateEndpoint", input);
  return withNextStep(session, async () => {
    const { clients } = session;
    const endpoint = input.EndpointName ?? "";
    const target = input.EndpointConfigName ?? "";
    const timeline: Observation[] = [];
    const current = await settled(session, endpoint, timeline);
    let action: EndpointResult["action"];
    if (current?.EndpointStatus === "InService" && current.EndpointConfigName === target) {
      action = "reused";
      log(`♻️ Endpoint ${endpoint} is InService on ${target}: reused.`);
    } else if (current?.EndpointStatus === "InService") {
      action = "updated";
      const update: UpdateEndpointCommandInput = { EndpointName: endpoint, EndpointConfigName: target };
      log(
        `Endpoint ${endpoint} exists and serves ${current.EndpointConfigName}: moving it to ${target} with a plain UpdateEndpoint.`,
      );
      showRequest("UpdateEndpoint", update);
      await clients.sagemaker.send(new UpdateEndpointCommand(update));
    } else {
      action = current ? "recreated" : "created";
      if (current) {
        if (!(await ownedByProject(clients, current.EndpointArn))) {
          throw new NotebookError(
            `Endpoint ${endpoint} is ${current.EndpointStatus} and is not this project's: delete it yourself, or pick another EndpointName.`,
          );
        }
        log(`Endpoint ${endpoint} is ${current.EndpointStatus}: deleting it to create it again.`);
        timeline.push(...(await deleteEndpointAndWait(clients, endpoint, session.config.profile.pollMs)));
      }
      await clients.sagemaker.send(new CreateEndpointCommand(input));
    }
    if (action !== "reused") {
      timeline.push(
        ...(await watchEndpoint(clients, endpoint, {
          title: `${endpoint} → ${target}`,
          pollMs: session.config.profile.pollMs,
          until: settledAfter(target),
        })),
      );
    }
    const last = await describeEndpoint(clients, endpoint);
    const result: EndpointResult = {
      action,
      timeline,
      status: last?.EndpointStatus ?? "Gone",
      configName: last?.EndpointConfigName,
      failureReason: last?.FailureReason,
      description: last,
    };
    if (result.status !== "InService")
      throw new NotebookError(
        `Endpoint ${endpoint} is ${result.status}: ${result.failureReason ?? "no FailureReason given"}`,
      );
    log(`✅ Endpoint ${endpoint} is InService on ${result.configName ?? "?"} (${action}).`);
    return result;
  });
}
