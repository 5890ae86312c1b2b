import { GdwireError, GodotError } from '@gdwire/packet-peer';

/** A `ws://` or `wss://` URL, read as Godot's `connect_to_url` reads it. */
export interface WebSocketUrl {
  readonly secure: boolean;
  /** What the WebSocket library is given: scheme, host, port, path and query, no fragment. */
  readonly href: string;
}

/**
 * Reads `url` as Godot does: no scheme means `ws://`; any scheme but `ws://`
 * and `wss://`, an empty URL or one without a host is ERR_INVALID_PARAMETER
 * (and so is anything but a String).
 */
export function parseWebSocketUrl(url: string): WebSocketUrl {
  if (typeof url !== 'string') throw invalid(`the URL is ${String(url)}, not a String`);
  if (url === '') throw invalid('the URL is empty');
  const withScheme = url.includes('://') ? url : `ws://${url}`;
  const scheme = withScheme.slice(0, withScheme.indexOf('://') + 3).toLowerCase();
  if (scheme !== 'ws://' && scheme !== 'wss://') {
    throw invalid(`invalid protocol "${scheme}" (must be either "ws://" or "wss://")`);
  }
  let parsed: URL;
  try {
    parsed = new URL(withScheme);
  } catch {
    throw invalid(`invalid URL: ${url}`);
  }
  if (parsed.hostname === '') throw invalid(`invalid URL: ${url}`);
  parsed.hash = '';
  return { secure: scheme === 'wss://', href: parsed.href };
}

function invalid(message: string): GdwireError {
  return new GdwireError(GodotError.ERR_INVALID_PARAMETER, message);
}
