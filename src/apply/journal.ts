import { closeSync, mkdirSync, openSync, writeSync } from "node:fs";
import { dirname } from "node:path";

export type JournalEvent =
  | "apply-started"
  | "started"
  | "succeeded"
  | "failed"
  | "skipped"
  | "unjustified"
  | "apply-finished";

export type JournalRecord = {
  event: JournalEvent;
  operation?: string;
  accountId?: string;
  identifier?: string;
  outcome?: string;
  errorCode?: string;
  message?: string;
  [key: string]: unknown;
};

export type Journal = { write(record: JournalRecord): void; close(): void; path: string };

/**
 * A JSON-lines journal, written synchronously record by record so that what happened survives
 * even `kill -9`. It holds operations and identifiers, never credentials. The file is created
 * with the first record: an apply refused before it starts (guards, credentials, network)
 * leaves no empty journal behind.
 */
export function openJournal(path: string, now: () => Date): Journal {
  let fd: number | undefined;
  return {
    path,
    write(record) {
      if (fd === undefined) {
        mkdirSync(dirname(path), { recursive: true });
        fd = openSync(path, "a");
      }
      writeSync(fd, `${JSON.stringify({ time: now().toISOString(), ...record })}\n`);
    },
    close() {
      if (fd !== undefined) closeSync(fd);
      fd = undefined;
    },
  };
}

export function defaultJournalPath(now: Date): string {
  return `.rootward/journal-${now.toISOString().replace(/[:.]/g, "-")}.jsonl`;
}
