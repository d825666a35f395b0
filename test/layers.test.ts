import { readdirSync, readFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";

const SRC = join(__dirname, "..", "src");

/**
 * The layer of a file under src/: its top folder (aws, view, tasks, report,
 * emulator, models), with view/live apart – the cell output (log lines, live
 * status, the request shown) that the AWS-facing helpers write as they work.
 */
function layerOf(file: string): string {
  const [top, sub] = relative(SRC, file).split("/");
  if (top === "view" && sub === "live") return "view/live";
  return top?.replace(/\.ts$/, "") ?? "";
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? sourceFiles(join(dir, e.name)) : e.name.endsWith(".ts") ? [join(dir, e.name)] : [],
  );
}

/** Every import between layers of the notebook side, as "from → to" with the files that make it. */
function crossings(): Map<string, string[]> {
  const found = new Map<string, string[]>();
  for (const file of sourceFiles(SRC)) {
    const from = layerOf(file);
    if (from === "emulator" || from === "models") continue;
    for (const [, spec] of readFileSync(file, "utf8").matchAll(/(?:from|import)\s*\(?\s*"(\.\.?\/[^"]*)"/g)) {
      const to = layerOf(resolve(dirname(file), spec ?? ""));
      if (to === from) continue;
      const key = `${from} → ${to}`;
      found.set(key, [...(found.get(key) ?? []), relative(SRC, file)]);
    }
  }
  return found;
}

describe("the notebook side's layers", () => {
  const allowed = new Set([
    "index → aws",
    "index → view",
    "index → view/live",
    "index → tasks",
    "tasks → aws",
    "tasks → view",
    "tasks → view/live",
    "aws → view/live",
    "view/live → view",
    // Through the emulator's public entry only: Task 0 starts it; the lab reads the deployment plan it runs.
    "aws → emulator",
    "tasks → emulator",
    "report → aws",
    "report → emulator",
  ]);

  it("import one way: tasks → view and aws; aws → only the view's live output; the view → nothing AWS-facing", () => {
    const against = [...crossings()]
      .filter(([key]) => !allowed.has(key))
      .map(([key, files]) => `${key}: ${files.join(", ")}`);
    expect(against).toEqual([]);
  });

  it("reach the emulator only through its public entry (src/emulator/index.ts), and the emulator imports nothing of theirs", () => {
    const against: string[] = [];
    for (const file of sourceFiles(SRC)) {
      const from = layerOf(file);
      for (const [, spec] of readFileSync(file, "utf8").matchAll(/(?:from|import)\s*\(?\s*"(\.\.?\/[^"]*)"/g)) {
        const target = resolve(dirname(file), spec ?? "");
        const to = layerOf(target);
        const entry = relative(SRC, target) === "emulator" || relative(SRC, target) === "emulator/index";
        if (from !== "emulator" && to === "emulator" && !entry)
          against.push(`${relative(SRC, file)} → ${relative(SRC, target)}`);
        if (from === "emulator" && !["emulator", "models"].includes(to))
          against.push(`${relative(SRC, file)} → ${relative(SRC, target)}`);
      }
    }
    expect(against).toEqual([]);
  });

  it("keep the view's live output a leaf: it imports only the HTML escaping", () => {
    const live = sourceFiles(join(SRC, "view", "live")).flatMap((file) =>
      [...readFileSync(file, "utf8").matchAll(/from\s*"(\.\.?\/[^"]*)"/g)].map(([, spec]) =>
        relative(SRC, resolve(dirname(file), spec ?? "")),
      ),
    );
    expect(live.filter((target) => !target.startsWith("view/live/") && target !== "view/html")).toEqual([]);
  });
});
