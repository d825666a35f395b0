/**
 * Every XGBoost model format read here predicts what real XGBoost predicts: Debian's XGBoost 1.7.4
 * (`/usr/bin/python3`, package python3-xgboost) trains small models – binary, multi-class and
 * regression, a few missing values among the rows – saves each as JSON, UBJSON and in the legacy
 * binary format (the `.bin` name), pickles the Booster (protocols 2, 4 and 5) and builds the pickle XGBoost 1.0–1.5
 * wrote (the SageMaker 1.0-1 and 1.2 images: a `CONFIG-offset:` snapshot, learner.cc's layout), and predicts the rows; the emulator's reader loads each file
 * from a model.tar.gz and must give the same predictions (float32 tolerance).
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { loadXgboostArtifact } from "../../../src/models/xgboost/artifact-reader";
import { xgboostImageOf } from "../../../src/models/xgboost/image-versions";
import { xgboostArtifact } from "./xgboost-fixtures";

const TRAIN = String.raw`
import json, pickle, struct, sys
import numpy as np
import xgboost as xgb
import xgboost.core


def snapshot_pickle(booster, protocol):
    """A Booster pickle as XGBoost 1.0 to 1.5 wrote it: its handle a CONFIG-offset snapshot."""
    binary = bytes(booster.save_raw("deprecated"))[4:]  # without the "binf" a saved file opens with
    snapshot = b"CONFIG-offset:" + struct.pack("<q", len(binary)) + binary + booster.save_config().encode()
    class Booster:
        pass
    Booster.__module__, Booster.__qualname__ = "xgboost.core", "Booster"
    real, xgboost.core.Booster = xgboost.core.Booster, Booster
    try:
        old = Booster.__new__(Booster)
        old.__dict__.update({"handle": bytearray(snapshot), "best_iteration": 7})
        return pickle.dumps(old, protocol=protocol)
    finally:
        xgboost.core.Booster = real

out = sys.argv[1]
rng = np.random.default_rng(7)
X = rng.random((300, 4)).astype(np.float32)
X[rng.random(X.shape) < 0.1] = np.nan
rows = rng.random((40, 4)).astype(np.float32)
rows[rng.random(rows.shape) < 0.15] = np.nan
f0 = np.nan_to_num(X[:, 0], nan=0.5)
labels = {
    "binary": (f0 + 0.3 * np.nan_to_num(X[:, 1]) > 0.6).astype(int),
    "multi": np.minimum((f0 * 3).astype(int), 2),
    "regression": 3 * f0 - np.nan_to_num(X[:, 2]),
}
params = {
    "binary": {"objective": "binary:logistic", "max_depth": 3, "eta": 0.3},
    "multi": {"objective": "multi:softprob", "num_class": 3, "max_depth": 3, "eta": 0.3},
    "regression": {"objective": "reg:squarederror", "max_depth": 4, "eta": 0.3},
}
report = {"version": xgb.__version__, "rows": np.nan_to_num(rows, nan=-999).tolist(), "models": {}}
for name, p in params.items():
    booster = xgb.train(p, xgb.DMatrix(X, label=labels[name]), num_boost_round=8)
    for ext in ("json", "ubj", "bin"):
        booster.save_model(f"{out}/{name}.{ext}")
    for protocol in (2, 4, 5):
        pickle.dump(booster, open(f"{out}/{name}.p{protocol}", "wb"), protocol=protocol)
        open(f"{out}/{name}.c{protocol}", "wb").write(snapshot_pickle(booster, protocol))
    report["models"][name] = booster.predict(xgb.DMatrix(rows)).tolist()
json.dump(report, open(f"{out}/report.json", "w"))
`;

interface Report {
  version: string;
  /** -999 stands for a missing value. */
  rows: number[][];
  models: Record<string, number[] | number[][]>;
}

let dir: string;
let report: Report;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "xgboost-formats-"));
  const run = spawnSync("/usr/bin/python3", ["-c", TRAIN, dir], { encoding: "utf8" });
  if (run.status !== 0) throw new Error(`training with Debian's python3-xgboost failed: ${run.stderr}`);
  report = JSON.parse(readFileSync(join(dir, "report.json"), "utf8")) as Report;
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("XGBoost model formats against XGBoost 1.7.4", () => {
  it("is Debian's XGBoost 1.7.4 that trained the models", () => {
    expect(report.version).toBe("1.7.4");
  });

  it.each([
    ["binary", "json"],
    ["binary", "ubj"],
    ["binary", "bin"],
    ["binary", "p2"],
    ["binary", "p4"],
    ["binary", "p5"],
    ["binary", "c2"],
    ["binary", "c4"],
    ["multi", "json"],
    ["multi", "ubj"],
    ["multi", "bin"],
    ["multi", "p2"],
    ["multi", "p4"],
    ["multi", "p5"],
    ["multi", "c5"],
    ["regression", "json"],
    ["regression", "ubj"],
    ["regression", "bin"],
    ["regression", "p2"],
    ["regression", "p4"],
    ["regression", "p5"],
    ["regression", "c2"],
  ])("%s model saved as .%s predicts as XGBoost does", (name, ext) => {
    const file = readFileSync(join(dir, `${name}.${ext}`));
    const model = loadXgboostArtifact(xgboostArtifact({ "xgboost-model": file }), `${name}.${ext}.tar.gz`);
    const values = Float32Array.from(report.rows.flat(), (v) => (v === -999 ? NaN : v));
    const predicted = Array.from(model.predict(values, report.rows.length, 4));
    const expected = report.models[name]!.flat();
    expect(predicted).toHaveLength(expected.length);
    predicted.forEach((p, i) =>
      expect(Math.abs(p - expected[i]!), `value ${i}`).toBeLessThanOrEqual(1e-6 * Math.max(1, Math.abs(expected[i]!))),
    );
  });

  it("refuses a pickle carrying anything but a Booster, without running it", () => {
    const marker = join(dir, "ran");
    const evil = spawnSync(
      "/usr/bin/python3",
      [
        "-c",
        `import os, pickle, sys\nclass E:\n  def __reduce__(self): return (os.system, ("touch ${marker}",))\nsys.stdout.buffer.write(pickle.dumps(E(), protocol=2))`,
      ],
      { encoding: "buffer" },
    ).stdout;
    expect(() => loadXgboostArtifact(xgboostArtifact({ "xgboost-model": evil }), "evil.tar.gz")).toThrow(
      /xgboost-model: refused without executing it: the global (posix|os) system \(a Booster pickle holds none\)/,
    );
    expect(existsSync(marker)).toBe(false);
  });
});

describe("which SageMaker XGBoost image reads which format (its XGBoost version's load_model, or pickle)", () => {
  const ecr = (repository: string) => `683313688378.dkr.ecr.us-east-1.amazonaws.com/${repository}`;
  const load = (ext: string, image: string) => () =>
    loadXgboostArtifact(
      xgboostArtifact({ "xgboost-model": readFileSync(join(dir, `binary.${ext}`)) }),
      `binary.${ext}.tar.gz`,
      xgboostImageOf(ecr(image)),
    );

  it.each([
    ["sagemaker-xgboost:0.90-2", ["bin", "p2", "p4", "p5"], ["json", "ubj"]],
    ["xgboost:1", ["bin", "p4"], ["json", "ubj"]],
    ["sagemaker-xgboost:1.2-1", ["json", "bin", "p2", "p4", "p5"], ["ubj"]],
    ["sagemaker-xgboost:1.5-1", ["json", "bin", "p4"], ["ubj"]],
    ["sagemaker-xgboost:1.7-1", ["json", "ubj", "bin", "p2", "p4", "p5"], []],
    ["sagemaker-xgboost:3.0-5", ["json", "ubj", "bin", "p4"], []],
    ["sagemaker-xgboost@sha256:0123", ["json", "ubj", "bin", "p4"], []],
  ])("%s loads %j and refuses %j", (image, loads, refuses) => {
    for (const ext of loads) expect(load(ext, image), ext).not.toThrow();
    for (const ext of refuses) expect(load(ext, image), ext).toThrow(/^Unable to load model: /);
  });

  it("says which version reads the format and which the image runs", () => {
    expect(load("ubj", "sagemaker-xgboost:1.5-1")).toThrow(
      "Unable to load model: binary.ubj.tar.gz → xgboost-model: it is in XGBoost's UBJSON model format, which XGBoost " +
        "reads from 1.6 on; image tag 1.5-1 runs XGBoost 1.5 (save the model in a format it reads, or use a later image)",
    );
    expect(load("json", "xgboost:latest")).toThrow(
      /JSON model format, which XGBoost reads from 1\.0 on; image tag latest runs XGBoost 0\.72/,
    );
  });
});
