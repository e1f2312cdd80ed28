// `lbsim serve [--port P]`: the playground (dist-web/, built by `npm run build`) on a small local static server.
import type { Command } from "commander";
import { createServer } from "node:http";
import { existsSync, readFileSync } from "node:fs";
import { extname, join } from "node:path";
import { staticFile } from "./staticFile.ts";
import { fileURLToPath } from "node:url";
import { UsageError } from "./errorExit.ts";

const ROOT = fileURLToPath(new URL("../../dist-web/", import.meta.url));
const TYPES: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".json": "application/json",
  ".svg": "image/svg+xml",
};

export function registerServe(program: Command): void {
  program
    .command("serve")
    .description("serve the browser playground on localhost (the same simulator, a scenario editor, live charts)")
    .option("--port <P>", "port (default 8080; 0 picks a free one)", "8080")
    .option("--host <H>", "address to listen on", "127.0.0.1")
    .action(async (opts: { port: string; host: string }) => {
      const port = Number(opts.port);
      if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UsageError(`--port must be an integer in 0..65535 (got ${JSON.stringify(opts.port)})`);
      if (!existsSync(join(ROOT, "index.html"))) throw new UsageError("the playground is not built: run `npm run build` (npm ci runs it)");
      const server = createServer((req, res) => {
        const found = staticFile(ROOT, req.url);
        if (found.status !== 200) {
          res.writeHead(found.status, { "content-type": "text/plain" }).end(found.reason);
          return;
        }
        res.writeHead(200, { "content-type": TYPES[extname(found.file)] ?? "application/octet-stream", "cache-control": "no-cache" }).end(readFileSync(found.file));
      });
      // a request line node's parser rejects (e.g. `GET http://[::1 HTTP/1.1`) gets a 400, and the server goes on
      server.on("clientError", (_err, socket) => {
        if (socket.writable) socket.end("HTTP/1.1 400 Bad Request\r\nconnection: close\r\ncontent-length: 0\r\n\r\n");
        else socket.destroy();
      });
      await new Promise<void>((resolve, reject) => {
        server.once("error", (e: NodeJS.ErrnoException) => reject(new UsageError(`cannot listen on ${opts.host}:${port} (${e.code}); choose another --port`)));
        server.listen(port, opts.host, () => resolve());
      });
      const address = server.address();
      const actual = typeof address === "object" && address ? address.port : port;
      process.stdout.write(`lbsim playground at http://${opts.host}:${actual}/ (Ctrl-C to stop)\n`);
      await new Promise<void>((resolve) => process.once("SIGINT", () => server.close(() => resolve())));
    });
}
