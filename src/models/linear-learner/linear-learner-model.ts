/**
 * A loaded linear-learner model: scores feature rows through the compiled
 * symbol graph and answers invocations the way the built-in container does.
 */
import { chooseAccept, parseMediaType } from "../serving/media-type";
import { answer, type InvocationResult, type ModelServer, PayloadError } from "../serving/model-server";
import type { FloatMatrix } from "../serving/csv-rows";
import type { CompiledGraph } from "./graph-interpreter";
import type { PredictorType } from "./linear-learner-graph";
import { parseCsvPayload, parseJsonLinesPayload, parseJsonPayload } from "./payload";
import { formatJson, formatJsonLines, type Predictions } from "./response";

const PARSERS: Record<string, (text: string, featureCount: number) => FloatMatrix> = {
  "text/csv": parseCsvPayload,
  "application/json": parseJsonPayload,
  "application/jsonlines": parseJsonLinesPayload,
};
const RESPONSE_TYPES = ["application/json", "application/jsonlines"];
const utf8 = new TextDecoder("utf-8", { fatal: true });

export class LinearLearnerModel implements ModelServer {
  readonly featureCount: number;
  readonly outputCount: number;

  constructor(
    readonly predictorType: PredictorType,
    private readonly graph: CompiledGraph,
    /** Binary classifiers predict 1 when the score exceeds this. */
    readonly threshold: number,
  ) {
    this.featureCount = graph.featureCount;
    this.outputCount = graph.outputShape.slice(1).reduce((n, d) => n * d, 1);
  }

  /** Scores `rows` feature rows (row-major); returns rows × outputCount values. */
  score(features: Float32Array, rows: number): Float32Array {
    return this.graph.run(features, rows).data;
  }

  /** Scores and labels, as the response reports them. */
  predict(features: Float32Array, rows: number): Predictions {
    const scores = this.score(features, rows);
    const k = this.outputCount;
    let labels: Int32Array | null = null;
    if (this.predictorType === "multiclass_classifier") {
      labels = new Int32Array(rows);
      for (let r = 0; r < rows; r++) {
        let best = 0;
        for (let j = 1; j < k; j++) if (scores[r * k + j]! > scores[r * k + best]!) best = j;
        labels[r] = best;
      }
    } else if (this.predictorType === "binary_classifier") {
      labels = Int32Array.from(scores, (s) => (s > this.threshold ? 1 : 0));
    }
    return { predictorType: this.predictorType, rows, scores, outputCount: k, labels };
  }

  invoke(body: Uint8Array, contentType: string, accept: string | undefined): InvocationResult {
    return answer(() => {
      const responseType = chooseAccept(accept, RESPONSE_TYPES, "application/json");
      const type = parseMediaType(contentType).type;
      const parse = PARSERS[type];
      if (!parse) {
        throw new PayloadError(
          415,
          `Content type ${contentType || "(none)"} is not supported; use text/csv, application/json or application/jsonlines.`,
        );
      }
      let text: string;
      try {
        text = utf8.decode(body);
      } catch {
        throw new PayloadError(400, "Unable to evaluate payload provided: the body is not valid UTF-8.");
      }
      const matrix = parse(text, this.featureCount);
      const predictions = this.predict(matrix.values, matrix.rows);
      const format = responseType === "application/json" ? formatJson : formatJsonLines;
      return { status: 200, contentType: responseType, body: format(predictions) };
    });
  }
}
