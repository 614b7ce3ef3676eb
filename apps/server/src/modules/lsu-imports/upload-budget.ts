/**
 * The bytes of LSU uploads waiting in this process, against IMPORT_PENDING_MAX_MB: uploads being
 * received (what they declared, or what has arrived) and stored objects whose import has not ended
 * (a stored object counts until it is gone: the import job or the recovery deletes it at the end,
 * in whichever process runs it).
 */

/** The share of the budget one upload holds; released once, whatever path the upload takes. */
export interface UploadReservation {
  /** Extends the reservation to `bytes` in all if the budget holds them now; false otherwise. */
  tryExtend(bytes: number): boolean;
  /** Extends the reservation to `bytes` in all, once stored objects that are gone are counted out; false when the budget still cannot hold them. */
  extend(bytes: number): Promise<boolean>;
  /** The upload is stored as the object `key` (`bytes` long): they stay counted until it is deleted. */
  keepUntilRemoved(key: string, bytes: number): void;
  /** Gives the reserved bytes back (upload refused or failed); does nothing once kept or released. */
  release(): void;
}

export interface UploadBudget {
  /** The most bytes waiting at once. */
  readonly maxBytes: number;
  /** Reserves `bytes` for an upload about to be received; undefined when the budget cannot hold them. */
  reserve(bytes: number): Promise<UploadReservation | undefined>;
  /** Counts a stored object waiting for its import (found at start, or handed over) until it is deleted. */
  holdStoredFile(key: string, bytes: number): void;
  /** Bytes counted now (receiving and stored). */
  usedBytes(): number;
}

/**
 * A budget of `maxBytes` for this process; concurrent requests reserve synchronously, so they never
 * overrun it together. `exists` tells whether a stored object is still there (false only when it is
 * certainly gone); without it every object counts until the process ends.
 */
export function createUploadBudget(maxBytes: number, exists: (key: string) => Promise<boolean> = () => Promise.resolve(true)): UploadBudget {
  let receiving = 0;
  let storedBytes = 0;
  const stored = new Map<string, number>();
  let sweeping: Promise<void> | undefined;

  const usedBytes = () => receiving + storedBytes;
  const fits = (more: number) => usedBytes() + more <= maxBytes;

  function holdStoredFile(key: string, bytes: number): void {
    storedBytes += bytes - (stored.get(key) ?? 0);
    stored.set(key, bytes);
  }

  /** Counts out the stored objects that are gone (their import ended); one sweep at a time. */
  function sweep(): Promise<void> {
    sweeping ??= (async () => {
      for (const [key, bytes] of [...stored]) {
        if (await exists(key)) continue;
        stored.delete(key);
        storedBytes -= bytes;
      }
    })().finally(() => {
      sweeping = undefined;
    });
    return sweeping;
  }

  function reservationOf(initial: number): UploadReservation {
    let held = initial;
    let open = true;
    receiving += initial;
    const close = () => {
      open = false;
      receiving -= held;
    };
    const reservation: UploadReservation = {
      tryExtend(bytes) {
        if (!open) return false;
        if (bytes <= held) return true;
        if (!fits(bytes - held)) return false;
        receiving += bytes - held;
        held = bytes;
        return true;
      },
      async extend(bytes) {
        if (reservation.tryExtend(bytes)) return true;
        await sweep();
        return reservation.tryExtend(bytes);
      },
      keepUntilRemoved(key, bytes) {
        if (!open) return;
        close();
        holdStoredFile(key, bytes);
      },
      release() {
        if (open) close();
      },
    };
    return reservation;
  }

  return {
    maxBytes,
    async reserve(bytes) {
      // A body of unknown length needs room for its first byte at least.
      const wanted = Math.max(bytes, 1);
      if (!fits(wanted)) await sweep();
      return fits(wanted) ? reservationOf(bytes) : undefined;
    },
    holdStoredFile,
    usedBytes,
  };
}
