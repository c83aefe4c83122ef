/**
 * Cross-screen UI services: toasts (success notes that disappear by themselves, errors that stay until closed) and
 * the confirm dialog (`await confirm({...})` resolves true/false), both rendered once by the app shell.
 */
import { defineStore } from 'pinia';
import { ref } from 'vue';
import { asApiError } from '../api/client';

/** A link shown in a toast (e.g. to the drafts an action created): an in-app route. */
export interface ToastLink {
  label: string;
  to: string;
}

export interface Toast {
  id: number;
  tone: 'success' | 'error' | 'info';
  message: string;
  detail?: string;
  links?: ToastLink[];
}

export interface ConfirmRequest {
  title: string;
  message: string;
  confirmLabel: string;
  cancelLabel: string;
  danger?: boolean;
}

export const useUiStore = defineStore('ui', () => {
  const toasts = ref<Toast[]>([]);
  let nextId = 1;

  function dismiss(id: number) {
    toasts.value = toasts.value.filter((t) => t.id !== id);
  }

  function toast(tone: Toast['tone'], message: string, detail?: string, links?: ToastLink[]) {
    const id = nextId++;
    toasts.value = [...toasts.value.slice(-2), { id, tone, message, detail, ...(links?.length ? { links } : {}) }];
    // A toast with links stays until it is used or closed: the user must have time to reach them.
    if (tone !== 'error' && !links?.length) setTimeout(() => dismiss(id), 4500);
    return id;
  }

  const success = (message: string, detail?: string, links?: ToastLink[]) => toast('success', message, detail, links);
  const info = (message: string, detail?: string) => toast('info', message, detail);
  /** Shows any thrown value as an Italian error toast with its fix. */
  const error = (e: unknown) => {
    const err = asApiError(e);
    return toast('error', err.message, err.fix);
  };

  const confirmRequest = ref<ConfirmRequest | null>(null);
  let resolveConfirm: ((ok: boolean) => void) | null = null;

  function confirm(req: ConfirmRequest): Promise<boolean> {
    resolveConfirm?.(false);
    confirmRequest.value = req;
    return new Promise((resolve) => (resolveConfirm = resolve));
  }

  function answerConfirm(ok: boolean) {
    resolveConfirm?.(ok);
    resolveConfirm = null;
    confirmRequest.value = null;
  }

  return { toasts, toast, success, info, error, dismiss, confirmRequest, confirm, answerConfirm };
});
