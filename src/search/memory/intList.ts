/**
 * A growing list of small integers in little memory: a plain array while short (a typed array
 * costs more than its contents then), an Int32Array once longer, its first slot holding the length
 * (4 bytes an item instead of 8, and less slack). Posting and facet-value lists are these.
 */
export type IntList = number[] | Int32Array;

const SHORT = 16;

/** Appends `value`; returns the list to keep (a new one when it grew out of its storage). */
export function push(list: IntList, value: number): IntList {
  if (Array.isArray(list)) {
    if (list.length < SHORT) {
      list.push(value);
      return list;
    }
    const grown = new Int32Array(SHORT * 2 + 1);
    grown.set(list, 1);
    grown[0] = list.length;
    return push(grown, value);
  }
  let target = list;
  const n = list[0]!;
  if (n + 1 >= list.length) {
    target = new Int32Array(Math.ceil(list.length * 1.5));
    target.set(list);
  }
  target[n + 1] = value;
  target[0] = n + 1;
  return target;
}

export function sizeOf(list: IntList): number {
  return Array.isArray(list) ? list.length : list[0]!;
}

export function forEachInt(list: IntList, visit: (value: number) => void): void {
  if (Array.isArray(list)) for (const v of list) visit(v);
  else for (let i = 1, end = list[0]! + 1; i < end; i++) visit(list[i]!);
}

/** The items `keep` accepts, in order, as a list of the right kind. */
export function filterInts(list: IntList, keep: (value: number) => boolean): IntList {
  let kept: IntList = [];
  forEachInt(list, (v) => {
    if (keep(v)) kept = push(kept, v);
  });
  return kept;
}
