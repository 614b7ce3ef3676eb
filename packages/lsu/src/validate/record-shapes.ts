/**
 * The records of an element's attributes (`LsuNode.attributes`, and the kept elements' records),
 * made by a function of their own for each type and list of names: an object literal whose keys
 * are written out. Filled one attribute at a time (`record[name] = value` on a fresh `{}`), one
 * store served every type of element, and V8 ran it through its generic keyed store, about 260
 * instructions an attribute (callgrind, stop 44). Written out, each record takes its shape at once.
 * The names are a rule set's declared attributes (a rule set may come from an XSD), each written
 * as a JSON string literal: whatever it holds, a name is only ever a key.
 */
import type { CompiledType, RecordShape } from '../schema/compile.ts';

/** Lists of names kept per type; a type whose elements write more lists than this gets records filled one by one. */
const SHAPES_PER_TYPE = 4;

/** The record of `count` attributes, `names[k]` = `values[k]`, for an element of `type`. */
export function makeRecord(type: CompiledType, names: readonly string[], values: readonly string[], count: number): Record<string, string> {
  const shapes = type.recordShapes;
  for (let s = 0; s < shapes.length; s++) {
    const shape = shapes[s]!;
    if (sameNames(shape.names, names, count)) return shape.make(values);
  }
  if (shapes.length < SHAPES_PER_TYPE) {
    const shape = shapeOf(names.slice(0, count));
    shapes.push(shape);
    return shape.make(values);
  }
  const record: Record<string, string> = {};
  for (let k = 0; k < count; k++) record[names[k]!] = values[k]!;
  return record;
}

function sameNames(shape: readonly string[], names: readonly string[], count: number): boolean {
  if (shape.length !== count) return false;
  for (let k = 0; k < count; k++) if (shape[k] !== names[k]) return false;
  return true;
}

function shapeOf(names: readonly string[]): RecordShape {
  const body = `return { ${names.map((name, k) => `${JSON.stringify(name)}: values[${k}]`).join(', ')} };`;
  // A literal per list of declared names (see above).
  const make = new Function('values', body) as RecordShape['make'];
  return { names, make };
}
