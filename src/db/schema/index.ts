// The whole schema, for drizzle-kit (migrations) and drizzle (typed queries).
export * from './units.ts';
export * from './villages.ts';
export * from './legal.ts';
export * from './rounds.ts';
export * from './households.ts';
export * from './reference.ts';
export * from './access.ts';
export * from './audit.ts';
export * from './figures.ts';
export * from './finance.ts';
export * from './works.ts';
export * from './maps.ts';
export * from './sync.ts';
export * from './jobs.ts';
