/**
 * One owner per state directory. Two emulators on one directory would sweep each other's temp
 * files and blobs, so the owner lock is taken before anything in the directory is touched:
 * `<dir>/owner.lock` holds the owner's PID and is created by link(2), which fails if it exists.
 * A lock whose PID is gone (SIGKILL, crash) is stale and taken over.
 */
import { randomBytes } from "node:crypto";
import { promises as fs } from "node:fs";
import { join, resolve } from "node:path";

export class StateDirInUseError extends Error {}

const LOCK = "owner.lock";
/** Directories this process owns: its own PID in a lock is only "in use" if it is listed here. */
const ownedHere = new Set<string>();

export interface StateDirLock {
  release(): Promise<void>;
}

/** Takes the directory (which must exist) or throws StateDirInUseError naming the owner's PID. */
export async function lockStateDir(dir: string): Promise<StateDirLock> {
  const path = resolve(dir);
  const file = join(path, LOCK);
  const tmp = `${file}.${randomBytes(6).toString("hex")}`;
  await fs.writeFile(tmp, `${process.pid}\n`, { mode: 0o600 });
  try {
    // Bounded: each round either takes the lock or removes a stale one.
    for (let round = 0; round < 5; round++) {
      try {
        await fs.link(tmp, file);
        ownedHere.add(path);
        return { release: () => release(path, file) };
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code !== "EEXIST") throw e;
      }
      const owner = Number.parseInt(await fs.readFile(file, "utf8").catch(() => ""), 10);
      if (isOwner(owner, path))
        throw new StateDirInUseError(
          `state dir ${path} is in use by PID ${owner}; stop that emulator or use another --state-dir`,
        );
      await fs.rm(file, { force: true });
    }
    throw new StateDirInUseError(`state dir ${path} is contended: could not take ${LOCK}`);
  } finally {
    await fs.rm(tmp, { force: true });
  }
}

async function release(path: string, file: string): Promise<void> {
  ownedHere.delete(path);
  const owner = Number.parseInt(await fs.readFile(file, "utf8").catch(() => ""), 10);
  if (owner === process.pid) await fs.rm(file, { force: true });
}

/** A live process other than this one, or this one when it already owns the directory. */
function isOwner(pid: number, path: string): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  if (pid === process.pid) return ownedHere.has(path);
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === "EPERM";
  }
}
