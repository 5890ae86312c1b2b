/**
 * Runs GDScript in the real Godot 4.6 engine through the shared oracle
 * (../shared/tools/godot4-oracle, headless Chromium) and returns its stdout.
 * Used only to regenerate fixtures; the tests read the committed JSON.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const ORACLE =
  process.env.GODOT4_ORACLE ?? resolve(here, '../../../shared/tools/godot4-oracle/run-gd.sh');

/** Runs `script`; each of `includes` (local files) is put into `res://` under its base name. */
export function runGodot4(script: string, includes: string[] = []): string {
  const file = join(mkdtempSync(join(tmpdir(), 'gdwire-oracle-')), 'fixture.gd');
  writeFileSync(file, script);
  const args = [
    '--timeout',
    '300',
    '--quiet',
    ...includes.flatMap((path) => ['--include', path]),
    file,
  ];
  return execFileSync(ORACLE, args, {
    encoding: 'utf8',
    maxBuffer: 256 * 1024 * 1024,
  });
}

/** GDScript that records the first `Returning: ERR_X` of every engine error, so scripts can report Godot's Error codes. */
export const GDSCRIPT_ERROR_CAPTURE = `
class Capture extends Logger:
	var codes: Array = []
	func _log_error(function: String, file: String, line: int, code: String, rationale: String, editor_notify: bool, error_type: int, script_backtraces: Array) -> void:
		var at := code.find("Returning: ")
		if at != -1:
			codes.append(code.substr(at + 11))
		elif code.begins_with("Index ") and code.contains("out of bounds"):
			# ERR_FAIL_INDEX_V prints no code; in marshalls.cpp every such check returns ERR_INVALID_DATA.
			codes.append("ERR_INVALID_DATA")
	func _log_message(message: String, error: bool) -> void:
		pass
var capture := Capture.new()
`;
