/**
 * Godot's `@GlobalScope.Error` enum (core/error/error_list.h), the one table
 * every gdwire package reads its codes, names and messages from.
 *
 * Each row is `[name, error_string() text]`; the code is the row's index,
 * exactly as in Godot 4.6 (and Godot 3, which numbers them the same).
 */
const ERROR_TABLE = [
  ['OK', 'OK'],
  ['FAILED', 'Failed'],
  ['ERR_UNAVAILABLE', 'Unavailable'],
  ['ERR_UNCONFIGURED', 'Unconfigured'],
  ['ERR_UNAUTHORIZED', 'Unauthorized'],
  ['ERR_PARAMETER_RANGE_ERROR', 'Parameter out of range'],
  ['ERR_OUT_OF_MEMORY', 'Out of memory'],
  ['ERR_FILE_NOT_FOUND', 'File not found'],
  ['ERR_FILE_BAD_DRIVE', 'File: Bad drive'],
  ['ERR_FILE_BAD_PATH', 'File: Bad path'],
  ['ERR_FILE_NO_PERMISSION', 'File: Permission denied'],
  ['ERR_FILE_ALREADY_IN_USE', 'File already in use'],
  ['ERR_FILE_CANT_OPEN', "Can't open file"],
  ['ERR_FILE_CANT_WRITE', "Can't write file"],
  ['ERR_FILE_CANT_READ', "Can't read file"],
  ['ERR_FILE_UNRECOGNIZED', 'File unrecognized'],
  ['ERR_FILE_CORRUPT', 'File corrupt'],
  ['ERR_FILE_MISSING_DEPENDENCIES', 'Missing dependencies for file'],
  ['ERR_FILE_EOF', 'End of file'],
  ['ERR_CANT_OPEN', "Can't open"],
  ['ERR_CANT_CREATE', "Can't create"],
  ['ERR_QUERY_FAILED', 'Query failed'],
  ['ERR_ALREADY_IN_USE', 'Already in use'],
  ['ERR_LOCKED', 'Locked'],
  ['ERR_TIMEOUT', 'Timeout'],
  ['ERR_CANT_CONNECT', "Can't connect"],
  ['ERR_CANT_RESOLVE', "Can't resolve"],
  ['ERR_CONNECTION_ERROR', 'Connection error'],
  ['ERR_CANT_ACQUIRE_RESOURCE', "Can't acquire resource"],
  ['ERR_CANT_FORK', "Can't fork"],
  ['ERR_INVALID_DATA', 'Invalid data'],
  ['ERR_INVALID_PARAMETER', 'Invalid parameter'],
  ['ERR_ALREADY_EXISTS', 'Already exists'],
  ['ERR_DOES_NOT_EXIST', 'Does not exist'],
  ['ERR_DATABASE_CANT_READ', "Can't read database"],
  ['ERR_DATABASE_CANT_WRITE', "Can't write database"],
  ['ERR_COMPILATION_FAILED', 'Compilation failed'],
  ['ERR_METHOD_NOT_FOUND', 'Method not found'],
  ['ERR_LINK_FAILED', 'Link failed'],
  ['ERR_SCRIPT_FAILED', 'Script failed'],
  ['ERR_CYCLIC_LINK', 'Cyclic link detected'],
  ['ERR_INVALID_DECLARATION', 'Invalid declaration'],
  ['ERR_DUPLICATE_SYMBOL', 'Duplicate symbol'],
  ['ERR_PARSE_ERROR', 'Parse error'],
  ['ERR_BUSY', 'Busy'],
  ['ERR_SKIP', 'Skip'],
  ['ERR_HELP', 'Help'],
  ['ERR_BUG', 'Bug'],
  ['ERR_PRINTER_ON_FIRE', 'Printer on fire'],
] as const;

type ErrorRow = (typeof ERROR_TABLE)[number];
/** The name of one of Godot's Error constants, such as `'ERR_FILE_EOF'`. */
export type GodotErrorName = ErrorRow[0];

/**
 * Godot's Error constants by name: `GodotError.OK === 0`,
 * `GodotError.ERR_INVALID_DATA === 30`. Named so that it does not shadow
 * JavaScript's global `Error`.
 *
 * @example
 * ```ts
 * import { GodotError, errorName } from '@gdwire/variant-codec';
 * if (err !== GodotError.OK) console.log(errorName(err)); // 'ERR_UNAVAILABLE'
 * ```
 */
export const GodotError = Object.freeze(
  Object.fromEntries(ERROR_TABLE.map(([name], code) => [name, code])),
) as { readonly [K in GodotErrorName]: number };

/** A value of Godot's Error enum (0 = OK … 48 = ERR_PRINTER_ON_FIRE). */
export type GodotErrorCode = number;

/**
 * `GodotError` as a type, as for a TypeScript enum: a value of Godot's Error
 * enum (the same as {@link GodotErrorCode}), so `let e: GodotError` works.
 */
export type GodotError = GodotErrorCode;

/**
 * The constant's name for an Error code, e.g. `errorName(18) === 'ERR_FILE_EOF'`;
 * `undefined` for numbers outside the enum.
 */
export function errorName(code: GodotErrorCode): GodotErrorName | undefined {
  return ERROR_TABLE[code]?.[0];
}

/**
 * Godot's `error_string()`: the readable text of an Error code, or
 * `"(invalid error code)"` for numbers outside the enum, as Godot returns.
 *
 * @example
 * ```ts
 * errorString(GodotError.ERR_CANT_RESOLVE); // "Can't resolve"
 * ```
 */
export function errorString(code: GodotErrorCode): string {
  return ERROR_TABLE[code]?.[1] ?? '(invalid error code)';
}

const BRAND = Symbol.for('gdwire.GdwireError');

/**
 * The one exception class of the gdwire packages. It carries Godot's Error
 * `code`, its `codeName`, and, for codec failures, the byte `offset` where the
 * problem was found.
 *
 * Use {@link GdwireError.is} rather than `instanceof` when two copies of
 * gdwire may be installed side by side.
 *
 * @example
 * ```ts
 * try {
 *   bytesToVar(bytes);
 * } catch (e) {
 *   if (GdwireError.is(e) && e.code === GodotError.ERR_UNAUTHORIZED) {
 *     // a full object arrived and allowObjects was off
 *   }
 * }
 * ```
 */
export class GdwireError extends Error {
  /** Godot's Error code, e.g. 30 for ERR_INVALID_DATA. */
  readonly code: GodotErrorCode;
  /** Byte offset in the input where decoding failed, when it applies. */
  readonly offset: number | undefined;

  constructor(code: GodotErrorCode, message: string, offset?: number) {
    super(
      `${errorName(code) ?? code}: ${message}${offset === undefined ? '' : ` (at byte ${offset})`}`,
    );
    this.name = 'GdwireError';
    this.code = code;
    this.offset = offset;
  }

  /** The Error constant's name, e.g. `'ERR_INVALID_DATA'`. */
  get codeName(): string {
    return errorName(this.code) ?? String(this.code);
  }

  /** True for any GdwireError, even one thrown by another installed copy of gdwire. */
  static is(value: unknown): value is GdwireError {
    return (
      typeof value === 'object' &&
      value !== null &&
      (value as Record<symbol, unknown>)[BRAND] === true
    );
  }

  declare readonly [BRAND]: true;
}
Object.defineProperty(GdwireError.prototype, BRAND, { value: true });

/**
 * `e` itself, or, when `e` is the JavaScript engine running out of stack
 * (a RangeError in V8 and JavaScriptCore, an InternalError in SpiderMonkey),
 * the ERR_OUT_OF_MEMORY Godot gives for a value nested too deeply. Every
 * function that walks a value recursively passes what it catches through this
 * at its entry point, so a stack overflow is never thrown as a RangeError.
 */
export function orStackOverflow(e: unknown): unknown {
  const overflow =
    e instanceof Error &&
    (e.name === 'RangeError' || e.name === 'InternalError') &&
    /stack|recursion/i.test(e.message);
  return overflow
    ? new GdwireError(
        GodotError.ERR_OUT_OF_MEMORY,
        'the value is nested too deeply for the JavaScript stack left here',
      )
    : e;
}
