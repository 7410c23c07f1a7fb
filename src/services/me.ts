// Who am I, beyond role and scopes: the villages a village-scoped user (an enumerator) works in, each with
// the commune it lies in on the date, so that the screens can preselect the commune and the village.
import { registry, type Queryable } from '../db/index.ts';
import type { Actor } from './actor.ts';

export interface VillagePlace {
  villageId: string;
  villageName: string;
  communeCode: string;
  communeName: string;
  /** Whether the user may change things there (a write scope), not only read. */
  write: boolean;
}

/** The villages in the actor's scopes with their commune on the date, by commune and name; none for unit scopes. */
export async function villagePlaces(db: Queryable, actor: Actor, today: string): Promise<VillagePlace[]> {
  const writable = new Set(actor.write.villageIds);
  const places: VillagePlace[] = [];
  for (const villageId of new Set(actor.read.villageIds)) {
    const place = await registry.villageContext(db, villageId, today);
    if (!place) continue;
    places.push({
      villageId,
      villageName: place.villageName,
      communeCode: place.communeCode,
      communeName: place.communeName,
      write: writable.has(villageId),
    });
  }
  return places.sort(
    (a, b) =>
      a.communeName.localeCompare(b.communeName, 'vi') || a.villageName.localeCompare(b.villageName, 'vi'),
  );
}
