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
  /** Largest single uncompressed entry. */
  maxEntryBytes: number;
  /** Most entries (files, directories and metadata records) accepted. */
  maxEntries: number;
}

const MiB = 1024 * 1024;

/** Generous for linear-learner / xgboost artifacts, far below what would hurt the process. */
export const DEFAULT_ARCHIVE_LIMITS: ArchiveLimits = {
  maxArchiveBytes: 512 * MiB,
  maxTotalBytes: 1024 * MiB,
  maxEntryBytes: 512 * MiB,
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
