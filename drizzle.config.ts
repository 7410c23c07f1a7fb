// drizzle-kit settings: `npx drizzle-kit generate --name <what>` writes src/db/migrations/NNNN_<what>.sql
// from src/db/schema; src/db/migrate.ts applies them (drizzle-kit's own migrate is not used).
import { defineConfig } from 'drizzle-kit';

export default defineConfig({
  dialect: 'postgresql',
  schema: './src/db/schema/index.ts',
  out: './src/db/migrations',
});
