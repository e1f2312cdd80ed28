// Lines about long library work (DGD-LB's "auto" step on a large fleet) for whoever shows them.

/**
 * Where notices go: the CLI points this at stderr (a line even outside a terminal, so that no
 * input keeps a run busy without a word); a library user may set their own; unset, they go nowhere.
 */
let listener: ((line: string) => void) | null = null;

export function setWorkNoticeListener(next: ((line: string) => void) | null): void {
  listener = next;
}

export function workNotice(line: string): void {
  listener?.(line);
}
