// The 409 STALE_VERSION answer lives with the use cases (src/services/stale.ts); re-exported for the routes
// that still build it themselves.
export { staleAnswer, type AuditSubject } from '../services/stale.ts';
