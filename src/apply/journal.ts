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
 * even `kill -9`. It holds operations and identifiers, never credentials.
 */
export function openJournal(path: string, now: () => Date): Journal {
  mkdirSync(dirname(path), { recursive: true });
  const fd = openSync(path, "a");
  return {
    path,
    write(record) {
      writeSync(fd, `${JSON.stringify({ time: now().toISOString(), ...record })}\n`);
    },
    close() {
      closeSync(fd);
    },
  };
}

export function defaultJournalPath(now: Date): string {
  return `.rootward/journal-${now.toISOString().replace(/[:.]/g, "-")}.jsonl`;
}
