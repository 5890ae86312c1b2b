// The libraries compared against ship no types; the benchmarks use them untyped.
declare module 'godot-binary-serialization';
