import type { TuningJob } from "../../../src/models/training/hyperparameter-search";
import { selectVersions, shippingProblem } from "../../../src/models/training/version-selection";

const job = (n: number, validationAccuracy: number, testAccuracy = validationAccuracy) =>
  ({ job: String(n).padStart(3, "0"), validationAccuracy, testAccuracy }) as TuningJob;

describe("selectVersions", () => {
  it("picks the worst and best by validation accuracy, ties to the lower job number", () => {
    const jobs = [job(1, 0.7), job(2, 0.5), job(3, 0.8), job(4, 0.5), job(5, 0.8)];
    const { version1, version2 } = selectVersions(jobs);
    expect([version1.job, version2.job]).toEqual(["002", "003"]);
  });

  it("never looks at test accuracy", () => {
    const { version2 } = selectVersions([job(1, 0.9, 0.1), job(2, 0.8, 0.99)]);
    expect(version2.job).toBe("001");
  });
});

describe("shippingProblem", () => {
  it("accepts 005 as the worst and 009 as the best with a 5-point test margin", () => {
    expect(shippingProblem({ version1: job(5, 0.4, 0.4), version2: job(9, 0.8, 0.45) })).toBeNull();
  });

  it("explains why a selection cannot ship", () => {
    expect(shippingProblem({ version1: job(4, 0.4), version2: job(9, 0.8) })).toMatch(
      /worst job is 004 and the best 009; the notebook expects 005 and 009/,
    );
    expect(shippingProblem({ version1: job(5, 0.4, 0.75), version2: job(9, 0.8, 0.78) })).toMatch(
      /by 3\.0 points, less than 5/,
    );
  });
});
