//! Server-Sent Events, parsed from the chunks of a streaming `fetch` body.
//!
//! `EventSource` cannot send an `Authorization` header, so the widget reads the stream
//! itself: [`SseParser::push`] takes text as it arrives (split anywhere, even mid-line) and
//! returns each complete event.

/// One event.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SseEvent {
    /// `event:` (`message` when absent).
    pub event: String,
    /// `data:` lines joined by newlines.
    pub data: String,
    /// `id:`, when the event had one.
    pub id: Option<String>,
}

/// Incremental parser.
#[derive(Debug, Default)]
pub struct SseParser {
    line: String,
    event: String,
    data: Vec<String>,
    id: Option<String>,
    has_field: bool,
}

impl SseParser {
    /// A parser at the start of a stream.
    pub fn new() -> SseParser {
        SseParser::default()
    }

    /// Feeds a chunk; returns the events it completed.
    pub fn push(&mut self, chunk: &str) -> Vec<SseEvent> {
        let mut out = Vec::new();
        for c in chunk.chars() {
            match c {
                '\n' => {
                    let line = std::mem::take(&mut self.line);
                    self.line_done(line.strip_suffix('\r').unwrap_or(&line), &mut out);
                }
                _ => self.line.push(c),
            }
        }
        out
    }

    fn line_done(&mut self, line: &str, out: &mut Vec<SseEvent>) {
        if line.is_empty() {
            if self.has_field && !self.data.is_empty() {
                let event = if self.event.is_empty() {
                    "message".to_string()
                } else {
                    std::mem::take(&mut self.event)
                };
                out.push(SseEvent {
                    event,
                    data: self.data.join("\n"),
                    id: self.id.take(),
                });
            }
            self.event.clear();
            self.data.clear();
            self.id = None;
            self.has_field = false;
            return;
        }
        if line.starts_with(':') {
            return; // a comment: the hub's heartbeat
        }
        let (field, value) = match line.split_once(':') {
            Some((f, v)) => (f, v.strip_prefix(' ').unwrap_or(v)),
            None => (line, ""),
        };
        self.has_field = true;
        match field {
            "event" => self.event = value.to_string(),
            "data" => self.data.push(value.to_string()),
            "id" if !value.contains('\0') => self.id = Some(value.to_string()),
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ev(event: &str, data: &str, id: Option<&str>) -> SseEvent {
        SseEvent {
            event: event.into(),
            data: data.into(),
            id: id.map(Into::into),
        }
    }

    #[test]
    fn events_with_ids_types_and_data() {
        let mut p = SseParser::new();
        let got =
            p.push("event: message\nid: 7\ndata: {\"seq\":7}\n\nevent: availability\ndata: {}\n\n");
        assert_eq!(
            got,
            vec![
                ev("message", "{\"seq\":7}", Some("7")),
                ev("availability", "{}", None)
            ]
        );
    }

    #[test]
    fn chunks_split_anywhere_and_crlf() {
        let mut p = SseParser::new();
        let text = "event: message\r\nid: 12\r\ndata: a\r\ndata: b\r\n\r\n";
        let mut got = Vec::new();
        for piece in text.as_bytes().chunks(3) {
            got.extend(p.push(std::str::from_utf8(piece).unwrap()));
        }
        assert_eq!(got, vec![ev("message", "a\nb", Some("12"))]);
    }

    #[test]
    fn heartbeats_and_empty_events_are_skipped() {
        let mut p = SseParser::new();
        assert!(p.push(":\n\n: keep-alive\n\n\n").is_empty());
        assert_eq!(p.push("data:x\n\n"), vec![ev("message", "x", None)]);
    }
}
