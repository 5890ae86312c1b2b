import { readFileSync } from 'node:fs';
import { networkInterfaces } from 'node:os';
import { formatIpAddress, parseIpAddress } from './ip-address.js';

/** One network interface, as an entry of Godot's `IP.get_local_interfaces()`. */
export interface LocalInterface {
  /** The interface's index, as a String as Godot gives it (`"1"` for `lo` on Linux); `""` when the OS does not say. */
  readonly index: string;
  /** The name `joinMulticastGroup` takes (`"lo"`, `"eth0"`, …). */
  readonly name: string;
  /** A name for people; on Linux and macOS the same as `name`, as in Godot. */
  readonly friendly: string;
  /** Its addresses, written as `getPacketIp()` writes them (IPv6 uncompressed). */
  readonly ipAddresses: readonly string[];
}

/**
 * Godot's `IP.get_local_interfaces()`: every interface with an IP address,
 * so a program can find the `interfaceName` that `joinMulticastGroup` needs.
 *
 * @example
 * ```ts
 * import { getLocalInterfaces } from '@gdwire/packet-peer-udp';
 * const lo = getLocalInterfaces().find((i) => i.ipAddresses.includes('127.0.0.1'));
 * console.log(lo?.name); // lo
 * ```
 */
export function getLocalInterfaces(): LocalInterface[] {
  return Object.entries(networkInterfaces()).map(([name, entries = []]) => ({
    index: interfaceIndex(name, entries),
    name,
    friendly: name,
    ipAddresses: entries.flatMap((e) => {
      const bytes = parseIpAddress(e.address.split('%')[0]!);
      return bytes === null ? [] : [formatIpAddress(bytes)];
    }),
  }));
}

/**
 * Linux lists each interface's index in sysfs; elsewhere, an IPv6 link-local
 * address carries it as its scope id.
 */
function interfaceIndex(name: string, entries: readonly { scopeid?: number }[]): string {
  try {
    return readFileSync(`/sys/class/net/${name}/ifindex`, 'utf8').trim();
  } catch {
    const scoped = entries.find((e) => e.scopeid !== undefined && e.scopeid !== 0);
    return scoped?.scopeid === undefined ? '' : String(scoped.scopeid);
  }
}
