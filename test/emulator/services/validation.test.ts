/**
 * The one Validator every service checks its inputs with: the same constraints, the same AWS
 * message, and the error code each service's report chooses.
 */
import { ServiceError } from "../../../src/emulator/errors";
import { Validator, reportAs, type ConstraintFailure } from "../../../src/emulator/services/validation";

const thrown = (fn: () => void): ServiceError => {
  try {
    fn();
  } catch (e) {
    if (e instanceof ServiceError) return e;
    throw e;
  }
  throw new Error("nothing thrown");
};

const asCode = (code: string) => reportAs((message) => new ServiceError(code, message, 400));

describe("Validator", () => {
  it("passes a valid input without throwing", () => {
    const v = new Validator(asCode("ValidationException"));
    v.required("name", "ok");
    v.string("name", "ok", { min: 1, max: 3, pattern: /^[a-z]+$/ });
    v.integer("count", 2, { min: 1, max: 5 });
    v.list("tags", ["a"], { max: 1 });
    expect(() => v.check()).not.toThrow();
  });

  it("reports every failed member in one message, a member's constraints joined by commas, under the service's code", () => {
    const v = new Validator(asCode("ValidationError"));
    v.required("endpointName", undefined);
    v.string("modelName", "Bad_Name!", { max: 5, pattern: /^[a-zA-Z]+$/ });
    const error = thrown(() => v.check());
    expect(error.code).toBe("ValidationError");
    expect(error.status).toBe(400);
    expect(error.message).toBe(
      "2 validation errors detected: Value null at 'endpointName' failed to satisfy constraint: Member must not be null; " +
        "Value 'Bad_Name!' at 'modelName' failed to satisfy constraint: Member must have length less than or equal to 5, Member must satisfy regular expression pattern: ^[a-zA-Z]+$",
    );
  });

  it("hands a service's own report the failures, so it can answer in its own words", () => {
    const report = (failures: ConstraintFailure[]) =>
      new ServiceError("InvalidTag", `bad ${failures.map((f) => f.path).join(",")}`, 400);
    const v = new Validator(report);
    v.string("TagKey", "", { min: 1 });
    v.number("Weight", -1, { min: 0 });
    const error = thrown(() => v.check());
    expect([error.code, error.message]).toEqual(["InvalidTag", "bad TagKey,Weight"]);
  });

  it("refuses a member of the wrong JSON type at once, as a request that does not deserialise", () => {
    const v = new Validator(asCode("ValidationException"));
    const error = thrown(() => v.integer("maxResults", 1.5, { min: 1 }));
    expect([error.code, error.message]).toEqual([
      "SerializationException",
      "Unexpected value type for member 'maxResults'.",
    ]);
    expect(thrown(() => v.list("tags", ["a", null], {})).message).toBe(
      "Unexpected value type for member 'tags.2.member'.",
    );
  });
});
