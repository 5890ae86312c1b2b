import { errorName, GdwireError, GodotError } from '@gdwire/packet-peer-udp';
import * as codec from '@gdwire/variant-codec';
import { describe, expect, it } from 'vitest';

describe('@gdwire/packet-peer-udp errors', () => {
  it('speaks the codec’s Error table, not a copy of it', () => {
    expect(GodotError).toBe(codec.GodotError);
    expect(GdwireError).toBe(codec.GdwireError);
    expect(errorName(GodotError.ERR_ALREADY_IN_USE)).toBe('ERR_ALREADY_IN_USE');
  });
});
