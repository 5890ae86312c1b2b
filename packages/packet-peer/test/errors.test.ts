import { errorName, errorString, GdwireError, GodotError } from '@gdwire/packet-peer';
import * as codec from '@gdwire/variant-codec';
import { describe, expect, it } from 'vitest';

describe('@gdwire/packet-peer errors', () => {
  it('speaks the codec’s Error table, not a copy of it', () => {
    expect(GodotError).toBe(codec.GodotError);
    expect(GdwireError).toBe(codec.GdwireError);
    expect(errorName(GodotError.ERR_UNAVAILABLE)).toBe('ERR_UNAVAILABLE');
    expect(errorString(GodotError.ERR_UNAVAILABLE)).toBe('Unavailable');
  });
});
