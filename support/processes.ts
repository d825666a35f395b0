/**
 * The processes of this machine whose environment holds NAME=value: how a spec finds the servers
 * an endpoint runs (its model's Environment names them) among the host's processes (Linux /proc).
 */
import { readdirSync, readFileSync } from "node:fs";
import { eventually } from "./emulator";

export function processesWith(name: string, value: string): number[] {
  const wanted = `${name}=${value}`;
  const pids: number[] = [];
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      if (readFileSync(`/proc/${entry}/environ`, "latin1").split("\0").includes(wanted)) pids.push(Number(entry));
    } catch {
      // A process that ended meanwhile, or one of another user.
    }
  }
  return pids;
}

/** Resolves once no process of this machine has NAME=value in its environment. */
export const processesGone = (name: string, value: string): Promise<true> =>
  eventually(() => Promise.resolve(processesWith(name, value).length === 0 ? true : undefined));
