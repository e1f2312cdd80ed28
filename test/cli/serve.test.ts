// `lbsim serve`: a malformed request gets a 400 and the server goes on; nothing outside the playground folder is served.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { spawn, type ChildProcess } from "node:child_process";
import { mkdirSync, symlinkSync, writeFileSync } from "node:fs";
import { connect } from "node:net";
import { join } from "node:path";
import { ROOT, tempDir } from "../helpers.ts";
import { staticFile } from "../../src/cli/staticFile.ts";

/** Sends raw bytes and returns the status line of the answer. */
function raw(port: number, request: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, "127.0.0.1", () => socket.write(request));
    let text = "";
    socket.on("data", (d) => (text += d.toString("latin1")));
    socket.on("end", () => resolve(text.split("\r\n")[0]!));
    socket.on("error", reject);
    socket.setTimeout(10_000, () => reject(new Error("no answer")));
  });
}

describe("lbsim serve", () => {
  let server: ChildProcess;
  let port = 0;
  beforeAll(async () => {
    server = spawn(process.execPath, [join(ROOT, "bin", "lbsim.js"), "serve", "--port", "0"], { cwd: ROOT });
    port = await new Promise<number>((resolve, reject) => {
      server.stdout!.on("data", (d: Buffer) => {
        const m = /127\.0\.0\.1:(\d+)/.exec(d.toString());
        if (m) resolve(Number(m[1]));
      });
      server.on("exit", (code) => reject(new Error(`lbsim serve exited with ${code}`)));
    });
  });
  afterAll(() => {
    server.kill();
  });

  it("answers 400 to a malformed percent-escape and to a request line it cannot parse, and keeps serving", async () => {
    expect(await raw(port, "GET /% HTTP/1.1\r\nhost: x\r\nconnection: close\r\n\r\n")).toBe("HTTP/1.1 400 Bad Request");
    expect(await raw(port, "GET http://[::1 HTTP/1.1\r\nhost: x\r\nconnection: close\r\n\r\n")).toBe("HTTP/1.1 400 Bad Request");
    expect(await raw(port, "GET /../package.json HTTP/1.1\r\nhost: x\r\nconnection: close\r\n\r\n")).toBe("HTTP/1.1 404 Not Found");
    expect(await raw(port, "GET / HTTP/1.1\r\nhost: x\r\nconnection: close\r\n\r\n")).toBe("HTTP/1.1 200 OK");
    expect(server.exitCode).toBeNull();
  });

  it("does not follow a symlink inside the folder out of it (real paths are compared)", () => {
    const dir = tempDir();
    const root = join(dir, "site");
    mkdirSync(root);
    writeFileSync(join(root, "index.html"), "<p>ok</p>");
    writeFileSync(join(dir, "secret.txt"), "secret");
    symlinkSync(join(dir, "secret.txt"), join(root, "leak.txt"));
    symlinkSync(dir, join(root, "up"));
    expect(staticFile(root, "/leak.txt").status).toBe(404);
    expect(staticFile(root, "/up/secret.txt").status).toBe(404);
    expect(staticFile(root, "/%2e%2e/secret.txt").status).toBe(404);
    expect(staticFile(root, "/")).toEqual({ status: 200, file: join(root, "index.html") });
    expect(staticFile(root, "/%").status).toBe(400);
  });
});
