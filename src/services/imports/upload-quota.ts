// Uploads kept on disk per user (issue #15: uploaded files were neither limited nor cleaned): at most
// `pendingUploadsPerUser` files and `pendingBytesPerUser` bytes of one user wait for or are being imported
// at once. A place is taken before the file is received, its bytes counted as they arrive (the upload
// stops at the user's remaining room), and given back when the file is deleted — after the job, whether it
// succeeded, failed or crashed.
import { overLimit, type UploadLimits } from '../../domain/imports/limits.ts';
import { AppError } from '../errors.ts';

export interface QuotaSlot {
  /** Bytes this upload may still take: the file limit, or less when the user's other uploads use room. */
  readonly maxBytes: number;
  /** The size the request announces (Content-Length): 413 with the limit named when over `maxBytes`. */
  check(declared: number): void;
  /** Counts bytes received; throws BODY_TOO_LARGE (413, the limit named) once past `maxBytes`. */
  add(bytes: number): void;
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

  /** Takes a place for one more upload of the user: 429 with the limit named when none is left. */
  take(userId: string): QuotaSlot {
    const { limits } = this;
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
      check: (declared) => {
        if (declared > maxBytes) throw tooLarge(declared);
      },
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

function withWait(message: { vi: string; en: string }): { vi: string; en: string } {
  return {
    vi: `${message.vi.replace(/\. Chia tệp.*$/u, '')}. Chờ các lần nhập trước xong rồi gửi lại`,
    en: `${message.en.replace(/\. Split the file.*$/u, '')}. Wait for your earlier imports to finish, then send it again`,
  };
}
