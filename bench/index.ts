/**
 * Runs every benchmark module in this folder in turn. Each module exports
 * `run(): void | Promise<void>` and prints its own figures; targets are printed next
 * to the measurements, never asserted.
 */
import { readdirSync } from "node:fs";
import { join } from "node:path";

async function main(): Promise<void> {
  const only = process.argv.slice(2);
  const files = readdirSync(__dirname)
    .filter((f) => f.endsWith(".ts") && f !== "index.ts" && !f.endsWith(".d.ts"))
    .filter((f) => only.length === 0 || only.some((o) => f.startsWith(o)))
    .sort();
  for (const file of files) {
    const mod = (await import(join(__dirname, file))) as { run?: () => void | Promise<void> };
    if (typeof mod.run !== "function") continue;
    console.log(`\n=== ${file.replace(/\.ts$/, "")} ===`);
    await mod.run();
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
