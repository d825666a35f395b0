/**
 * The endpoint lifecycle (reference §3, §4): an endpoint is created Creating, every later
 * EndpointStatus change goes through `moveTo`, and the moves the emulator makes are listed once,
 * in MOVES:
 *   Creating    → InService | Failed            the fleet came up, or could not start
 *   InService   → Updating                      UpdateEndpoint, UpdateEndpointWeightsAndCapacities
 *   Updating    → RollingBack                   a guardrail tripped, or the new fleet could not start
 *   Updating    → InService                     deployed, or new weights applied (also: after a
 *                                               restart the new fleet cannot come back: rolled back at once)
 *   RollingBack → InService                     back on the old configuration, with FailureReason
 *   InService | Updating | RollingBack → Failed after a restart, the serving fleet's model data is gone
 *   InService | Failed → Deleting               DeleteEndpoint; then the record is removed
 * A move not listed is a bug in the emulator, not a client error: `moveTo` throws.
 *
 * Of AWS's statuses the emulator never produces OutOfService (endpoints are never taken out of
 * service here), SystemUpdating (no AWS-side maintenance) nor UpdateRollbackFailed (a rollback
 * returns to a fleet that is still serving, so it cannot fail); they remain valid ListEndpoints
 * filters.
 */
import type { EndpointStatus } from "@aws-sdk/client-sagemaker";
import { sageMakerErrors } from "./errors";
import type { EndpointRecord } from "./records";

/** Every EndpointStatus AWS defines (ListEndpoints' StatusEquals accepts each). */
export const ENDPOINT_STATUSES: readonly EndpointStatus[] = [
  "OutOfService",
  "Creating",
  "Updating",
  "SystemUpdating",
  "RollingBack",
  "InService",
  "Deleting",
  "Failed",
  "UpdateRollbackFailed",
];

/** The statuses the emulator produces. */
export type LifecycleStatus = Extract<
  EndpointStatus,
  "Creating" | "InService" | "Updating" | "RollingBack" | "Failed" | "Deleting"
>;

export const MOVES: Readonly<Record<LifecycleStatus, readonly LifecycleStatus[]>> = {
  Creating: ["InService", "Failed"],
  InService: ["Updating", "Failed", "Deleting"],
  Updating: ["RollingBack", "InService", "Failed"],
  RollingBack: ["InService", "Failed"],
  Failed: ["Deleting"],
  Deleting: [],
};

/** A transition in progress: AWS refuses UpdateEndpoint and DeleteEndpoint meanwhile. */
const IN_PROGRESS: ReadonlySet<EndpointStatus> = new Set<EndpointStatus>([
  "Creating",
  "Updating",
  "SystemUpdating",
  "RollingBack",
]);

export function canMove(from: EndpointStatus, to: EndpointStatus): boolean {
  return Object.hasOwn(MOVES, from) && (MOVES[from as LifecycleStatus] as readonly EndpointStatus[]).includes(to);
}

/** What a move may change besides the status (which it sets) and LastModifiedTime (now). */
export type MoveChanges = Partial<
  Omit<EndpointRecord, "name" | "arn" | "status" | "created" | "lastModified" | "tags">
>;

/** Moves the endpoint to `to` at `now` with `changes`; throws on a move MOVES does not list. */
export function moveTo(record: EndpointRecord, to: LifecycleStatus, now: number, changes: MoveChanges = {}): void {
  if (!canMove(record.status, to))
    throw new Error(`Endpoint ${record.name} cannot move from ${record.status} to ${to}.`);
  Object.assign(record, changes, { status: to, lastModified: now });
}

/** Refuses an update of an endpoint that is not InService, with AWS's errors. */
export function checkUpdatable(record: EndpointRecord): void {
  checkNotInProgress(record);
  if (record.status !== "InService") throw sageMakerErrors.notUpdatable(record.arn, record.status);
}

/** Refuses a change (update, deletion) of an endpoint in transition. */
export function checkNotInProgress(record: EndpointRecord): void {
  if (IN_PROGRESS.has(record.status) || record.status === "Deleting") throw sageMakerErrors.inProgress(record.arn);
}
