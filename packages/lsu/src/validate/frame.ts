/** One open element, as the validator tracks it. Frames are pooled by depth and reset on reuse. */
import type { CompiledType } from '../schema/compile.ts';
import type { ModelState } from '../schema/content-model.ts';

/** State of one open element. */
export class Frame {
  name = '';
  type: CompiledType | null = null;
  occurrence = 1;
  repeatable = false;
  line = 0;
  column = 0;
  readonly state: ModelState = { index: 0, count: 0, seen: 0 };
  /** Decoded pieces of the text, and the length and blankness of the pieces left undecoded. */
  text = '';
  textChars = 0;
  /** A reference in the undecoded text stood for CR. */
  textCr = false;
  textNonBlank = false;
  textReported = false;
  /** Keys seen by each unique constraint of this element (sets reused from element to element). */
  uniques: Set<string>[] | null = null;
  private readonly uniqueSets: Set<string>[] = [];

  isBilan = false;
  /** The kept attributes of a kept text-only element, which its text joins at the end tag. */
  keptText: Record<string, string> | undefined = undefined;
  headerField: 'uai' | 'editor' | 'application' | undefined = undefined;
  lastChild = '';
  lastChildCount = 0;

  /** Empty key sets for the unique constraints of `type`, or null when it has none. */
  keySets(type: CompiledType | null): Set<string>[] | null {
    const n = type?.uniques.length ?? 0;
    if (n === 0) return null;
    while (this.uniqueSets.length < n) this.uniqueSets.push(new Set());
    for (let i = 0; i < n; i++) this.uniqueSets[i]!.clear();
    return this.uniqueSets;
  }
}
