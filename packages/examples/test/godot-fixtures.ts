import { readFileSync } from 'node:fs';

/** The Godot 4.6 value fixtures of the codec (var_to_bytes and var_to_str of the real engine). */
const fixtures = JSON.parse(
  readFileSync(
    new URL('../../variant-codec/test/fixtures/godot4-values.json', import.meta.url),
    'utf8',
  ),
) as { name: string; hex: string; str: string }[];

export const godot = (name: string) => fixtures.find((f) => f.name === name)!;
