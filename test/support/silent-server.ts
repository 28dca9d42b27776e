import { createServer, type Socket } from "node:net";
import { afterEach } from "vitest";

/**
 * `silent`: accepts connections and never answers (a sandbox stopped with Ctrl-Z, a proxy that
 * black-holes requests). `stall`: answers 200 with headers and the first bytes of a body, then
 * nothing more.
 */
export type SilentMode = "silent" | "stall";

export type SilentServer = {
  url: string;
  port: number;
  /** Requests received (request lines seen); a client may open connections it never uses. */
  requests(): number;
};

/** Starts listeners on 127.0.0.1 port 0, closed (with every connection) after each test. */
export function silentServers(): (mode: SilentMode) => Promise<SilentServer> {
  const running: Array<() => Promise<void>> = [];
  afterEach(async () => {
    await Promise.all(running.splice(0).map((stop) => stop()));
  });
  return async (mode) => {
    const sockets = new Set<Socket>();
    let requests = 0;
    const server = createServer((socket) => {
      sockets.add(socket);
      socket.on("error", () => {});
      socket.on("close", () => sockets.delete(socket));
      socket.on("data", (chunk: Buffer) => {
        if (!/^[A-Z]+ \S+ HTTP\/1\.1\r\n/.test(chunk.toString("latin1"))) return;
        requests++;
        if (mode === "stall") {
          socket.write(
            'HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 4096\r\n\r\n{"Organization":',
          );
        }
      });
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const { port } = server.address() as { port: number };
    running.push(
      () =>
        new Promise<void>((resolve) => {
          for (const socket of sockets) socket.destroy();
          server.close(() => resolve());
        }),
    );
    return { url: `http://127.0.0.1:${port}`, port, requests: () => requests };
  };
}

/** A port nothing listens on: bound once, then released. */
export async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}
