// Lines about long library work (DGD-LB's "auto" step on a large fleet) for whoever shows them.

/**
 * Where notices go: the CLI points this at stderr; a library user may set their own; unset, they
 * go nowhere. A notice is either a line said up front and at the end of work known to be long
 * (the CLI prints it even outside a terminal, so that no input keeps a run busy without a word),
 * or `progress` on the way, which the CLI prints only to a terminal: it depends on the clock.
 */
export type WorkNoticeListener = (line: string, progress: boolean) => void;

let listener: WorkNoticeListener | null = null;

export function setWorkNoticeListener(next: WorkNoticeListener | null): void {
  listener = next;
}

export function workNotice(line: string, progress = false): void {
  listener?.(line, progress);
}
