//! `baton triage classify`: one verdict per input line, in order.

use std::io::{self, BufRead, Write};

use protocol::triage_lines::{ClassifyInput, ClassifyOutput};
use triage::Engine;

/// Classifies every line of `input`, writing verdicts to `out` and one error per rejected
/// line to `err`. Blank lines are skipped. Returns how many lines were rejected.
pub fn run(
    engine: &Engine,
    input: impl BufRead,
    out: &mut impl Write,
    err: &mut impl Write,
) -> io::Result<usize> {
    let mut failed = 0;
    for (index, line) in input.lines().enumerate() {
        let number = index + 1;
        let line = match line {
            Ok(line) => line,
            Err(e) => {
                failed += 1;
                writeln!(err, "line {number}: cannot read: {e}")?;
                continue;
            }
        };
        if line.trim().is_empty() {
            continue;
        }
        match serde_json::from_str::<ClassifyInput>(&line) {
            Ok(input) => {
                let verdict = engine.classify(&input.text);
                let output = ClassifyOutput::new(input.id, &verdict);
                serde_json::to_writer(&mut *out, &output).map_err(io::Error::other)?;
                out.write_all(b"\n")?;
            }
            Err(e) => {
                failed += 1;
                writeln!(err, "line {number}: {e}")?;
            }
        }
    }
    Ok(failed)
}
