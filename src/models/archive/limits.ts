/**
 * Bounds applied while reading an archive, so a hostile or broken upload
 * (a gzip bomb, millions of tiny entries) fails with a clear error instead of
 * exhausting memory.
 */
export interface ArchiveLimits {
  /** Largest accepted archive as stored (compressed) bytes. */
  maxArchiveBytes: number;
  /** Largest sum of uncompressed entry sizes. */
  maxTotalBytes: number;
  /** Largest single uncompressed entry read into memory (one streamed past counts only in the total). */
  maxEntryBytes: number;
  /** Most entries (files, directories and metadata records) accepted. */
  maxEntries: number;
}

const MiB = 1024 * 1024;

/**
 * Set from the artifacts the built-in containers read. The largest model file is an XGBoost JSON
 * model at the XGBoost limits (4,000,000 nodes, about 200 MB: src/models/xgboost/model-limits.ts);
 * a linear-learner `model_algo-1` is a few MB even with a million features. A kept member may be
 * 256 MiB; the archive may hold 512 MiB in all (the model beside as much again of anything else,
 * which is streamed past, never held); a compressed archive is never larger than its contents.
 */
export const DEFAULT_ARCHIVE_LIMITS: ArchiveLimits = {
  maxArchiveBytes: 512 * MiB,
  maxTotalBytes: 512 * MiB,
  maxEntryBytes: 256 * MiB,
  maxEntries: 10_000,
};

/** One file to put into an archive. */
export interface ArchiveEntry {
  name: string;
  data: Uint8Array;
}

/**
 * Fixed timestamp written into every archive (1980-01-01T00:00:00Z, the
 * earliest time a zip can record), so two builds give byte-identical files.
 */
export const FIXED_ARCHIVE_TIME_SECONDS = 315_532_800;
