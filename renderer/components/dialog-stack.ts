/** The dialogs open on screen, innermost last: Esc closes only the one on top, wherever the focus is. */
export const openDialogs: symbol[] = [];
