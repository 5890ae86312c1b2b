import { classOf, isClass } from './brand.js';
import { orStackOverflow } from './errors.js';
import type { AABB } from './types/aabb.js';
import type { Basis } from './types/basis.js';
import type { Color } from './types/color.js';
import type { ContainerType } from './types/container-type.js';
import { Dictionary } from './types/dictionary.js';
import type { Float } from './types/float.js';
import type { NodePath } from './types/node-path.js';
import type { EncodedObjectAsID, GodotObject } from './types/object.js';
import type { PackedStringArray } from './types/packed-string-array.js';
import type { PackedStructArray } from './types/packed-struct-array.js';
import type { Plane } from './types/plane.js';
import type { Projection } from './types/projection.js';
import type { Quaternion } from './types/quaternion.js';
import type { Rect2 } from './types/rect2.js';
import type { Rect2i } from './types/rect2i.js';
import type { StringName } from './types/string-name.js';
import type { Transform2D } from './types/transform2d.js';
import type { Transform3D } from './types/transform3d.js';
import type { TypedArray } from './types/typed-array.js';
import type { Vector2 } from './types/vector2.js';
import type { Vector3 } from './types/vector3.js';
import type { Vector4 } from './types/vector4.js';
import { typeOfVariant, type VariantInput } from './variant.js';
import { canonicalKey } from './variant-key.js';
import { VariantType as T, typeName } from './variant-type.js';

/**
 * Godot's `var_to_str`: the value in GDScript's text syntax, as Godot 4.6
 * prints it (`Vector2(1, 2)`, `&"name"`, `Array[int]([1, 2])`, dictionaries
 * one pair a line with keys sorted). For logs, tools and tests.
 *
 * Floats print like Godot: integral floats keep `.0`, values that are exact
 * in float32 print with float32's shortest digits, `inf`, `inf_neg`, `nan`.
 *
 * @example
 * ```ts
 * varToStr({ hp: 100, pos: new Vector2(1, 2) }); // '{\n"hp": 100,\n"pos": Vector2(1, 2)\n}'
 * varToStr(new Float(2));                        // '2.0'
 * ```
 */
export function varToStr(value: VariantInput): string {
  try {
    return godotText(value);
  } catch (e) {
    throw orStackOverflow(e);
  }
}

function godotText(value: VariantInput): string {
  const type = typeOfVariant(value);
  switch (type) {
    case T.NIL:
      return 'null';
    case T.BOOL:
    case T.INT:
      return String(value);
    case T.FLOAT: {
      const text = real(classOf(value) === 'Float' ? (value as Float).value : (value as number));
      return /^-?\d+$/.test(text) ? `${text}.0` : text;
    }
    case T.STRING:
      return quote(value as string);
    case T.STRING_NAME:
      return `&${quote((value as StringName).value)}`;
    case T.NODE_PATH:
      return `NodePath(${quote((value as NodePath).toString())})`;
    case T.VECTOR2:
    case T.VECTOR2I: {
      const v = value as Vector2;
      return call(type, v.x, v.y);
    }
    case T.VECTOR3:
    case T.VECTOR3I: {
      const v = value as Vector3;
      return call(type, v.x, v.y, v.z);
    }
    case T.VECTOR4:
    case T.VECTOR4I:
    case T.QUATERNION: {
      const v = value as Vector4 | Quaternion;
      return call(type, v.x, v.y, v.z, v.w);
    }
    case T.RECT2:
    case T.RECT2I: {
      const r = value as Rect2 | Rect2i;
      return call(type, r.x, r.y, r.width, r.height);
    }
    case T.PLANE: {
      const p = value as Plane;
      return call(type, p.x, p.y, p.z, p.d);
    }
    case T.AABB: {
      const b = value as AABB;
      return call(type, b.x, b.y, b.z, b.width, b.height, b.depth);
    }
    case T.TRANSFORM2D: {
      const t = value as Transform2D;
      return call(type, t.x.x, t.x.y, t.y.x, t.y.y, t.origin.x, t.origin.y);
    }
    case T.BASIS:
      return call(type, ...basisRows(value as Basis));
    case T.TRANSFORM3D: {
      const t = value as Transform3D;
      return call(type, ...basisRows(t.basis), t.origin.x, t.origin.y, t.origin.z);
    }
    case T.PROJECTION: {
      const p = value as Projection;
      return call(type, ...[p.x, p.y, p.z, p.w].flatMap((c) => [c.x, c.y, c.z, c.w]));
    }
    case T.COLOR: {
      const c = value as Color;
      return call(type, c.r, c.g, c.b, c.a);
    }
    case T.RID:
    case T.CALLABLE:
    case T.SIGNAL:
      return `${typeName(type)}()`;
    case T.OBJECT:
      return objectToStr(value as EncodedObjectAsID | GodotObject);
    case T.DICTIONARY:
      return dictionaryToStr(Dictionary.from(value as Dictionary));
    case T.ARRAY: {
      const items = `[${(value as VariantInput[]).map(godotText).join(', ')}]`;
      return isClass<TypedArray>(value, 'TypedArray')
        ? `Array[${containerName(value.elementType)}](${items})`
        : items;
    }
    case T.PACKED_STRING_ARRAY:
      return `PackedStringArray(${(value as PackedStringArray).values.map(quote).join(', ')})`;
    case T.PACKED_BYTE_ARRAY:
    case T.PACKED_INT32_ARRAY:
    case T.PACKED_INT64_ARRAY:
    case T.PACKED_FLOAT32_ARRAY:
    case T.PACKED_FLOAT64_ARRAY:
      return call(type, ...Array.from(value as ArrayLike<number | bigint>));
    case T.PACKED_VECTOR2_ARRAY:
    case T.PACKED_VECTOR3_ARRAY:
    case T.PACKED_COLOR_ARRAY:
    case T.PACKED_VECTOR4_ARRAY:
      return call(type, ...Array.from((value as PackedStructArray<unknown>).data));
    case undefined:
      return `<${typeof value} with no Godot type>`;
  }
}

const INTEGER_TYPES = new Set<number>([
  T.VECTOR2I,
  T.VECTOR3I,
  T.VECTOR4I,
  T.RECT2I,
  T.PACKED_BYTE_ARRAY,
  T.PACKED_INT32_ARRAY,
  T.PACKED_INT64_ARRAY,
]);

function call(type: number, ...parts: (number | bigint)[]): string {
  const format = INTEGER_TYPES.has(type) ? String : (p: number | bigint) => real(p as number);
  return `${typeName(type)}(${parts.map(format).join(', ')})`;
}

function basisRows(b: Basis): number[] {
  return [b.x.x, b.y.x, b.z.x, b.x.y, b.y.y, b.z.y, b.x.z, b.y.z, b.z.z];
}

/**
 * Godot's `rtos_fix` + `String::num_scientific`: shortest round-trip digits
 * (float32's when the value is exact in float32), fixed notation for decimal
 * exponents from -4 to 14, scientific with a signed two-digit exponent otherwise.
 */
function real(n: number): string {
  if (Number.isNaN(n)) return 'nan';
  if (n === Number.POSITIVE_INFINITY) return 'inf';
  if (n === Number.NEGATIVE_INFINITY) return 'inf_neg';
  if (n === 0) return '0';
  let digits = String(n);
  if (Math.fround(n) === n) {
    for (let p = 1; p <= 9; p++) {
      const candidate = n.toPrecision(p);
      if (Math.fround(Number(candidate)) === n) {
        digits = String(Number(candidate));
        break;
      }
    }
  }
  const [mantissa, exponent] = Number(digits).toExponential().split('e') as [string, string];
  const exp = Number(exponent);
  if (exp >= -4 && exp < 15) return toFixed(Number(digits));
  return `${mantissa}e${exp < 0 ? '-' : '+'}${String(Math.abs(exp)).padStart(2, '0')}`;
}

/** Plain decimal digits of a number, never JS's exponent form. */
function toFixed(n: number): string {
  const text = String(n);
  if (!text.includes('e')) return text;
  const [mantissa, exponent] = n.toExponential().split('e') as [string, string];
  const exp = Number(exponent);
  const sign = mantissa.startsWith('-') ? '-' : '';
  const digits = mantissa.replace('-', '').replace('.', '');
  if (exp < 0) return `${sign}0.${'0'.repeat(-exp - 1)}${digits}`;
  return sign + digits.padEnd(exp + 1, '0');
}

/** Godot's String `c_escape_multiline`: only backslashes and quotes are escaped. */
function quote(text: string): string {
  return `"${text.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}

function containerName(t: ContainerType): string {
  if (t.type === T.NIL) return 'Variant';
  if (t.script !== undefined) return `Resource(${quote(t.script)})`;
  if (t.type === T.OBJECT) return t.className ?? 'Object';
  return typeName(t.type);
}

/** Godot prints dictionary pairs one a line, sorted by key type, then value. */
function dictionaryToStr(dict: Dictionary): string {
  const pairs = [...dict]
    .map(([k, v]) => ({
      type: typeOfVariant(k) ?? 0,
      key: k,
      text: `${godotText(k)}: ${godotText(v)}`,
    }))
    .sort((a, b) => a.type - b.type || compareKeys(a.key, b.key));
  const body = pairs.length === 0 ? '{}' : `{\n${pairs.map((p) => p.text).join(',\n')}\n}`;
  return dict.isTyped()
    ? `Dictionary[${containerName(dict.keyType)}, ${containerName(dict.valueType)}](${body})`
    : body;
}

function compareKeys(a: unknown, b: unknown): number {
  const x = classOf(a) === 'Float' ? (a as Float).value : a;
  const y = classOf(b) === 'Float' ? (b as Float).value : b;
  if (
    (typeof x === 'number' || typeof x === 'bigint') &&
    (typeof y === 'number' || typeof y === 'bigint')
  ) {
    return x < y ? -1 : x > y ? 1 : 0;
  }
  if (typeof x === 'string' && typeof y === 'string') return x < y ? -1 : x > y ? 1 : 0;
  const [ka, kb] = [canonicalKey(a), canonicalKey(b)];
  return ka < kb ? -1 : ka > kb ? 1 : 0;
}

function objectToStr(value: EncodedObjectAsID | GodotObject): string {
  if (isClass<EncodedObjectAsID>(value, 'EncodedObjectAsID')) {
    return `Object(EncodedObjectAsID,"object_id":${BigInt.asIntN(64, value.objectId)})\n`;
  }
  // Godot prints the script as the Resource it is; gdwire holds its path.
  const props = [...value.properties].map(
    ([k, v]) =>
      `${quote(k)}:${k === 'script' && typeof v === 'string' ? `Resource(${quote(v)})` : godotText(v)}`,
  );
  return `Object(${[value.className, ...props].join(',')})\n`;
}
