#!/usr/bin/env node
import { processIo } from "./io.js";
import { runCli } from "./program.js";

// rootward pins an AWS SDK release that supports Node 20; the SDK's notice that later releases
// will need Node 22 is addressed to library authors, not to rootward's users.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= "true";

process.exitCode = await runCli(process.argv.slice(2), processIo());
