/**
 * A metric math expression CloudWatch cannot run: bad syntax, an unknown function or Id, arguments
 * of the wrong type, a cycle. The query layer (queries.ts) names the expression's Id and answers it
 * as a ValidationError.
 */
export class MathError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "MathError";
  }
}
