import { differences } from "../../../src/aws/deploy/differences";

describe("comparing a request with what exists", () => {
  const described = {
    ModelName: "m",
    ModelArn: "arn:aws:sagemaker:us-east-1:000000000000:model/m",
    PrimaryContainer: { Image: "img:1", ModelDataUrl: "s3://b/k", Mode: "SingleModel" },
    ExecutionRoleArn: "arn:role",
    CreationTime: new Date(0),
  };

  it("finds no difference when every member the request sets is the same (defaults and ARNs are not compared)", () => {
    expect(
      differences(
        {
          ModelName: "m",
          PrimaryContainer: { Image: "img:1", ModelDataUrl: "s3://b/k" },
          ExecutionRoleArn: "arn:role",
        },
        described,
      ),
    ).toEqual([]);
  });

  it("names each differing member by its path", () => {
    expect(
      differences(
        {
          ModelName: "m",
          PrimaryContainer: { Image: "img:2", ModelDataUrl: "s3://b/k" },
          ExecutionRoleArn: "arn:other",
        },
        described,
      ),
    ).toEqual(["PrimaryContainer.Image", "ExecutionRoleArn"]);
  });

  it("compares lists item by item, and a list of another length as a whole", () => {
    const variants = [{ VariantName: "AllTraffic", InitialInstanceCount: 3 }];
    expect(
      differences(
        { ProductionVariants: [{ VariantName: "AllTraffic", InitialInstanceCount: 1 }] },
        { ProductionVariants: variants },
      ),
    ).toEqual(["ProductionVariants[0].InitialInstanceCount"]);
    expect(differences({ ProductionVariants: [...variants, ...variants] }, { ProductionVariants: variants })).toEqual([
      "ProductionVariants",
    ]);
  });

  it("counts a member the resource does not have as a difference, and ignores the request's Tags", () => {
    expect(
      differences({ MetricsConfig: { EnableEnhancedMetrics: true }, Tags: [{ Key: "k", Value: "v" }] }, {}),
    ).toEqual(["MetricsConfig.EnableEnhancedMetrics"]);
  });
});
