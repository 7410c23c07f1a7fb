// How households moved at recognition: each household's transition, and the groups flows are counted by.
import { z } from 'zod';
import { GROUPS, TRANSITIONS } from '../../domain/review/flows.ts';

export const Transition = z.enum(TRANSITIONS).meta({ id: 'Transition' });
export const FlowGroup = z.enum(GROUPS).meta({ id: 'FlowGroup' });
