/** The contract between the tokenizer and whoever consumes its tokens (the validator). */
/** What the sink needs of the character data of the current element. */
export const enum TextNeed {
  /** Only whether it is blank. */
  None = 0,
  /** Its length in characters and whether it is blank (`textChars`, `textCr`), never decoded. */
  Summary = 1,
  /** The decoded string. */
  String = 2,
  /** Whether there is any text at all, even blank (element with empty content). */
  Presence = 3,
}

/** Slots of the tokenizer's table of attribute values: `TagToken.attrSlots` are below it. */
export const INTERN_SLOTS = 8192;

/** A start or end tag as the sink sees it (the tokenizer itself, valid only during the call). */
export interface TagToken {
  readonly name: string;
  readonly attrCount: number;
  readonly attrNames: readonly string[];
  readonly attrValues: readonly string[];
  /**
   * Per attribute, the slot its value was interned in (-1 when it was not): equal values share a
   * slot, so a consumer can remember per slot what it found of a value.
   */
  readonly attrSlots: readonly number[];
  readonly line: number;
  readonly column: number;
  /** Starts keeping the bytes of the input from this start tag's `<` (one capture at a time). */
  startCapture(): void;
  /**
   * Ends the capture at this end tag's `>` (a self-closing tag's own `/>`) and returns the bytes
   * kept, as written but in UTF-8, in memory the tokenizer never writes again.
   */
  endCapture(): Uint8Array;
}

/** Character data as the sink sees it. */
export interface TextToken {
  readonly line: number;
  readonly column: number;
  /** Characters of the text when it was not decoded. */
  readonly textChars: number;
  /** Whether a reference in it stood for CR (which, unlike a written CR, is not normalised). */
  readonly textCr: boolean;
  /** Whether it was a CDATA section. */
  readonly cdata: boolean;
}

/** Receives the tokens. */
export interface XmlSink {
  textNeed: TextNeed;
  startElement(tok: TagToken): void;
  endElement(tok: TagToken): void;
  /**
   * Character data inside an element; `value` is null unless decoded (see `textNeed`). Blank text
   * is not reported when `textNeed` is None.
   */
  text(tok: TextToken, value: string | null, nonBlank: boolean): void;
  fatal(code: string, line: number, column: number, params: Record<string, string | number>): void;
}
