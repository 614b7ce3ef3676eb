/**
 * Document-wide identity checks: xs:ID uniqueness, IDREF/IDREFS resolution and target kind
 * (beyond libxml2, which checks neither), and the attributes kept to resolve bilans.
 */
import type { IssueList } from './issues.ts';

const PENDING_PATHS = 1000;

interface PendingRef {
  value: string;
  targets: string[] | undefined;
  line: number;
  column: number;
  path: string;
  attribute: string;
}

/** IDs with their kind, kept attributes, and references waiting for their ID. */
export class IdentityRegistry {
  /** ID → element name that declared it. */
  private readonly kinds = new Map<string, string>();
  /** ID → attributes, for the element kinds bilans are resolved against. */
  private readonly records = new Map<string, Record<string, string>>();
  private readonly pending: PendingRef[] = [];

  constructor(private readonly issues: IssueList) {}

  /** Declares `id` on an element of kind `kind`; reports a duplicate. */
  declare(id: string, kind: string, line: number, column: number, path: () => string): void {
    const previous = this.kinds.get(id);
    if (previous !== undefined) {
      this.issues.add('id.duplicate', { value: id, kind: previous }, line, column, path);
      return;
    }
    this.kinds.set(id, kind);
  }

  /** Kind of the element that declared `id`, if any yet. */
  kindOf(id: string): string | undefined {
    return this.kinds.get(id);
  }

  keep(id: string, attributes: Record<string, string>): void {
    this.records.set(id, attributes);
  }

  /** Attributes of a kept element, provided it is of kind `kind`. */
  record(id: string, kind: string): Record<string, string> | undefined {
    return this.kinds.get(id) === kind ? this.records.get(id) : undefined;
  }

  /** Calls `visit` for each kept element of one of the `kinds` (by ID, in no set order). */
  eachKept(kinds: ReadonlySet<string>, visit: (id: string, kind: string, attributes: Record<string, string>) => void): void {
    for (const [id, attributes] of this.records) {
      const kind = this.kinds.get(id);
      if (kind !== undefined && kinds.has(kind)) visit(id, kind, attributes);
    }
  }

  /** Any kept element by ID. */
  lookup = (id: string): Record<string, string> | undefined => this.records.get(id);

  /**
   * Checks one reference. Returns true when it resolves to an allowed kind now; a reference to an
   * ID not seen yet is kept and checked at the end of the file.
   */
  reference(value: string, targets: string[] | undefined, attribute: string, line: number, column: number, path: () => string): boolean {
    const kind = this.kinds.get(value);
    if (kind === undefined) {
      // Paths only for the first ones: a file of dangling references must not fill the memory.
      this.pending.push({ value, targets, line, column, path: this.pending.length < PENDING_PATHS ? path() : '', attribute });
      return false;
    }
    if (targets && !targets.includes(kind)) {
      this.issues.add('idref.wrong_kind', { value, attribute, kind, expected: targets.join(', ') }, line, column, path);
      return false;
    }
    return true;
  }

  /** Reports the references that never resolved, or resolved to a wrong kind later in the file. */
  finish(): void {
    for (const ref of this.pending) {
      const kind = this.kinds.get(ref.value);
      const expected = ref.targets?.join(', ') ?? '';
      if (kind === undefined) this.issues.add('idref.unresolved', { value: ref.value, attribute: ref.attribute, expected }, ref.line, ref.column, ref.path);
      else if (ref.targets && !ref.targets.includes(kind)) {
        this.issues.add('idref.wrong_kind', { value: ref.value, attribute: ref.attribute, kind, expected }, ref.line, ref.column, ref.path);
      }
    }
    this.pending.length = 0;
  }
}
