// Password hashing with argon2id (OWASP parameters), and the rule for acceptable new passwords.
import { hash, verify } from '@node-rs/argon2';

// Algorithm 2 = Argon2id; 19 MiB, 2 passes, 1 lane (OWASP's minimum recommendation).
const OPTIONS = { algorithm: 2, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

export const hashPassword = (password: string): Promise<string> => hash(password, OPTIONS);

export async function verifyPassword(stored: string, password: string): Promise<boolean> {
  try {
    return await verify(stored, password);
  } catch {
    return false;
  }
}

/** A hash to verify against when the user does not exist, so timing does not reveal usernames. */
let decoy: Promise<string> | undefined;
export const decoyHash = (): Promise<string> => (decoy ??= hashPassword('decoy-password-never-used'));
