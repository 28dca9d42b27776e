import { parentPort, workerData } from "node:worker_threads";
import { type SandboxOptions, startSandbox } from "../src/sandbox/index.js";

/**
 * Runs a sandbox on its own thread, so the benchmark's SDK clients (the main thread) and the
 * server do not share one event loop: the figure is the server's, not the clients'.
 */
const sandbox = await startSandbox(workerData as SandboxOptions);
parentPort?.postMessage({ url: sandbox.url });
parentPort?.on("message", async (message: unknown) => {
  if (message === "calls") {
    const calls = sandbox.calls();
    const injected = calls.filter((call) => call.injected).length;
    parentPort?.postMessage({
      calls: calls.length,
      injected,
      errors: calls.filter((call) => call.status >= 400).length,
    });
  }
  if (message === "stop") {
    await sandbox.stop();
    parentPort?.close();
  }
});
