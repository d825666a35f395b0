/**
 * State files that cannot be read (corrupt, empty, `null`, not a record) are moved aside into
 * `<state-dir>/quarantine/` instead of stopping the emulator: it starts with the rest and says so
 * in one line naming each file and what it held.
 */
import { promises as fs } from "node:fs";
import { basename, join, relative } from "node:path";
import { ensureDir, syncDir } from "./files";

/** How much of a bad file the warning quotes. */
const EXCERPT_CHARS = 60;

export class Quarantine {
  private readonly moved: string[] = [];

  constructor(private readonly stateDir: string) {}

  get dir(): string {
    return join(this.stateDir, "quarantine");
  }

  /** Moves `file` (which held `text`, if it could be read) aside; `why` says what is wrong with it. */
  async move(file: string, text: string | undefined, why: string): Promise<void> {
    await ensureDir(this.dir);
    const name = relative(this.stateDir, file).split(/[\\/]/).join("__") || basename(file);
    const to = join(this.dir, `${Date.now()}-${name}`);
    await fs.rename(file, to);
    await syncDir(this.dir);
    const held =
      text === undefined
        ? ""
        : `; held ${JSON.stringify(text.length > EXCERPT_CHARS ? `${text.slice(0, EXCERPT_CHARS)}…` : text)}`;
    this.moved.push(`${relative(this.stateDir, file)} (${why}${held}) → ${relative(this.stateDir, to)}`);
  }

  /** One line for everything moved aside since start, or undefined if nothing was. */
  summary(): string | undefined {
    if (this.moved.length === 0) return undefined;
    return `Quarantined ${this.moved.length} unreadable state file(s) in ${this.stateDir}, started with the rest: ${this.moved.join("; ")}`;
  }
}
