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
  uniques: KeySet[] | null = null;
  private readonly uniqueSets: KeySet[] = [];

  isBilan = false;
  /** The kept attributes of a kept text-only element, which its text joins at the end tag. */
  keptText: Record<string, string> | undefined = undefined;
  headerField: 'uai' | 'editor' | 'application' | undefined = undefined;
  lastChild = '';
  lastChildCount = 0;

  /** Empty key sets for the unique constraints of `type`, or null when it has none. */
  keySets(type: CompiledType | null): KeySet[] | null {
    const n = type === null ? 0 : type.uniques.length;
    if (n === 0) return null;
    while (this.uniqueSets.length < n) this.uniqueSets.push(new KeySet());
    for (let i = 0; i < n; i++) this.uniqueSets[i]!.clear();
    return this.uniqueSets;
  }
}

const FEW_KEYS = 16;

/**
 * The keys of one unique constraint within one element. Most hold a handful (the subjects of a
 * bilan): compared in an array, which a Set's clear and growth cost more than; past FEW_KEYS, a Set.
 */
export class KeySet {
  private readonly few: string[] = new Array<string>(FEW_KEYS).fill('');
  private count = 0;
  private many: Set<string> | null = null;

  clear(): void {
    this.count = 0;
    this.many = null;
  }

  /** Adds `key`; false when it was already there. */
  add(key: string): boolean {
    const many = this.many;
    if (many !== null) {
      const size = many.size;
      return many.add(key).size !== size;
    }
    const few = this.few;
    const count = this.count;
    for (let i = 0; i < count; i++) if (few[i] === key) return false;
    if (count < FEW_KEYS) {
      few[count] = key;
      this.count = count + 1;
      return true;
    }
    this.many = new Set(few);
    this.many.add(key);
    return true;
  }
}
