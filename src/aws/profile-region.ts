import { loadSharedConfigFiles } from "@smithy/core/config";
import { RootwardError } from "../errors.js";

type Env = Readonly<Record<string, string | undefined>>;

/**
 * The profile and region the SDK will use, checked before any call so that a typo says what it
 * is. The SDK itself reports an unknown profile only as "Could not load credentials from any
 * providers" and a missing region as "Region is missing"; the AWS CLI says "The config profile
 * (x) could not be found" and "You must specify a region", and so does rootward.
 *
 * Region precedence follows the SDK (AWS_REGION, then the profile's `region` in the shared config
 * file, config file first) plus AWS_DEFAULT_REGION, which the AWS CLI reads and the JavaScript SDK
 * does not. There is no silent default: AssumeRoot only works on a regional STS endpoint, and a
 * wrong region is a wrong endpoint.
 */
export async function resolveProfileAndRegion(env: Env): Promise<{ region: string; profile?: string }> {
  const profile = env.AWS_PROFILE || undefined;
  const fromEnv = env.AWS_REGION || env.AWS_DEFAULT_REGION;
  if (!profile && fromEnv) return { region: fromEnv };
  const files = await loadSharedConfigFiles({
    ...(env.AWS_CONFIG_FILE ? { configFilepath: env.AWS_CONFIG_FILE } : {}),
    ...(env.AWS_SHARED_CREDENTIALS_FILE ? { filepath: env.AWS_SHARED_CREDENTIALS_FILE } : {}),
  });
  const name = profile ?? "default";
  const section = { ...files.credentialsFile[name], ...files.configFile[name] };
  if (profile && !files.configFile[profile] && !files.credentialsFile[profile]) {
    // Other sections come back keyed `sso-session.NAME` and `services.NAME`; they are not profiles.
    const known = [...new Set([...Object.keys(files.configFile), ...Object.keys(files.credentialsFile)])]
      .filter((key) => !/^(sso-session|services)\./.test(key))
      .sort();
    throw new RootwardError("profile-not-found", `The config profile (${profile}) could not be found`, {
      hint:
        known.length > 0
          ? `AWS_PROFILE names a profile that is in neither ${configFileName(env)} nor ${credentialsFileName(env)}; known profiles: ${known.join(", ")}`
          : `there is no ${configFileName(env)} or ${credentialsFileName(env)} with profiles; run \`aws configure --profile ${profile}\` or \`aws configure sso\`, or unset AWS_PROFILE`,
    });
  }
  const region = fromEnv || section.region;
  if (!region) {
    throw new RootwardError("region-missing", "You must specify a region: no AWS region is configured", {
      hint: `export AWS_REGION=us-east-1 (your organization's home region)${profile ? `, or add region = … to [profile ${profile}] in ${configFileName(env)}` : ""}. AssumeRoot only works on a regional STS endpoint, so rootward does not guess one`,
    });
  }
  return profile ? { region, profile } : { region };
}

function configFileName(env: Env): string {
  return env.AWS_CONFIG_FILE ?? "~/.aws/config";
}

function credentialsFileName(env: Env): string {
  return env.AWS_SHARED_CREDENTIALS_FILE ?? "~/.aws/credentials";
}
