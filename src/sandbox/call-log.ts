import type { ServiceName } from "./errors.js";

/** One AWS call as the sandbox saw it: who acted, under which task, and how it ended. */
export type CallRecord = {
  seq: number;
  /** ISO time from the sandbox clock. */
  time: string;
  /**
   * Positions on the sandbox's event counter, which takes one tick when a request arrives and one
   * when it is answered: call A was in flight when call B arrived iff
   * `A.received < B.received < A.answered`. Tests measure overlap and order with these, not with
   * clock times.
   */
  received: number;
  answered: number;
  service: ServiceName | "unknown";
  operation: string;
  /** The account whose credentials acted (the member account for a root session). */
  account?: string;
  caller?: "management" | "delegated-admin" | "member" | "role" | "root-session";
  /**
   * Who acted by name: the static key kind, the configured caller's name, or for a root session
   * the caller that opened it with AssumeRoot.
   */
  callerName?: string;
  taskPolicy?: string;
  /**
   * The member account a call targeted: AssumeRoot's target, or the account an Organizations
   * read names (ListTagsForResource, DescribeAccount, ListParents).
   */
  targetAccount?: string;
  /** `ok`, or the wire error code. */
  outcome: string;
  status: number;
  /** Which policy refused the call, when the sandbox's policy evaluation did. */
  deniedBy?: "identity-policy" | "task-policy" | "scp";
  /** Set when the sandbox injected the outcome (throttling, a 5xx, a dropped connection). */
  injected?: "throttled" | "error" | "drop";
};

/**
 * The most recent calls, bounded so a long benchmark cannot grow memory without limit; `dropped`
 * says how many older records were discarded.
 */
export class CallLog {
  private records: CallRecord[] = [];
  private seq = 0;
  private droppedCount = 0;
  private events = 0;

  constructor(private readonly limit: number) {}

  /** Takes the next tick of the event counter (see `CallRecord.received`). */
  tick(): number {
    this.events += 1;
    return this.events;
  }

  /** Records an answered call; its `answered` tick is taken now. */
  add(record: Omit<CallRecord, "seq" | "answered">): void {
    this.seq += 1;
    this.records.push({ seq: this.seq, ...record, answered: this.tick() });
    if (this.records.length > this.limit * 1.25) {
      const excess = this.records.length - this.limit;
      this.records = this.records.slice(excess);
      this.droppedCount += excess;
    }
  }

  list(): CallRecord[] {
    if (this.records.length > this.limit) {
      const excess = this.records.length - this.limit;
      this.records = this.records.slice(excess);
      this.droppedCount += excess;
    }
    return [...this.records];
  }

  get dropped(): number {
    return this.droppedCount;
  }

  get total(): number {
    return this.seq;
  }

  clear(): void {
    this.records = [];
    this.droppedCount = 0;
  }
}
