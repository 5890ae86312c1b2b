import { GdwireError, GodotError } from './errors.js';
import { VariantType } from './variant-type.js';

/**
 * The wire dialects the codec speaks. Godot 4 is the default; Godot 3 (3.x)
 * numbers its 27 types differently and lacks the Godot 4 additions.
 */
export type Dialect = 'godot4' | 'godot3';

/**
 * Godot 3.x wire id → Godot 4 type (spec §3.15). The one place that knows how
 * the two numberings relate; every other Godot 3 difference is a rule below.
 */
const GODOT3_TO_GODOT4: readonly VariantType[] = [
  VariantType.NIL,
  VariantType.BOOL,
  VariantType.INT,
  VariantType.FLOAT, // REAL
  VariantType.STRING,
  VariantType.VECTOR2,
  VariantType.RECT2,
  VariantType.VECTOR3,
  VariantType.TRANSFORM2D,
  VariantType.PLANE,
  VariantType.QUATERNION, // QUAT
  VariantType.AABB,
  VariantType.BASIS,
  VariantType.TRANSFORM3D, // TRANSFORM
  VariantType.COLOR,
  VariantType.NODE_PATH,
  VariantType.RID, // _RID
  VariantType.OBJECT,
  VariantType.DICTIONARY,
  VariantType.ARRAY,
  VariantType.PACKED_BYTE_ARRAY, // POOL_BYTE_ARRAY
  VariantType.PACKED_INT32_ARRAY, // POOL_INT_ARRAY
  VariantType.PACKED_FLOAT32_ARRAY, // POOL_REAL_ARRAY
  VariantType.PACKED_STRING_ARRAY, // POOL_STRING_ARRAY
  VariantType.PACKED_VECTOR2_ARRAY, // POOL_VECTOR2_ARRAY
  VariantType.PACKED_VECTOR3_ARRAY, // POOL_VECTOR3_ARRAY
  VariantType.PACKED_COLOR_ARRAY, // POOL_COLOR_ARRAY
];

const GODOT4_TO_GODOT3: readonly (number | undefined)[] = (() => {
  const table: (number | undefined)[] = [];
  GODOT3_TO_GODOT4.forEach((type4, id3) => {
    table[type4] = id3;
  });
  return table;
})();

const GODOT4_IDENTITY: readonly VariantType[] = Array.from(
  { length: 39 },
  (_, id) => id as VariantType,
);

/** What differs between dialects, as data the encoder and decoder read. */
export interface DialectRules {
  readonly name: Dialect;
  /** A small number for the dialect (0 or 1), for keying caches. */
  readonly id: number;
  /** Wire id → Godot 4 type; ids past the end are invalid. */
  readonly typeFromWire: readonly VariantType[];
  /** Godot 4 type → wire id, or undefined when the dialect has no such type. */
  readonly wireFromType: readonly (number | undefined)[];
  /** Godot 4 writes an 8-byte RID id; Godot 3 writes the header alone. */
  readonly ridHasPayload: boolean;
  /** Godot 4 honours header bit 16 (double `real_t`) on math types; Godot 3 ignores it. */
  readonly realFlag: boolean;
  /** Godot 4.4+ typed Array/Dictionary headers (bits 16–19); Godot 3 has none. */
  readonly typedContainers: boolean;
  /** Godot 4 checks the `script` property of full objects; Godot 3 sends it like any value. */
  readonly scriptProperty: boolean;
}

export const DIALECTS: Readonly<Record<Dialect, DialectRules>> = {
  godot4: {
    name: 'godot4',
    id: 0,
    typeFromWire: GODOT4_IDENTITY,
    wireFromType: GODOT4_IDENTITY,
    ridHasPayload: true,
    realFlag: true,
    typedContainers: true,
    scriptProperty: true,
  },
  godot3: {
    name: 'godot3',
    id: 1,
    typeFromWire: GODOT3_TO_GODOT4,
    wireFromType: GODOT4_TO_GODOT3,
    ridHasPayload: false,
    realFlag: false,
    typedContainers: false,
    scriptProperty: false,
  },
};

/** The rules of `dialect` (undefined: Godot 4); an unknown name is ERR_INVALID_PARAMETER. */
export function dialectRules(dialect: Dialect | undefined): DialectRules {
  if (dialect === undefined || dialect === 'godot4') return DIALECTS.godot4;
  if (dialect === 'godot3') return DIALECTS.godot3;
  throw new GdwireError(
    GodotError.ERR_INVALID_PARAMETER,
    `unknown dialect ${JSON.stringify(dialect)}: use 'godot4' or 'godot3'`,
  );
}
