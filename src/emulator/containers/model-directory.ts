/**
 * The model data a local-process container finds on disk, as SageMaker extracts ModelDataUrl to
 * /opt/ml/model: every regular file of the tar.gz written under a fresh directory, read through
 * the same archive reader (and caps, and name checks: no absolute paths, no `..`, no links) as
 * the built-in containers'.
 */
import { promises as fs } from "node:fs";
import { dirname, join } from "node:path";
import { readTarGzStreamed } from "../../models/archive/tar-gz-stream";

/** Extracts `artifact` (a model.tar.gz fetched from `source`) into `dir`, which must not exist yet. */
export async function extractModel(artifact: Uint8Array, source: string, dir: string): Promise<void> {
  const { files } = await readTarGzStreamed(artifact, source, () => true);
  await fs.mkdir(dir, { recursive: true, mode: 0o700 });
  for (const [name, data] of files) {
    const path = join(dir, name);
    await fs.mkdir(dirname(path), { recursive: true });
    await fs.writeFile(path, data);
  }
}
