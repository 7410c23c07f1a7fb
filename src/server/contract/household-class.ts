// The classes of the rule engine (hộ nghèo, hộ cận nghèo, mức sống trung bình, còn lại), from the domain.
import { z } from 'zod';
import { HOUSEHOLD_CLASSES } from '../../domain/standards/types.ts';

export const HouseholdClass = z.enum(HOUSEHOLD_CLASSES).meta({ id: 'HouseholdClass' });
