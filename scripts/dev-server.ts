// The server side of `npm run dev` (scripts/dev.ts runs it under `tsx watch`): `giamngheo serve` straight from
// the TypeScript sources, so every file it loads is watched (bin/giamngheo.js may run a prebuilt bundle).
import { main } from '../src/cli/main.ts';

process.exitCode = await main(['serve', ...process.argv.slice(2)]);
