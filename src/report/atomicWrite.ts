// Output files appear whole or not at all: written to a temporary name beside the target, then renamed.
import { closeSync, fsyncSync, openSync, renameSync, statSync, unlinkSync, writeSync } from "node:fs";
import { basename, dirname, join } from "node:path";

/** The name a file is written under before it is renamed into place: beside it, so the rename stays in one directory. */
export function temporaryPath(path: string): string {
  return join(dirname(path), `.${basename(path)}.${process.pid}.tmp`);
}

/** The file a temporary name stands for (error messages name the file the user asked for). */
export function targetOfTemporary(path: string): string {
  return path.replace(/\/\.([^/]+)\.\d+\.tmp$/, "/$1");
}

/**
 * Where output for `path` is written: a temporary name renamed into place on close, or, where
 * `path` is something other than a file (a device such as /dev/null, a FIFO, /dev/stdout's pipe
 * or terminal), the path itself. A rename over it would replace the device with a file
 * (`--trace /dev/stdout` run as root left a regular file where /dev/stdout was).
 */
export function outputTarget(path: string): { writeTo: string; renamed: boolean } {
  let special = false;
  try {
    special = !statSync(path).isFile();
  } catch {
    // no such file yet: it is made by the rename
  }
  return special ? { writeTo: path, renamed: false } : { writeTo: temporaryPath(path), renamed: true };
}

/** rename(2) within one directory is atomic: a crash leaves the old file or the new one, never half of one. */
export function writeFileAtomically(path: string, text: string): void {
  const { writeTo: temporary, renamed } = outputTarget(path);
  const fd = openSync(temporary, "w");
  try {
    writeSync(fd, text);
    // a device or a pipe has nothing to make durable (fsync would fail with EINVAL)
    if (renamed) fsyncSync(fd);
  } catch (e) {
    closeSync(fd);
    if (renamed) unlinkSync(temporary);
    throw e;
  }
  closeSync(fd);
  if (renamed) renameSync(temporary, path);
}
