/**
 * Crash-safe file primitives. A write goes to a temp file in the same directory, is fsynced,
 * renamed over the target and the directory fsynced: after SIGKILL a file is either the old or
 * the new version, never a torn mix. Everything is owner-only (dirs 0700, files 0600).
 */
import { randomBytes } from "node:crypto";
import { promises as fs } from "node:fs";
import { dirname, join } from "node:path";

export async function ensureDir(dir: string): Promise<void> {
  await fs.mkdir(dir, { recursive: true, mode: 0o700 });
  await fs.chmod(dir, 0o700);
}

export async function writeFileAtomic(path: string, data: string | Uint8Array): Promise<void> {
  const tmp = `${path}.${randomBytes(6).toString("hex")}.tmp`;
  try {
    const handle = await fs.open(tmp, "wx", 0o600);
    try {
      await handle.writeFile(data);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await fs.rename(tmp, path);
  } catch (e) {
    // A failed write (a full disk) leaves no temp file behind.
    await fs.rm(tmp, { force: true });
    throw e;
  }
  await syncDir(dirname(path));
}

export async function removeFile(path: string): Promise<void> {
  await fs.rm(path, { force: true });
  await syncDir(dirname(path));
}

export async function syncDir(dir: string): Promise<void> {
  const handle = await fs.open(dir, "r");
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/** Lists a directory's files, deleting temp files a crash left behind. */
export async function listFiles(dir: string): Promise<string[]> {
  const names = await fs.readdir(dir);
  await Promise.all(names.filter((n) => n.endsWith(".tmp")).map((n) => fs.rm(join(dir, n), { force: true })));
  return names.filter((n) => !n.endsWith(".tmp"));
}
