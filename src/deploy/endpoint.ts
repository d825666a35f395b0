/**
 * Bringing the endpoint to a given config whatever state it is in: create it,
 * wait out a deployment in progress, replace a Failed one, or move it with a
 * plain (all-at-once) update. Reruns of a task therefore always start from
 * the same place.
 */
import { CreateEndpointCommand, DeleteEndpointCommand, UpdateEndpointCommand } from "@aws-sdk/client-sagemaker";
import type { Clients } from "../clients";
import { PROJECT_TAG } from "../config";
import { describeEndpoint, settledAfter, TRANSITIONAL, watchEndpoint, type Observation } from "./watch";

export interface EndpointResult {
  action: "created" | "reused" | "updated" | "recreated";
  timeline: Observation[];
  status: string;
  configName?: string;
  failureReason?: string;
}

export async function deleteEndpointAndWait(clients: Clients, endpoint: string, pollMs: number): Promise<Observation[]> {
  await clients.sagemaker.send(new DeleteEndpointCommand({ EndpointName: endpoint }));
  return watchEndpoint(clients, endpoint, { title: `Deleting ${endpoint}`, pollMs, until: (o) => o.status === "Gone" });
}

export async function ensureEndpointOn(clients: Clients, endpoint: string, configName: string, pollMs: number): Promise<EndpointResult> {
  const title = `${endpoint} → ${configName}`;
  let current = await describeEndpoint(clients, endpoint);
  const timeline: Observation[] = [];
  if (current && TRANSITIONAL.has(current.EndpointStatus ?? "")) {
    timeline.push(...(await watchEndpoint(clients, endpoint, { title: `Waiting for ${endpoint} to settle`, pollMs })));
    current = await describeEndpoint(clients, endpoint);
  }
  let action: EndpointResult["action"];
  if (current?.EndpointStatus === "InService" && current.EndpointConfigName === configName) {
    action = "reused";
  } else if (current?.EndpointStatus === "InService") {
    action = "updated";
    await clients.sagemaker.send(new UpdateEndpointCommand({ EndpointName: endpoint, EndpointConfigName: configName }));
  } else {
    // Missing, or in a state only deletion leaves (Failed, OutOfService, UpdateRollbackFailed).
    action = current ? "recreated" : "created";
    if (current) timeline.push(...(await deleteEndpointAndWait(clients, endpoint, pollMs)));
    await clients.sagemaker.send(new CreateEndpointCommand({ EndpointName: endpoint, EndpointConfigName: configName, Tags: [PROJECT_TAG] }));
  }
  if (action !== "reused") {
    timeline.push(
      ...(await watchEndpoint(clients, endpoint, {
        title,
        pollMs,
        until: settledAfter(configName),
      })),
    );
  }
  const last = await describeEndpoint(clients, endpoint);
  return {
    action,
    timeline,
    status: last?.EndpointStatus ?? "Gone",
    configName: last?.EndpointConfigName,
    failureReason: last?.FailureReason,
  };
}
