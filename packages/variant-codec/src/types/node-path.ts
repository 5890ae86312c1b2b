import { brand } from '../brand.js';
import { GdwireError, GodotError } from '../errors.js';

/**
 * Godot's `NodePath` (`^"path"` in GDScript): node names, property subnames
 * and whether the path is absolute. Parsed from text the way Godot parses it:
 * names split on `/` (empty ones skipped), subnames after the first `:`.
 *
 * @example
 * ```ts
 * const p = new NodePath('/root/Player:position:x');
 * p.names;    // ['root', 'Player']
 * p.subnames; // ['position', 'x']
 * p.absolute; // true
 * ```
 */
export class NodePath {
  readonly names: readonly string[];
  readonly subnames: readonly string[];
  readonly absolute: boolean;

  constructor(path = '') {
    const colon = path.indexOf(':');
    const subnames: string[] = [];
    if (colon !== -1) {
      const parts = path.slice(colon + 1).split(':');
      parts.forEach((part, i) => {
        // Godot allows one trailing ':' but refuses an empty subname elsewhere.
        if (part === '' && i !== parts.length - 1) {
          throw new GdwireError(GodotError.ERR_INVALID_PARAMETER, `Invalid NodePath '${path}'.`);
        }
        if (part !== '') subnames.push(part);
      });
    }
    const namePart = colon === -1 ? path : path.slice(0, colon);
    this.absolute = namePart.startsWith('/');
    this.names = namePart.split('/').filter((name) => name !== '');
    this.subnames = subnames;
  }

  /**
   * Builds a NodePath from its parts, as the wire format stores them.
   *
   * @example
   * ```ts
   * NodePath.fromParts(['root', 'Node'], ['prop'], true).toString(); // '/root/Node:prop'
   * ```
   */
  static fromParts(
    names: readonly string[],
    subnames: readonly string[],
    absolute: boolean,
  ): NodePath {
    const path = Object.create(NodePath.prototype) as {
      -readonly [K in keyof NodePath]: NodePath[K];
    };
    path.names = names;
    path.subnames = subnames;
    path.absolute = absolute;
    return path as NodePath;
  }

  /** True for the empty path `^""`. */
  isEmpty(): boolean {
    return this.names.length === 0 && this.subnames.length === 0 && !this.absolute;
  }

  /** The path as Godot prints it: `/root/Node:prop`. */
  toString(): string {
    const names = (this.absolute ? '/' : '') + this.names.join('/');
    return this.subnames.length > 0 ? `${names}:${this.subnames.join(':')}` : names;
  }
  /** JSON writes it as its text (`"/root/Node:prop"`). */
  toJSON(): string {
    return this.toString();
  }
}

brand(NodePath, 'NodePath');
