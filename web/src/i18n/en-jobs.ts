// English interface — jobs: the same keys as vi-jobs.ts.
import type { viJobs } from './vi-jobs.ts';

export const enJobs: Record<keyof typeof viJobs, string> = {
  'recompute.title': 'Recompute figures',
  'recompute.hint':
    "Recompute {unit}'s figures for {year} from its communes' recognised periodic rounds — needed when a legal list is corrected, units are reorganised or recognised results are amended. All of it is recomputed, or nothing changes.",
  'recompute.start': 'Recompute {year}',
  'recompute.none': 'No recompute yet',
  'recompute.col.unit': 'Unit',
  'recompute.col.year': 'Year',
  'recompute.col.status': 'Status',
  'recompute.col.progress': 'Progress',
  'recompute.col.outcome': 'Outcome',
  'recompute.col.started': 'Started',
  'recompute.status.queued': 'Queued',
  'recompute.status.running': 'Running',
  'recompute.status.succeeded': 'Done',
  'recompute.status.failed': 'Failed',
  'recompute.communes': '{n} communes; poor households {before} → {after}',
  'recompute.runAgain': 'The previous figures are kept whole; run it again.',
  'recompute.reconnecting': 'Reconnecting to the server…',
  'export.hint':
    'The file is made in the background: you may reload the page or do something else, the job is kept. The file is kept 24 hours, for you only.',
  'export.create': 'Make the file',
  'export.status.queued': 'Waiting its turn',
  'export.status.running': 'Making the file',
  'export.status.succeeded': 'The file is ready',
  'export.status.failed': 'The file could not be made',
  'export.phase.reading': 'Reading the data…',
  'export.phase.rendering': 'Making the file for {total} households…',
  'export.households': '{done}/{total} households',
  'export.ready': '{households} households, {size}; download before {expires}.',
  'export.download': 'Download the file',
  'export.expired': 'The file has expired; make it again.',
  'export.runAgain': 'Make the file again.',
  'export.close': 'Close',
};
