/**
 * "Correggi e reinvia" from any screen: documents.correctRejected creates the corrected draft (same number and date,
 * linked to the rejected document) and the wizard opens on it; the toast repeats the 5-day deadline. When a correction
 * was already started, its draft opens instead of an error.
 */
import { useI18n } from 'vue-i18n';
import { useRouter } from 'vue-router';
import { asApiError, call } from '../../api/client';
import { formatDate } from '../../format/format';
import { useSdiStore } from '../../stores/sdi';
import { useUiStore } from '../../stores/ui';

export function useCorrection() {
  const router = useRouter();
  const ui = useUiStore();
  const sdi = useSdiStore();
  const { t } = useI18n();

  async function correct(documentId: number): Promise<void> {
    try {
      const r = await call('documents.correctRejected', { id: documentId });
      const warning = r.warnings[0]?.message;
      ui.success(t('sdi.correctionCreated'), warning ?? (r.deadline ? t('sdi.correctionDeadline', { date: formatDate(r.deadline) }) : undefined));
      sdi.changed();
      await router.push(`/fatture/${r.document.id}/modifica`);
    } catch (e) {
      const err = asApiError(e);
      const existing = (err.details as { documentId?: unknown } | undefined)?.documentId;
      if (err.code === 'CORREZIONE_GIA_PRESENTE' && typeof existing === 'number') {
        const doc = await call('documents.get', { id: existing }).catch(() => null);
        if (doc?.status === 'draft') {
          ui.info(t('sdi.correctionExists'));
          await router.push(`/fatture/${existing}/modifica`);
          return;
        }
      }
      ui.error(err);
    }
  }

  return { correct };
}
