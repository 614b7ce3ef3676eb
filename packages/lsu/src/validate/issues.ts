/** Collects violations as they are found: all are counted, the first `max` are kept. */

export type IssueParams = Record<string, string | number>;

export interface RawIssue {
  line: number;
  column: number;
  path: string;
  code: string;
  params: IssueParams;
}

/** The issues of one check. */
export class IssueList {
  readonly kept: RawIssue[] = [];
  count = 0;

  constructor(private readonly max: number) {}

  /** Whether one more issue would still be kept (lets callers skip building its path). */
  get full(): boolean {
    return this.kept.length >= this.max;
  }

  /**
   * Counts an issue and keeps it while fewer than `max` are kept. `params` and `path` may be given
   * as functions, called only then: a file may hold millions of errors past the first ones.
   */
  add(code: string, params: IssueParams | (() => IssueParams), line: number, column: number, path: string | (() => string)): void {
    this.count++;
    if (this.kept.length < this.max) {
      this.kept.push({ line, column, path: typeof path === 'string' ? path : path(), code, params: typeof params === 'function' ? params() : params });
    }
  }

  /** Issues in file order, at most `max` of them. */
  sorted(): RawIssue[] {
    return [...this.kept].sort((a, b) => a.line - b.line || a.column - b.column).slice(0, this.max);
  }
}

/** Shortens a value quoted in a message. */
export function excerpt(value: string, max = 60): string {
  const chars = [...value];
  return chars.length > max ? `${chars.slice(0, max).join('')}…` : value;
}
