/**
 * A loaded XGBoost model answering invocations like SageMaker's XGBoost
 * container: `text/csv` (empty fields are missing values; fewer columns than
 * the model's features are allowed, more are not) or `text/libsvm` in;
 * `text/csv` (default: one row per line, classes comma-separated, numpy's
 * float32 spelling), `application/json` (`{"predictions":[{"score":…}]}`) or
 * `application/jsonlines` out. Other content types get 415.
 */
import { CsvRowError, type FloatMatrix, parseCsvRows } from "../serving/csv-rows";
import { chooseAccept, parseMediaType } from "../serving/media-type";
import { answer, type InvocationResult, type ModelServer, PayloadError } from "../serving/model-server";
import { float32Repr, pythonFloat } from "../serving/python-float";
import { outputWidth, predictForest, predictForestInTurns } from "./forest-prediction";
import { XGBOOST_LIMITS } from "./model-limits";
import { LibsvmRowError, parseLibsvmRows } from "./libsvm-rows";
import type { XgboostForest } from "./xgboost-json-model";

const RESPONSE_TYPES = ["text/csv", "application/json", "application/jsonlines"];
const utf8 = new TextDecoder("utf-8", { fatal: true });
const PREFIX = "Unable to evaluate payload provided:";

export class XgboostModel implements ModelServer {
  readonly featureCount: number;
  readonly outputWidth: number;

  constructor(readonly forest: XgboostForest) {
    this.featureCount = forest.numFeature;
    this.outputWidth = outputWidth(forest);
  }

  /** rows × outputWidth predictions for rows × columns values (NaN = missing). */
  predict(values: Float32Array, rows: number, columns = this.featureCount): Float32Array {
    return predictForest(this.forest, values, rows, columns);
  }

  invoke(body: Uint8Array, contentType: string, accept: string | undefined): InvocationResult {
    return answer(() => {
      const { matrix, responseType } = this.read(body, contentType, accept);
      const predictions = this.predict(matrix.values, matrix.rows, matrix.columns);
      return { status: 200, contentType: responseType, body: this.format(predictions, matrix.rows, responseType) };
    });
  }

  /** invoke, predicting in slices of rows between which other work runs (forest-prediction.ts). */
  async invokeInTurns(body: Uint8Array, contentType: string, accept: string | undefined): Promise<InvocationResult> {
    let read: ReturnType<XgboostModel["read"]>;
    try {
      read = this.read(body, contentType, accept);
    } catch (err) {
      return answer(() => {
        throw err;
      });
    }
    const { matrix, responseType } = read;
    const predictions = await predictForestInTurns(this.forest, matrix.values, matrix.rows, matrix.columns);
    return { status: 200, contentType: responseType, body: this.format(predictions, matrix.rows, responseType) };
  }

  /** The request's rows and the response type, or the PayloadError the container answers. */
  private read(body: Uint8Array, contentType: string, accept: string | undefined) {
    const responseType = chooseAccept(accept, RESPONSE_TYPES, "text/csv");
    const type = parseMediaType(contentType).type;
    if (type !== "text/csv" && type !== "text/libsvm") {
      throw new PayloadError(
        415,
        `Content type ${contentType || "(none)"} is not supported by this framework; use text/csv or text/libsvm.`,
      );
    }
    let text: string;
    try {
      text = utf8.decode(body);
    } catch {
      throw new PayloadError(400, `${PREFIX} the body is not valid UTF-8.`);
    }
    const matrix = type === "text/csv" ? this.parseCsv(text) : this.parseLibsvm(text);
    if (matrix.rows === 0) throw new PayloadError(400, `${PREFIX} the payload has no rows.`);
    if (matrix.rows * this.outputWidth > XGBOOST_LIMITS.responseValues)
      throw new PayloadError(
        413,
        `${PREFIX} ${matrix.rows} rows × ${this.outputWidth} values would exceed the 6 MB response payload limit.`,
      );
    return { matrix, responseType };
  }

  private parseCsv(text: string): FloatMatrix {
    try {
      return parseCsvRows(text, { columns: this.featureCount, allowFewer: true, allowMissing: true });
    } catch (err) {
      if (!(err instanceof CsvRowError)) throw err;
      const p = err.problem;
      throw new PayloadError(
        400,
        p.kind === "columns"
          ? `${PREFIX} Feature size of csv inference data ${p.found} is not consistent with feature size of trained model ${p.expected} (row ${p.line}).`
          : `Loading csv data failed with Exception, please ensure data is in csv format: could not convert string to float: '${p.text}' (row ${p.line}, column ${p.column}).`,
      );
    }
  }

  private parseLibsvm(text: string): FloatMatrix {
    try {
      return parseLibsvmRows(text, this.featureCount);
    } catch (err) {
      if (!(err instanceof LibsvmRowError)) throw err;
      throw new PayloadError(
        400,
        `Loading libsvm data failed with Exception, please ensure data is in libsvm format: ${err.message}.`,
      );
    }
  }

  private format(predictions: Float32Array, rows: number, type: string): string {
    const width = this.outputWidth;
    const row = (r: number, spell: (x: number) => string) => {
      const parts = Array.from(predictions.subarray(r * width, (r + 1) * width), spell);
      return width === 1 ? parts[0]! : parts;
    };
    const lines = new Array<string>(rows);
    for (let r = 0; r < rows; r++) {
      if (type === "text/csv") {
        const v = row(r, float32Repr);
        lines[r] = typeof v === "string" ? v : v.join(",");
      } else {
        const v = row(r, pythonFloat);
        lines[r] = `{"score":${typeof v === "string" ? v : `[${v.join(",")}]`}}`;
      }
    }
    if (type === "application/json") return `{"predictions":[${lines.join(",")}]}`;
    return lines.join("\n") + "\n";
  }
}
