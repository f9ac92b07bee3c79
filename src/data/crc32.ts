/**
 * CRC-32 as zip stores it (ISO-HDLC: reflected polynomial 0xEDB88320,
 * initial value and final XOR 0xFFFFFFFF), the check every zip entry
 * carries for its uncompressed bytes (APPNOTE 4.4.7).
 *
 * Slicing-by-8 (eight 256-entry tables, one pass over eight bytes at a
 * time) instead of the byte-at-a-time table: the CRC is one more pass over
 * every npz array, and the byte loop is the slower of the two by several
 * times on large arrays.
 */

let tables: Uint32Array[] | undefined;

function crcTables(): Uint32Array[] {
  if (tables) return tables;
  const made = Array.from({ length: 8 }, () => new Uint32Array(256));
  for (let byte = 0; byte < 256; byte++) {
    let crc = byte;
    for (let bit = 0; bit < 8; bit++) crc = crc & 1 ? (crc >>> 1) ^ 0xedb88320 : crc >>> 1;
    made[0][byte] = crc >>> 0;
  }
  for (let byte = 0; byte < 256; byte++) {
    for (let table = 1; table < 8; table++) {
      const previous = made[table - 1][byte];
      made[table][byte] = (previous >>> 8) ^ made[0][previous & 0xff];
    }
  }
  tables = made;
  return made;
}

/**
 * The CRC-32 of `bytes`, as an unsigned 32-bit number.
 *
 * @example
 * ```ts
 * crc32(new TextEncoder().encode('123456789')); // 0xcbf43926, the standard check value
 * ```
 */
export function crc32(bytes: Uint8Array): number {
  const [t0, t1, t2, t3, t4, t5, t6, t7] = crcTables();
  let crc = 0xffffffff;
  let at = 0;
  const fast = bytes.length - (bytes.length % 8);
  for (; at < fast; at += 8) {
    const low = crc ^ (bytes[at] | (bytes[at + 1] << 8) | (bytes[at + 2] << 16) | (bytes[at + 3] << 24));
    crc =
      t7[low & 0xff] ^
      t6[(low >>> 8) & 0xff] ^
      t5[(low >>> 16) & 0xff] ^
      t4[low >>> 24] ^
      t3[bytes[at + 4]] ^
      t2[bytes[at + 5]] ^
      t1[bytes[at + 6]] ^
      t0[bytes[at + 7]];
  }
  for (; at < bytes.length; at++) crc = (crc >>> 8) ^ t0[(crc ^ bytes[at]) & 0xff];
  return (crc ^ 0xffffffff) >>> 0;
}
