/**
 * Where copies are and in what state, one slot per copy in typed arrays, each title, school and
 * location string kept once: the holdings of a province's million copies without a million
 * objects (src/services/library/holdings.ts).
 */
import { copyStatuses, type CopyStatus } from '../../domain/copy.js';

export interface Held {
  titleId: string;
  orgId: string;
  status: CopyStatus;
  location: string;
  /** The copy's version when read: an older state arriving late does not replace it. */
  version: number;
}

/**
 * The copies as a snapshot keeps them (src/services/searchSnapshot.ts): the names once, then per
 * copy its 12-byte id (3 words), its title, school, location and status (4 numbers) and its version.
 */
export interface SlotsImage {
  names: string[];
  ids: Uint32Array;
  columns: Int32Array;
  versions: Uint32Array;
}

export class SlotsImageInvalid extends Error {}

const FIRST_SIZE = 1024;
const ID_BYTES = 12;
const COLUMNS = 4;
const HEX_ID = /^[0-9a-f]{24}$/i;

/**
 * A copy id as the key kept: its 12 bytes as a 12-character string. A million ids kept as the hex
 * strings a read gives took 250 MB as map keys, these 60 MB. Null for what is no database id.
 */
const keyOf = (id: string): string | null => (HEX_ID.test(id) ? Buffer.from(id, 'hex').toString('latin1') : null);
const idOf = (key: string): string => Buffer.from(key, 'latin1').toString('hex');

export class CopySlots {
  private readonly slotOf = new Map<string, number>();
  /** The key of each slot's copy (see keyOf). */
  private readonly keys: (string | undefined)[] = [];
  private readonly free: number[] = [];
  private title = new Int32Array(FIRST_SIZE);
  private org = new Int32Array(FIRST_SIZE);
  private location = new Int32Array(FIRST_SIZE);
  private status = new Uint8Array(FIRST_SIZE);
  private version = new Uint32Array(FIRST_SIZE);
  private readonly names: string[] = [];
  private readonly nameIndex = new Map<string, number>();

  get size(): number {
    return this.slotOf.size;
  }

  slot(id: string): number | undefined {
    const key = keyOf(id);
    return key === null ? undefined : this.slotOf.get(key);
  }

  /** Stores (or overwrites) the state of a copy (its id a database id); returns its slot. */
  set(id: string, held: Held): number {
    const key = keyOf(id)!;
    let slot = this.slotOf.get(key);
    if (slot === undefined) {
      slot = this.free.pop() ?? this.keys.length;
      this.grow(slot);
      this.slotOf.set(key, slot);
      this.keys[slot] = key;
    }
    this.title[slot] = this.nameNumber(held.titleId);
    this.org[slot] = this.nameNumber(held.orgId);
    this.location[slot] = this.nameNumber(held.location);
    this.status[slot] = copyStatuses.indexOf(held.status);
    this.version[slot] = held.version;
    return slot;
  }

  remove(id: string): void {
    const slot = this.slot(id);
    if (slot === undefined) return;
    this.slotOf.delete(this.keys[slot]!);
    this.keys[slot] = undefined;
    this.free.push(slot);
  }

  /** The copy of a slot, its strings the ones kept (the same string for every copy of a title). */
  held(slot: number): Held {
    return {
      titleId: this.names[this.title[slot]!]!,
      orgId: this.names[this.org[slot]!]!,
      status: this.statusAt(slot),
      location: this.locationAt(slot),
      version: this.version[slot]!,
    };
  }

  /** The version of the copy held under `id`; -1 when none is. */
  versionOf(id: string): number {
    const slot = this.slot(id);
    return slot === undefined ? -1 : this.version[slot]!;
  }

  statusAt(slot: number): CopyStatus {
    return copyStatuses[this.status[slot]!]!;
  }

  locationAt(slot: number): string {
    return this.names[this.location[slot]!]!;
  }

  idAt(slot: number): string {
    return idOf(this.keys[slot]!);
  }

  /** The copies held now, packed (the slots' numbering is not kept: a restore numbers them afresh). */
  image(): SlotsImage {
    const n = this.slotOf.size;
    const ids = new Uint32Array((n * ID_BYTES) / 4);
    const idBytes = Buffer.from(ids.buffer);
    const columns = new Int32Array(n * COLUMNS);
    const versions = new Uint32Array(n);
    let i = 0;
    for (const [key, slot] of this.slotOf) {
      idBytes.write(key, i * ID_BYTES, ID_BYTES, 'latin1');
      columns.set([this.title[slot]!, this.org[slot]!, this.location[slot]!, this.status[slot]!], i * COLUMNS);
      versions[i++] = this.version[slot]!;
    }
    return { names: [...this.names], ids, columns, versions };
  }

  /** The copies of an image, in slots 0 to n - 1; throws SlotsImageInvalid for one that does not add up. */
  static fromImage(image: SlotsImage): CopySlots {
    const { names, ids, columns, versions } = image;
    const n = versions.length;
    if (ids.length !== (n * ID_BYTES) / 4 || columns.length !== n * COLUMNS)
      throw new SlotsImageInvalid('the columns differ in length');
    if (!names.every((name) => typeof name === 'string')) throw new SlotsImageInvalid('a name is not text');
    for (let j = 0; j < columns.length; j++) {
      const limit = j % COLUMNS === 3 ? copyStatuses.length : names.length;
      if (columns[j]! < 0 || columns[j]! >= limit) throw new SlotsImageInvalid('a number names nothing');
    }
    const slots = new CopySlots();
    names.forEach((name) => slots.nameNumber(name));
    slots.grow(Math.max(FIRST_SIZE, n) - 1, Math.max(FIRST_SIZE, n));
    const idBytes = Buffer.from(ids.buffer, ids.byteOffset, ids.byteLength);
    for (let slot = 0; slot < n; slot++) {
      const key = idBytes.toString('latin1', slot * ID_BYTES, (slot + 1) * ID_BYTES);
      slots.slotOf.set(key, slot);
      slots.keys[slot] = key;
      const at = slot * COLUMNS;
      slots.title[slot] = columns[at]!;
      slots.org[slot] = columns[at + 1]!;
      slots.location[slot] = columns[at + 2]!;
      slots.status[slot] = columns[at + 3]!;
      slots.version[slot] = versions[slot]!;
    }
    if (slots.slotOf.size !== n) throw new SlotsImageInvalid('a copy is there twice');
    return slots;
  }

  /** Every slot in use. */
  *inUse(): IterableIterator<number> {
    yield* this.slotOf.values();
  }

  private nameNumber(name: string): number {
    let n = this.nameIndex.get(name);
    if (n === undefined) {
      n = this.names.push(name) - 1;
      this.nameIndex.set(name, n);
    }
    return n;
  }

  private grow(slot: number, size = this.status.length * 2): void {
    if (slot < this.status.length) return;
    const larger = <T extends Int32Array | Uint8Array | Uint32Array>(from: T, to: T): T => (to.set(from), to);
    this.title = larger(this.title, new Int32Array(size));
    this.org = larger(this.org, new Int32Array(size));
    this.location = larger(this.location, new Int32Array(size));
    this.status = larger(this.status, new Uint8Array(size));
    this.version = larger(this.version, new Uint32Array(size));
  }
}
