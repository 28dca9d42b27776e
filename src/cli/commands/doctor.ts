import { createAwsClients } from "../../aws/clients.js";
import { doctorFailed } from "../../doctor/model.js";
import { runDoctor } from "../../doctor/run-doctor.js";
import { renderDoctorJson, renderDoctorMarkdown, renderDoctorText } from "../../report/doctor-report.js";
import { ExitCode } from "../errors.js";
import type { CliIo } from "../io.js";
import { loadFromDirectory } from "./validate.js";

export type DoctorOptions = { desiredState: string; format: "text" | "json" | "markdown" };

export async function doctorCommand(options: DoctorOptions, io: CliIo): Promise<number> {
  const desired = await loadFromDirectory(options.desiredState, io)
    .then((result) => result.state)
    .catch(() => undefined);
  if (!desired)
    io.stderr(
      `note: no valid desired state in ${options.desiredState}; the features check compares with nothing\n`,
    );
  const clients = await createAwsClients(io.env, { maxAttempts: 3 });
  try {
    const report = await runDoctor(
      clients,
      desired,
      {
        region: clients.region,
        stsEndpoint: await clients.stsEndpoint(),
        stsRegionalEndpoints: io.env.AWS_STS_REGIONAL_ENDPOINTS,
      },
      io.now(),
    );
    const render = { text: renderDoctorText, json: renderDoctorJson, markdown: renderDoctorMarkdown }[
      options.format
    ];
    io.stdout(render(report));
    return doctorFailed(report) ? ExitCode.error : ExitCode.ok;
  } finally {
    clients.close();
  }
}
