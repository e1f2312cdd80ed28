// Output files appear whole or not at all: written to a temporary name beside the target, then renamed.
import { closeSync, fsyncSync, openSync, renameSync, unlinkSync, writeSync } from "node:fs";
import { basename, dirname, join } from "node:path";

/** The name a file is written under before it is renamed into place: beside it, so the rename stays in one directory. */
export function temporaryPath(path: string): string {
  return join(dirname(path), `.${basename(path)}.${process.pid}.tmp`);
}

/** The file a temporary name stands for (error messages name the file the user asked for). */
export function targetOfTemporary(path: string): string {
  return path.replace(/\/\.([^/]+)\.\d+\.tmp$/, "/$1");
}

/** rename(2) within one directory is atomic: a crash leaves the old file or the new one, never half of one. */
export function writeFileAtomically(path: string, text: string): void {
  const temporary = temporaryPath(path);
  const fd = openSync(temporary, "w");
  try {
    writeSync(fd, text);
    fsyncSync(fd);
  } catch (e) {
    closeSync(fd);
    unlinkSync(temporary);
    throw e;
  }
  closeSync(fd);
  renameSync(temporary, path);
}
