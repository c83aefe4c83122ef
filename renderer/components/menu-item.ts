/** An action of UiMenu. */
export interface MenuItem {
  key: string;
  label: string;
  icon?: string;
  disabled?: boolean;
  /** Why it is disabled (shown as tooltip). */
  title?: string;
  danger?: boolean;
}
