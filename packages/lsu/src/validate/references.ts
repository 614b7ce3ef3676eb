/**
 * IDREF and IDREFS values: checked against the identity registry, with fast paths for values seen
 * before (a file names the same teachers, disciplines and programme elements again and again).
 */
import type { CompiledAttribute } from '../schema/compile.ts';
import { collapse } from '../schema/lexical.ts';
import type { BilanCollector } from './bilans.ts';
import type { IdentityRegistry } from './identity.ts';

const CACHE_MAX = 8192;

/** Checks IDREF/IDREFS values, remembering those already resolved. */
export class ReferenceChecker {
  private readonly items = new Map<string, string[]>();
  /** IDREFS values already resolved, per attribute declaration. */
  private readonly resolvedLists = new Map<CompiledAttribute, Map<string, string[]>>();

  constructor(private readonly identity: IdentityRegistry) {}

  /**
   * Fast path for a reference seen before: a single ID already declared with an allowed kind, or
   * an IDREFS value that fully resolved earlier (IDs are never removed, so it still does).
   * The value then needs no other check.
   */
  known(decl: CompiledAttribute, value: string, bilans: BilanCollector | undefined): boolean {
    const targets = decl.rule.targets;
    if (!decl.simple.isList) {
      const kind = this.identity.kindOf(value);
      if (kind === undefined || (targets !== undefined && !targets.includes(kind))) return false;
      if (decl.namesTeacher) bilans?.reference(value, true, true);
      return true;
    }
    const ids = this.resolvedLists.get(decl)?.get(value);
    if (ids === undefined) return false;
    if (decl.namesTeacher) for (let i = 0; i < ids.length; i++) bilans?.reference(ids[i]!, true, true);
    return true;
  }

  /** Checks a valid IDREF/IDREFS value: resolution now, or later for IDs not declared yet. */
  check(decl: CompiledAttribute, value: string, line: number, column: number, path: () => string, bilans: BilanCollector | undefined): void {
    const targets = decl.rule.targets;
    const name = decl.name;
    if (!decl.simple.isList) {
      const id = collapse(value);
      // Not inside `bilans?.reference(...)`: optional chaining would skip the check with it.
      const resolved = this.identity.reference(id, targets, name, line, column, path);
      bilans?.reference(id, decl.namesTeacher, resolved);
      return;
    }
    const ids = this.split(value);
    let all = true;
    for (let i = 0; i < ids.length; i++) {
      const resolved = this.identity.reference(ids[i]!, targets, name, line, column, path);
      bilans?.reference(ids[i]!, decl.namesTeacher, resolved);
      all &&= resolved;
    }
    if (!all) return;
    let known = this.resolvedLists.get(decl);
    if (!known) this.resolvedLists.set(decl, (known = new Map()));
    if (known.size >= CACHE_MAX) known.clear();
    known.set(value, ids);
  }

  /** IDs named by an IDREFS value; the split lists of frequent values are reused. */
  private split(value: string): string[] {
    let items = this.items.get(value);
    if (items === undefined) {
      items = collapse(value).split(' ');
      if (this.items.size >= CACHE_MAX) this.items.clear();
      this.items.set(value, items);
    }
    return items;
  }
}
