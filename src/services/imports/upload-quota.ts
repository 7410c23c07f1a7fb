// Uploads kept on disk per user (issue #15: uploaded files were neither limited nor cleaned): at most
// `pendingUploadsPerUser` files and `pendingBytesPerUser` bytes of one user wait for or are being imported
// at once. A place is taken before the file is received, its bytes counted as they arrive (the upload
// stops at the user's remaining room), and given back when the file is deleted — after the job, whether it
// succeeded, failed or crashed, or, for the forms read while the request waits (opening lists, ODK
// exports), when the answer is ready. One quota per server (sharedUploadQuota) counts a user's uploads on
// every route together, so a user cannot hold more by spreading them over the routes.
import { overLimit, type UploadLimits } from '../../domain/imports/limits.ts';
import { AppError } from '../errors.ts';

export interface QuotaSlot {
  /** Bytes this upload may still take: the file limit, or less when the user's other uploads use room. */
  readonly maxBytes: number;
  /**
   * The size the request announces (Content-Length): 413 with the limit named when, less `overhead` bytes
   * that are not the file (a form's fields and part headers), it is over `maxBytes`. The size named is the
   * announced one, the nearest to the file's as its sender knows it.
   */
  check(declared: number, overhead?: number): void;
  /** Counts bytes received; throws BODY_TOO_LARGE (413, the limit named) once past `maxBytes`. */
  add(bytes: number): void;
  /** The 413 (the limit named) for a file found over `maxBytes` by someone else (a multipart reader's limit). */
  tooLarge(): AppError;
  /** Gives the place and its bytes back (idempotent). */
  release(): void;
}

export class UploadQuota {
  private readonly held = new Map<string, { files: number; bytes: number }>();

  constructor(
    private readonly limits: Pick<
      UploadLimits,
      'maxFileBytes' | 'pendingUploadsPerUser' | 'pendingBytesPerUser'
    >,
  ) {}

  /** What a user holds now (for tests and the status page). */
  usage(userId: string): { files: number; bytes: number } {
    return { ...(this.held.get(userId) ?? { files: 0, bytes: 0 }) };
  }

  /**
   * Takes a place for one more upload of the user: 429 with the limit named when none is left. The file may
   * be at most `maxFileBytes` (the route's limit; by default the imports') and the user's remaining room.
   */
  take(userId: string, maxFileBytes = this.limits.maxFileBytes): QuotaSlot {
    const limits = { ...this.limits, maxFileBytes };
    const usage = this.held.get(userId) ?? { files: 0, bytes: 0 };
    if (usage.files >= limits.pendingUploadsPerUser)
      throw new AppError(
        'TOO_MANY_REQUESTS',
        [],
        undefined,
        withWait(overLimit('pendingUploadsPerUser', usage.files + 1, limits.pendingUploadsPerUser)),
      );
    if (usage.bytes >= limits.pendingBytesPerUser)
      throw new AppError(
        'TOO_MANY_REQUESTS',
        [],
        undefined,
        withWait(overLimit('pendingBytesPerUser', usage.bytes, limits.pendingBytesPerUser)),
      );
    usage.files++;
    this.held.set(userId, usage);
    const room = limits.pendingBytesPerUser - usage.bytes;
    const byUser = room < limits.maxFileBytes;
    const maxBytes = Math.min(limits.maxFileBytes, room);
    let mine = 0;
    let released = false;
    // `size`: the whole file's when known (announced), else the limit itself ("more than").
    const tooLarge = (size: number) =>
      new AppError(
        'BODY_TOO_LARGE',
        [],
        undefined,
        byUser
          ? overLimit('pendingBytesPerUser', usage.bytes - mine + size, limits.pendingBytesPerUser)
          : overLimit('maxFileBytes', size, limits.maxFileBytes),
      );
    return {
      maxBytes,
      check: (declared, overhead = 0) => {
        if (declared - overhead > maxBytes) throw tooLarge(declared);
      },
      tooLarge: () => tooLarge(maxBytes),
      add: (bytes) => {
        if (released) return;
        mine += bytes;
        usage.bytes += bytes;
        if (mine > maxBytes) throw tooLarge(maxBytes);
      },
      release: () => {
        if (released) return;
        released = true;
        usage.files--;
        usage.bytes -= mine;
        if (usage.files <= 0) this.held.delete(userId);
      },
    };
  }
}

const shared = new WeakMap<object, UploadQuota>();

/**
 * The one quota of `owner` (a server's dependencies: every route of a server sees the same object), made on
 * first use with `limits` (those of data/limits/uploads.json; the routes pass the same ones).
 */
export function sharedUploadQuota(owner: object, limits: UploadLimits): UploadQuota {
  let quota = shared.get(owner);
  if (!quota) {
    quota = new UploadQuota(limits);
    shared.set(owner, quota);
  }
  return quota;
}

function withWait(message: { vi: string; en: string }): { vi: string; en: string } {
  return {
    vi: `${message.vi.replace(/\. Chia tệp.*$/u, '')}. Chờ các lần nhập trước xong rồi gửi lại`,
    en: `${message.en.replace(/\. Split the file.*$/u, '')}. Wait for your earlier imports to finish, then send it again`,
  };
}
