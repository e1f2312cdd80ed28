// Which file of the playground folder a request names, or why none: the static server's only decision.
import { existsSync, realpathSync, statSync } from "node:fs";
import { join, normalize, sep } from "node:path";

export type StaticLookup = { status: 200; file: string } | { status: 400 | 404; reason: string };

/**
 * The file under `root` that `url` (a request target) names. A target that cannot be parsed or
 * decoded (`/%`, `http://[::1`) is a 400, never a thrown error that would end the server. The
 * containment check compares real paths, so neither `../`, an encoded one, an absolute form nor a
 * symlink inside the folder reaches a file outside it.
 */
export function staticFile(root: string, url: string | undefined): StaticLookup {
  let path: string;
  try {
    path = decodeURIComponent(new URL(url ?? "/", "http://localhost").pathname);
  } catch {
    return { status: 400, reason: "bad request target" };
  }
  if (path.includes("\0")) return { status: 400, reason: "bad request target" };
  const file = normalize(join(root, path === "/" ? "index.html" : path));
  if (!existsSync(file)) return { status: 404, reason: "not found" };
  let real: string;
  let realRoot: string;
  try {
    real = realpathSync(file);
    realRoot = realpathSync(root);
  } catch {
    return { status: 404, reason: "not found" };
  }
  const inside = real.startsWith(realRoot.endsWith(sep) ? realRoot : realRoot + sep);
  if (!inside || !statSync(real).isFile()) return { status: 404, reason: "not found" };
  return { status: 200, file: real };
}
