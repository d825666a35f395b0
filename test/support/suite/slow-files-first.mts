/**
 * The main suite's file order, in each pool: the files that take minutes start first, longest
 * first, so that the short ones fill the time left beside them rather than leave a long one
 * running alone at the end. Vitest starts files in this order as workers free up. Others keep
 * vitest's own order (slowest first by the last run's durations, else largest first), and files
 * that wait for another's shared run come last.
 */
import { relative } from "node:path";
import { BaseSequencer, type TestSpecification } from "vitest/node";

/** A file added here takes minutes; its place says how many, relative to the others (longest first). */
const SLOW_FILES = [
  "test/notebook/reruns.test.ts",
  "test/notebook/strategy-lab.test.ts",
  "test/notebook/tasks-alone.test.ts",
  "test/notebook/edited-requests.test.ts",
  "test/notebook/guardrails.test.ts",
  "test/notebook/aws-target.test.ts",
  "test/notebook/notebook-ui.test.ts",
  "test/notebook/jupyterlab.test.ts",
  "test/notebook/classic-notebook.test.ts",
  // The AWS CLI, a Python process per command.
  "test/emulator/wire/cli.test.ts",
];

/** Files that read a shared run another file starts (guardrails.test.ts): last, they find it done or nearly. */
const LAST_FILES = ["test/report/report-charts.test.ts"];

export default class SlowFilesFirst extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const rank = (file: TestSpecification): number => {
      const path = relative(this.ctx.config.root, file.moduleId);
      if (LAST_FILES.includes(path)) return SLOW_FILES.length + 1;
      const at = SLOW_FILES.indexOf(path);
      return at < 0 ? SLOW_FILES.length : at;
    };
    // Array.prototype.sort is stable: the others keep vitest's order.
    return (await super.sort(files)).sort((a, b) => rank(a) - rank(b));
  }
}
