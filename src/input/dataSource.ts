// Input files a scenario names (traces, size columns, region tables), read once per process.
/**
 * Kinds read files only through this: the loader's source reads the disk once per file and keeps
 * what it read; a worker thread gets a source preloaded with those copies, so it never touches the
 * disk and parses nothing twice. Paths are relative to the scenario file.
 */
export interface DataSource {
  /** Numeric columns by name; errors name `fieldPath`, the file, the column and the row. */
  columns(path: string, names: string[], fieldPath: string): Float64Array[];
  /** A JSON file's content. */
  json(path: string, fieldPath: string): unknown;
}
