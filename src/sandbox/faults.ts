import { performance } from "node:perf_hooks";
import type { ServiceName } from "./errors.js";
import type { Random } from "./random.js";

export type FaultOptions = {
  /** Delay added to every AWS call, in milliseconds (a timer: it never blocks other calls). */
  latencyMs?: number;
  /**
   * Requests per second, keyed by service (`sts`, `iam`, `organizations`, `s3`, `sqs`) or by
   * service and operation (`sts:AssumeRoot`). Each key is a token bucket holding one second of
   * burst; a request needs a token from its service and its operation bucket.
   */
  rateLimits?: Readonly<Record<string, number>>;
  /** Probability (0–1) that a call fails with the service's internal error (HTTP 500). */
  errorRate?: number;
  /** Probability (0–1) that a call is throttled regardless of the rate limits (bursty AWS throttling). */
  throttleRate?: number;
  /** Probability (0–1) that the connection is destroyed without an answer. */
  dropRate?: number;
  /**
   * AWS starting to throttle mid-run, counted in calls rather than time so tests do not depend on
   * the machine's speed: of the calls matching `key` (`sts:AssumeRoot`, or a service), numbers
   * `after + 1` to `after + count` (in the order answered, retries included) are throttled.
   */
  throttleBurst?: { key: string; after: number; count: number };
};

export type InjectedFault = "error" | "drop" | "throttle";

type Bucket = { capacity: number; tokens: number; perMs: number; last: number };

/** Token buckets refill with real time (performance.now), not the injected clock: they shape throughput. */
export class FaultInjector {
  private readonly buckets = new Map<string, Bucket>();
  readonly latencyMs: number;
  private readonly errorRate: number;
  private readonly dropRate: number;
  private readonly throttleRate: number;
  private readonly burst: { key: string; after: number; count: number; seen: number } | undefined;

  constructor(
    options: FaultOptions,
    private readonly random: Random,
  ) {
    this.latencyMs = Math.max(0, options.latencyMs ?? 0);
    this.errorRate = clampRate(options.errorRate ?? 0, "errorRate");
    this.dropRate = clampRate(options.dropRate ?? 0, "dropRate");
    this.throttleRate = clampRate(options.throttleRate ?? 0, "throttleRate");
    const burst = options.throttleBurst;
    if (burst && !(Number.isInteger(burst.after) && burst.after >= 0 && Number.isInteger(burst.count)))
      throw new RangeError("throttleBurst: after and count must be whole numbers, after at least 0");
    this.burst = burst ? { ...burst, key: normalizeKey(burst.key), seen: 0 } : undefined;
    for (const [key, rate] of Object.entries(options.rateLimits ?? {})) {
      if (!(rate > 0))
        throw new RangeError(`rate limit ${key}=${rate}: requests per second must be positive`);
      const capacity = Math.max(1, rate);
      this.buckets.set(normalizeKey(key), {
        capacity,
        tokens: capacity,
        perMs: rate / 1000,
        last: performance.now(),
      });
    }
  }

  /** Takes a token for the call, or says it is throttled. */
  throttles(service: ServiceName, operation: string): boolean {
    if (this.inBurst(service, operation)) return true;
    if (this.buckets.size === 0) return false;
    const now = performance.now();
    const serviceBucket = this.buckets.get(service);
    const operationBucket = this.buckets.get(`${service}:${operation.toLowerCase()}`);
    for (const bucket of [serviceBucket, operationBucket]) {
      if (!bucket) continue;
      bucket.tokens = Math.min(bucket.capacity, bucket.tokens + (now - bucket.last) * bucket.perMs);
      bucket.last = now;
      if (bucket.tokens < 1) return true;
    }
    if (serviceBucket) serviceBucket.tokens -= 1;
    if (operationBucket) operationBucket.tokens -= 1;
    return false;
  }

  private inBurst(service: ServiceName, operation: string): boolean {
    const burst = this.burst;
    if (!burst || (burst.key !== service && burst.key !== `${service}:${operation.toLowerCase()}`))
      return false;
    burst.seen += 1;
    return burst.seen > burst.after && burst.seen <= burst.after + burst.count;
  }

  fault(): InjectedFault | undefined {
    if (this.dropRate > 0 && this.random.next() < this.dropRate) return "drop";
    if (this.errorRate > 0 && this.random.next() < this.errorRate) return "error";
    if (this.throttleRate > 0 && this.random.next() < this.throttleRate) return "throttle";
    return undefined;
  }
}

function normalizeKey(key: string): string {
  const [service = "", operation] = key.split(":");
  return operation === undefined
    ? service.toLowerCase()
    : `${service.toLowerCase()}:${operation.toLowerCase()}`;
}

function clampRate(rate: number, name: string): number {
  if (!(rate >= 0 && rate <= 1)) throw new RangeError(`${name} must be between 0 and 1, got ${rate}`);
  return rate;
}

/** Parses `sts:AssumeRoot=50` / `iam=100` (the CLI's --rate-limit). */
export function parseRateLimit(text: string): [string, number] {
  const match = /^([a-z0-9-]+(?::[A-Za-z0-9]+)?)=(\d+(?:\.\d+)?)$/.exec(text.trim());
  if (!match?.[1] || !match[2]) {
    throw new RangeError(
      `--rate-limit ${text}: expected SERVICE=RPS or SERVICE:Operation=RPS (e.g. sts:AssumeRoot=50)`,
    );
  }
  return [match[1], Number(match[2])];
}
