/** An entry of UiSelect. */
export interface SelectOption<T> {
  value: T;
  label: string;
  disabled?: boolean;
}
