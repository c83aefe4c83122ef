/** How each plan status looks (the Italian label is in i18n `plans.status.*`). */
import type { PlanStatus } from '../../../core/ipl/types';
import type { Tone } from '../../domain/status';

export const PLAN_STATUS_TONE: Record<PlanStatus, Tone> = {
  open: 'neutral',
  in_progress: 'info',
  invoiced: 'success',
};
