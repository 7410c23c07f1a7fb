// Parses commune-resolutions.json: new province code → the UBTVQH resolution arranging its communes.

import { z } from 'zod';
import { lineAt, problem } from './problem.ts';
import { padCode } from './text.ts';
import type { Problem } from './types.ts';

export const COMMUNE_RESOLUTIONS_FILE = 'commune-resolutions.json';

export interface CommuneResolution {
  readonly resolution: string | null;
  readonly verified: boolean;
}

const Entry = z.object({
  name: z.string().optional(),
  resolution: z.string().min(1).nullable(),
  verified: z.boolean(),
  source: z.string().optional(),
});

/** Pure: JSON text → resolutions by new province code. Keys starting with "$" are comments. */
export function parseCommuneResolutions(
  text: string,
  file = COMMUNE_RESOLUTIONS_FILE,
): { resolutions: Map<string, CommuneResolution>; problems: Problem[] } {
  const resolutions = new Map<string, CommuneResolution>();
  const problems: Problem[] = [];
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    problems.push(
      problem(
        file,
        0,
        'error',
        { vi: `Không đọc được JSON: ${message}`, en: `Not valid JSON: ${message}` },
        '',
      ),
    );
    return { resolutions, problems };
  }
  if (typeof data !== 'object' || data === null || Array.isArray(data)) {
    problems.push(
      problem(
        file,
        1,
        'error',
        {
          vi: 'Tệp phải là một đối tượng JSON {mã tỉnh: …}.',
          en: 'The file must be a JSON object {province code: …}.',
        },
        '',
      ),
    );
    return { resolutions, problems };
  }
  for (const [key, value] of Object.entries(data)) {
    if (key.startsWith('$')) continue;
    const line = lineAt(text, Math.max(0, text.indexOf(`"${key}"`)));
    const code = padCode(key, 2);
    const parsed = Entry.safeParse(value);
    if (!code || !parsed.success) {
      problems.push(
        problem(
          file,
          line,
          'error',
          {
            vi: `Mục "${key}" không hợp lệ (cần mã tỉnh 2 chữ số và { "resolution": chuỗi hoặc null, "verified": true/false }).`,
            en: `Entry "${key}" is invalid (needs a 2-digit province code and { "resolution": string or null, "verified": boolean }).`,
          },
          JSON.stringify(value),
        ),
      );
      continue;
    }
    if (parsed.data.verified && parsed.data.resolution === null) {
      problems.push(
        problem(
          file,
          line,
          'warning',
          {
            vi: `Tỉnh ${code}: "verified" là true nhưng chưa có số nghị quyết; coi như chưa xác minh.`,
            en: `Province ${code}: "verified" is true without a resolution; treated as unverified.`,
          },
          JSON.stringify(value),
        ),
      );
    }
    resolutions.set(code, {
      resolution: parsed.data.resolution,
      verified: parsed.data.verified && parsed.data.resolution !== null,
    });
  }
  return { resolutions, problems };
}
