/**
 * An import parsed while its file is still arriving (decision 0024): the upload hands each chunk to
 * the import's parse as it stores it, so the two overlap instead of following each other. Used only
 * by a process that runs the imports, and only while no other import runs in it (`ImportSlot`).
 */
import { PassThrough, type Readable } from 'node:stream';
import type { StoredObject } from '../storage/storage.ts';

/** What the import's pipeline reads of an upload still arriving. */
export interface LiveUpload {
  /** The object the upload is stored as. */
  readonly key: string;
  /** The file's bytes as they arrive; read once, by the parse's first attempt. */
  readonly bytes: Readable;
  /** The stored object once the upload has ended whole; rejects when it failed (then nothing is stored). */
  readonly stored: Promise<StoredObject>;
}

/** The upload's side of a live upload. */
export interface LiveUploadFeed {
  readonly upload: LiveUpload;
  /** Hands a chunk to the parse; a promise when the parse must catch up first. */
  write(chunk: Buffer): Promise<void> | undefined;
  /** Every byte has been handed over. */
  endOfBytes(): void;
  /** The upload is stored whole. */
  stored(object: StoredObject): void;
  /** The upload failed: the parse fails with `error`. */
  fail(error: Error): void;
}

/** Bytes handed over ahead of the parse before the upload waits for it. */
const AHEAD_BYTES = 4 * 1024 * 1024;

export function createLiveUpload(key: string): LiveUploadFeed {
  const bytes = new PassThrough({ highWaterMark: AHEAD_BYTES });
  // The parse stops reading when it is done (or fails): what still arrives is only stored.
  bytes.on('error', () => undefined);
  let resolveStored!: (object: StoredObject) => void;
  let rejectStored!: (error: Error) => void;
  const stored = new Promise<StoredObject>((resolve, reject) => {
    resolveStored = resolve;
    rejectStored = reject;
  });
  stored.catch(() => undefined);
  const open = () => !bytes.destroyed && !bytes.writableEnded;
  const endOfBytes = () => {
    if (open()) bytes.end();
  };
  return {
    upload: { key, bytes, stored },
    write(chunk) {
      if (!open() || bytes.write(chunk)) return undefined;
      return new Promise((resolve) => {
        const go = () => {
          bytes.off('drain', go);
          bytes.off('close', go);
          resolve();
        };
        bytes.on('drain', go);
        bytes.on('close', go);
      });
    },
    endOfBytes,
    stored(object) {
      endOfBytes();
      resolveStored(object);
    },
    fail(error) {
      bytes.destroy(error);
      rejectStored(error);
    },
  };
}

/**
 * The one import a process runs at a time: the queue's job waits for it; an upload takes it only if
 * it is free (else its import is queued as usual).
 */
export interface ImportSlot {
  /** Takes the slot if it is free; the function gives it back. */
  tryTake(): (() => void) | undefined;
  /** Waits for the slot; the function gives it back. */
  take(): Promise<() => void>;
}

export function createImportSlot(): ImportSlot {
  let taken = false;
  const waiting: (() => void)[] = [];
  const release = () => {
    const next = waiting.shift();
    if (next) next();
    else taken = false;
  };
  const once = () => {
    let given = false;
    return () => {
      if (given) return;
      given = true;
      release();
    };
  };
  return {
    tryTake() {
      if (taken) return undefined;
      taken = true;
      return once();
    },
    take() {
      if (!taken) {
        taken = true;
        return Promise.resolve(once());
      }
      return new Promise((resolve) => waiting.push(() => resolve(once())));
    },
  };
}

/** Imports run as their file arrives, in a process that runs the imports. */
export interface LiveImports {
  /** Takes the process's import slot for an upload about to be recorded, if it is free. */
  claim(): LiveImportClaim | undefined;
}

export interface LiveImportClaim {
  /** Runs the recorded import `importId` over `upload`, then gives the slot back; settles when the import has ended, never rejects. */
  run(importId: string, upload: LiveUpload): Promise<void>;
  /** Gives the slot back without running (the import could not be recorded). */
  release(): void;
}
