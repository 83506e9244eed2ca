import type { CatalogueBody } from '../shared';
import { CatalogueVersionConflict, type CentralStore } from './store/store';

type Body = Omit<CatalogueBody, 'staff'>;

/**
 * Publishes a new catalogue version made from the latest one by `change`, atomically: if another version is published
 * in between (an editor, a staff change, a question), the change is made again on that one, so nothing is overwritten
 * with an older copy. Answers the new version, or null when there is no catalogue yet.
 */
export async function republishLatest(store: CentralStore, at: string, change: (body: Body) => Body = (body) => body): Promise<number | null> {
  for (let attempt = 0; ; attempt++) {
    const latest = await store.latestCatalogue();
    if (!latest) return null;
    const { staff: _staff, ...rest } = latest.body;
    try {
      return await store.publishCatalogue(change(rest), at, { basedOn: latest.version });
    } catch (error) {
      if (!(error instanceof CatalogueVersionConflict) || attempt >= 20) throw error;
    }
  }
}
