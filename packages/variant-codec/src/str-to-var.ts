import { GdwireError, GodotError, orStackOverflow } from './errors.js';
import { AABB } from './types/aabb.js';
import { Basis } from './types/basis.js';
import { Callable } from './types/callable.js';
import { Color } from './types/color.js';
import { type ContainerType, UNTYPED } from './types/container-type.js';
import { Dictionary } from './types/dictionary.js';
import { Float } from './types/float.js';
import { NodePath } from './types/node-path.js';
import { GodotObject } from './types/object.js';
import { PackedColorArray } from './types/packed-color-array.js';
import { PackedStringArray } from './types/packed-string-array.js';
import { PackedVector2Array } from './types/packed-vector2-array.js';
import { PackedVector3Array } from './types/packed-vector3-array.js';
import { PackedVector4Array } from './types/packed-vector4-array.js';
import { Plane } from './types/plane.js';
import { Projection } from './types/projection.js';
import { Quaternion } from './types/quaternion.js';
import { Rect2 } from './types/rect2.js';
import { Rect2i } from './types/rect2i.js';
import { RID } from './types/rid.js';
import { Signal } from './types/signal.js';
import { StringName } from './types/string-name.js';
import { Transform2D } from './types/transform2d.js';
import { Transform3D } from './types/transform3d.js';
import { TypedArray } from './types/typed-array.js';
import { Vector2 } from './types/vector2.js';
import { Vector2i } from './types/vector2i.js';
import { Vector3 } from './types/vector3.js';
import { Vector3i } from './types/vector3i.js';
import { Vector4 } from './types/vector4.js';
import { Vector4i } from './types/vector4i.js';
import type { Variant } from './variant.js';
import { typeName, VARIANT_MAX, VariantType } from './variant-type.js';

/**
 * Godot's `str_to_var`: a value from GDScript's text syntax, as `var_to_str`
 * writes it (`Vector2(1, 2)`, `&"name"`, `Array[int]([1, 2])`,
 * `{"hp": 100}`). Numbers with a `.` or an exponent are floats (integral
 * ones come back as `Float`), others ints; math types take float32
 * components, as in Godot's single-precision builds. Full objects
 * (`Object(Class, "prop": value)`) come back as `GodotObject` data.
 *
 * Fails with ERR_PARSE_ERROR and the offending position, and with
 * ERR_INVALID_PARAMETER for anything but a String.
 *
 * @example
 * ```ts
 * const v = strToVar('{"hp": 100, "pos": Vector2(1, 2)}') as Dictionary;
 * v.get('pos'); // Vector2 { x: 1, y: 2 }
 * ```
 */
export function strToVar(text: string): Variant {
  // Text from JSON or a socket may be anything: a clear error, not a TypeError from the parser.
  if (typeof text !== 'string') {
    throw new GdwireError(
      GodotError.ERR_INVALID_PARAMETER,
      `strToVar takes a String, not ${text === null ? 'null' : typeof text}`,
    );
  }
  const parser = new Parser(text);
  try {
    const value = parser.value();
    parser.end();
    return value;
  } catch (e) {
    throw orStackOverflow(e);
  }
}

const f32 = Math.fround;
const TYPE_BY_NAME = new Map<string, VariantType>(
  Array.from({ length: VARIANT_MAX }, (_, id) => [typeName(id), id as VariantType]),
);

type Number_ = { text: string; float: boolean };

class Parser {
  #pos = 0;
  constructor(readonly text: string) {}

  end(): void {
    this.#space();
    if (this.#pos < this.text.length) this.#fail('unexpected text after the value');
  }

  value(): Variant {
    this.#space();
    const c = this.text[this.#pos];
    if (c === '"') return this.#string();
    if (c === '&') {
      this.#pos++;
      return new StringName(this.#string());
    }
    if (c === '^') {
      this.#pos++;
      return new NodePath(this.#string());
    }
    if (c === '[') return this.#list('[', ']', () => this.value());
    if (c === '{') return this.#dictionary(UNTYPED, UNTYPED);
    if (c === '-' || (c !== undefined && c >= '0' && c <= '9')) return numberValue(this.#number());
    const name = this.#identifier();
    switch (name) {
      case 'null':
        return null;
      case 'true':
        return true;
      case 'false':
        return false;
      case 'inf':
        return Number.POSITIVE_INFINITY;
      case 'inf_neg':
        return Number.NEGATIVE_INFINITY;
      case 'nan':
        return Number.NaN;
    }
    return this.#construct(name);
  }

  #construct(name: string): Variant {
    if (name === 'Array' && this.#peek('[')) {
      const [type] = this.#typeList(1);
      this.#expect('(');
      const items = this.#list('[', ']', () => this.value());
      this.#expect(')');
      return new TypedArray(type!, items);
    }
    if (name === 'Dictionary' && this.#peek('[')) {
      const [keyType, valueType] = this.#typeList(2);
      this.#expect('(');
      const dict = this.#dictionary(keyType!, valueType!);
      this.#expect(')');
      return dict;
    }
    if (name === 'Object') return this.#object();
    this.#expect('(');
    if (name === 'NodePath' || name === 'StringName' || name === 'Resource') {
      const s = this.#string();
      this.#expect(')');
      return name === 'NodePath' ? new NodePath(s) : name === 'StringName' ? new StringName(s) : s;
    }
    if (name === 'PackedStringArray') {
      const strings = this.#rest(() => this.#string());
      return new PackedStringArray(strings);
    }
    const n = this.#rest(() => this.#numberOrSpecial());
    const num = (i: number) => Number(n[i]?.text ?? Number.NaN);
    const reals = (count: number) => this.#arity(name, n, count).map((_, i) => f32(num(i)));
    const ints = (count: number) => this.#arity(name, n, count).map((_, i) => num(i) | 0);
    switch (name) {
      case 'Vector2': {
        const [x, y] = reals(2) as [number, number];
        return new Vector2(x, y);
      }
      case 'Vector2i': {
        const [x, y] = ints(2) as [number, number];
        return new Vector2i(x, y);
      }
      case 'Rect2':
        return new Rect2(...(reals(4) as [number, number, number, number]));
      case 'Rect2i':
        return new Rect2i(...(ints(4) as [number, number, number, number]));
      case 'Vector3':
        return new Vector3(...(reals(3) as [number, number, number]));
      case 'Vector3i':
        return new Vector3i(...(ints(3) as [number, number, number]));
      case 'Vector4':
        return new Vector4(...(reals(4) as [number, number, number, number]));
      case 'Vector4i':
        return new Vector4i(...(ints(4) as [number, number, number, number]));
      case 'Plane':
        return new Plane(...(reals(4) as [number, number, number, number]));
      case 'Quaternion':
        return new Quaternion(...(reals(4) as [number, number, number, number]));
      case 'AABB':
        return new AABB(...(reals(6) as [number, number, number, number, number, number]));
      case 'Color': {
        const c = n.length === 3 ? [...reals(3), 1] : reals(4);
        return new Color(c[0], c[1], c[2], c[3]);
      }
      case 'Transform2D': {
        const t = reals(6);
        return new Transform2D(
          new Vector2(t[0], t[1]),
          new Vector2(t[2], t[3]),
          new Vector2(t[4], t[5]),
        );
      }
      case 'Basis':
        return basisFromRows(reals(9));
      case 'Transform3D': {
        const t = reals(12);
        return new Transform3D(basisFromRows(t), new Vector3(t[9], t[10], t[11]));
      }
      case 'Projection': {
        const p = reals(16);
        const column = (i: number) => new Vector4(p[i], p[i + 1], p[i + 2], p[i + 3]);
        return new Projection(column(0), column(4), column(8), column(12));
      }
      case 'RID':
        return new RID(n.length > 0 ? BigInt(n[0]!.text) : 0n);
      case 'Callable':
        return new Callable();
      case 'Signal':
        return new Signal();
      case 'PackedByteArray':
        return Uint8Array.from(n, (x) => Number(x.text));
      case 'PackedInt32Array':
        return Int32Array.from(n, (x) => Number(x.text));
      case 'PackedInt64Array':
        return BigInt64Array.from(n, (x) => BigInt(x.text));
      case 'PackedFloat32Array':
        return Float32Array.from(n, (x) => Number(x.text));
      case 'PackedFloat64Array':
        return Float64Array.from(n, (x) => Number(x.text));
      case 'PackedVector2Array':
        return new PackedVector2Array(Float32Array.from(n, (x) => Number(x.text)));
      case 'PackedVector3Array':
        return new PackedVector3Array(Float32Array.from(n, (x) => Number(x.text)));
      case 'PackedVector4Array':
        return new PackedVector4Array(Float32Array.from(n, (x) => Number(x.text)));
      case 'PackedColorArray':
        return new PackedColorArray(Float32Array.from(n, (x) => Number(x.text)));
      default:
        return this.#fail(`unknown constructor ${name}`);
    }
  }

  /** `Object(Class, "prop": value, …)`: a full object, as var_to_str prints one. */
  #object(): GodotObject {
    this.#expect('(');
    const className = this.#identifier();
    const properties: [string, Variant][] = [];
    this.#space();
    while (this.#peek(',')) {
      this.#pos++;
      const name = this.#string();
      this.#expect(':');
      properties.push([name, this.value()]);
      this.#space();
    }
    this.#expect(')');
    return new GodotObject(className, properties);
  }

  /** `[T]` or `[K, V]` after Array / Dictionary: builtin names, class names, or Resource("path"). */
  #typeList(count: number): ContainerType[] {
    this.#expect('[');
    const types: ContainerType[] = [];
    for (let i = 0; i < count; i++) {
      if (i > 0) this.#expect(',');
      this.#space();
      const name = this.#identifier();
      if (name === 'Resource' && this.#peek('(')) {
        this.#expect('(');
        const script = this.#string();
        this.#expect(')');
        types.push({ type: VariantType.OBJECT, script });
        continue;
      }
      const builtin = name === 'Variant' ? VariantType.NIL : TYPE_BY_NAME.get(name);
      types.push(
        builtin === undefined ? { type: VariantType.OBJECT, className: name } : { type: builtin },
      );
    }
    this.#expect(']');
    return types;
  }

  #dictionary(keyType: ContainerType, valueType: ContainerType): Dictionary {
    const dict = new Dictionary(undefined, keyType, valueType);
    this.#expect('{');
    this.#space();
    if (this.#peek('}')) {
      this.#pos++;
      return dict;
    }
    for (;;) {
      const key = this.value();
      this.#expect(':');
      dict.set(key, this.value());
      this.#space();
      if (this.#peek(',')) {
        this.#pos++;
        continue;
      }
      this.#expect('}');
      return dict;
    }
  }

  #list<T>(open: string, close: string, item: () => T): T[] {
    this.#expect(open);
    return this.#items(close, item);
  }

  /** Comma-separated items up to the closing parenthesis (already after the opening one). */
  #rest<T>(item: () => T): T[] {
    return this.#items(')', item);
  }

  /** Comma-separated items, then `close`. */
  #items<T>(close: string, item: () => T): T[] {
    const items: T[] = [];
    if (this.#peek(close)) {
      this.#pos++;
      return items;
    }
    for (;;) {
      items.push(item());
      if (this.#peek(',')) {
        this.#pos++;
        continue;
      }
      this.#expect(close);
      return items;
    }
  }

  #arity(name: string, items: unknown[], count: number): unknown[] {
    if (items.length !== count)
      this.#fail(`${name} takes ${count} components, got ${items.length}`);
    return items;
  }

  #numberOrSpecial(): Number_ {
    this.#space();
    const c = this.text[this.#pos];
    if (c === '-' || (c !== undefined && c >= '0' && c <= '9')) return this.#number();
    const name = this.#identifier();
    if (name === 'inf') return { text: 'Infinity', float: true };
    if (name === 'inf_neg') return { text: '-Infinity', float: true };
    if (name === 'nan') return { text: 'NaN', float: true };
    return this.#fail(`expected a number, got ${name}`);
  }

  #number(): Number_ {
    this.#space();
    const match = /^-?(\d+(\.\d*)?|\.\d+)([eE][-+]?\d+)?/.exec(this.text.slice(this.#pos));
    if (!match) {
      if (this.text.startsWith('-inf', this.#pos)) {
        this.#pos += 4;
        return { text: '-Infinity', float: true };
      }
      return this.#fail('expected a number');
    }
    this.#pos += match[0].length;
    return { text: match[0], float: match[2] !== undefined || match[3] !== undefined };
  }

  #string(): string {
    this.#space();
    if (!this.#peek('"')) this.#fail('expected a string');
    let out = '';
    for (let i = this.#pos + 1; i < this.text.length; i++) {
      const c = this.text[i]!;
      if (c === '"') {
        this.#pos = i + 1;
        return out;
      }
      if (c !== '\\') {
        out += c;
        continue;
      }
      const e = this.text[++i];
      const simple: Record<string, string> = {
        n: '\n',
        t: '\t',
        r: '\r',
        b: '\b',
        f: '\f',
        v: '\v',
        a: '\x07',
        '"': '"',
        "'": "'",
        '\\': '\\',
      };
      if (e !== undefined && e in simple) out += simple[e];
      else if (e === 'u' || e === 'U') {
        const digits = e === 'u' ? 4 : 6;
        out += String.fromCodePoint(Number.parseInt(this.text.slice(i + 1, i + 1 + digits), 16));
        i += digits;
      } else this.#fail(`unknown escape \\${e ?? ''}`);
    }
    return this.#fail('unterminated string');
  }

  #identifier(): string {
    this.#space();
    const match = /^[A-Za-z_][A-Za-z0-9_]*/.exec(this.text.slice(this.#pos));
    if (!match) this.#fail('expected a value');
    this.#pos += match![0].length;
    return match![0];
  }

  #space(): void {
    while (this.#pos < this.text.length && /\s/.test(this.text[this.#pos]!)) this.#pos++;
  }

  #peek(c: string): boolean {
    this.#space();
    return this.text[this.#pos] === c;
  }

  #expect(c: string): void {
    if (!this.#peek(c)) this.#fail(`expected "${c}"`);
    this.#pos++;
  }

  #fail(message: string): never {
    throw new GdwireError(
      GodotError.ERR_PARSE_ERROR,
      `${message} at character ${this.#pos} of ${JSON.stringify(this.text.slice(0, 80))}`,
    );
  }
}

/** An int literal is a number (a bigint past ±2^53); a float literal a number, or a Float when integral. */
function numberValue(n: Number_): Variant {
  if (n.float) {
    const v = Number(n.text);
    return Number.isInteger(v) || Object.is(v, -0) ? new Float(v) : v;
  }
  const big = BigInt(n.text);
  return big >= -(2n ** 53n) && big <= 2n ** 53n ? Number(big) : big;
}

/** var_to_str prints a Basis row by row; our Basis holds GDScript's columns. */
function basisFromRows(m: number[]): Basis {
  const r = m as [number, number, number, number, number, number, number, number, number];
  return new Basis(
    new Vector3(r[0], r[3], r[6]),
    new Vector3(r[1], r[4], r[7]),
    new Vector3(r[2], r[5], r[8]),
  );
}
