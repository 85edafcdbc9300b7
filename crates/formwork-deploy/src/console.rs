//! What the user sees: lines on stdout, errors on stderr, and on a terminal a status
//! line at the bottom (stack status, resources done out of total, time) that is redrawn
//! in place while lines scroll above it. Without a terminal every line is plain text.

use std::io::{self, BufRead, IsTerminal, Write};

use crate::error::Error;

/// What the process is attached to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub struct Terminal {
    /// Stdout is a terminal: draw a live status line.
    pub live: bool,
    /// Stdin is a terminal: a confirmation can be asked for.
    pub interactive: bool,
}

impl Terminal {
    /// Looks at the process's stdin and stdout.
    pub fn detect() -> Terminal {
        Terminal { live: io::stdout().is_terminal(), interactive: io::stdin().is_terminal() }
    }

    /// The style of human reports under `--color auto`: coloured only on a live terminal
    /// (and then as `NO_COLOR` says).
    pub fn style(self) -> formwork::cli::Style {
        if self.live {
            formwork::cli::Style::detect()
        } else {
            formwork::cli::Style::Plain
        }
    }

    /// Neither: plain lines, and no question can be asked (pipes, CI, tests).
    pub fn none() -> Terminal {
        Terminal { live: false, interactive: false }
    }
}

/// Clears the terminal line the cursor is on.
const CLEAR_LINE: &str = "\r\x1b[2K";

pub(crate) struct Console<'a> {
    out: &'a mut dyn Write,
    err: &'a mut dyn Write,
    terminal: Terminal,
    /// The status line now drawn at the bottom (live only).
    status: Option<String>,
}

impl<'a> Console<'a> {
    pub(crate) fn new(out: &'a mut dyn Write, err: &'a mut dyn Write, terminal: Terminal) -> Console<'a> {
        Console { out, err, terminal, status: None }
    }

    pub(crate) fn terminal(&self) -> Terminal {
        self.terminal
    }

    /// A line (or several) on stdout, above the status line.
    pub(crate) fn say(&mut self, text: &str) {
        self.lift_status();
        let _ = writeln!(self.out, "{}", text.trim_end_matches('\n'));
        self.draw_status();
    }

    /// A line on stderr, above the status line.
    pub(crate) fn warn(&mut self, text: &str) {
        self.lift_status();
        let _ = self.out.flush();
        let _ = writeln!(self.err, "{}", text.trim_end_matches('\n'));
        let _ = self.err.flush();
        self.draw_status();
    }

    /// Text on stderr as it is (a validation report).
    pub(crate) fn report(&mut self, text: &str) {
        let _ = write!(self.err, "{text}");
    }

    /// Sets the status line; drawn on a terminal only.
    pub(crate) fn status(&mut self, text: String) {
        if !self.terminal.live || self.status.as_deref() == Some(text.as_str()) {
            return;
        }
        self.status = Some(text);
        self.draw_status();
    }

    /// Removes the status line.
    pub(crate) fn end_status(&mut self) {
        self.lift_status();
        self.status = None;
    }

    fn lift_status(&mut self) {
        if self.terminal.live && self.status.is_some() {
            let _ = write!(self.out, "{CLEAR_LINE}");
        }
    }

    fn draw_status(&mut self) {
        if let (true, Some(text)) = (self.terminal.live, &self.status) {
            let _ = write!(self.out, "{CLEAR_LINE}{text}");
        }
        let _ = self.out.flush();
    }

    /// Asks a yes/no question on stderr and reads the answer from stdin; only `y` or
    /// `yes` is a yes.
    pub(crate) fn confirm(&mut self, question: &str) -> Result<bool, Error> {
        self.end_status();
        self.out.flush()?;
        write!(self.err, "{question} [y/N] ")?;
        self.err.flush()?;
        let mut answer = String::new();
        io::stdin().lock().read_line(&mut answer)?;
        Ok(matches!(answer.trim().to_ascii_lowercase().as_str(), "y" | "yes"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn on_a_terminal_lines_scroll_above_a_status_line_redrawn_in_place() {
        let (mut out, mut err) = (Vec::new(), Vec::new());
        let mut console = Console::new(&mut out, &mut err, Terminal { live: true, interactive: false });
        console.status("s  UPDATE_IN_PROGRESS  1/7 resources  0:02".into());
        console.say("  event");
        console.status("s  UPDATE_IN_PROGRESS  2/7 resources  0:04".into());
        console.end_status();
        console.say("done");
        assert_eq!(
            String::from_utf8(out).unwrap(),
            "\r\x1b[2Ks  UPDATE_IN_PROGRESS  1/7 resources  0:02\
             \r\x1b[2K  event\n\r\x1b[2Ks  UPDATE_IN_PROGRESS  1/7 resources  0:02\
             \r\x1b[2Ks  UPDATE_IN_PROGRESS  2/7 resources  0:04\
             \r\x1b[2Kdone\n"
        );
    }

    #[test]
    fn without_a_terminal_there_is_no_status_line_and_no_escape_code() {
        let (mut out, mut err) = (Vec::new(), Vec::new());
        let mut console = Console::new(&mut out, &mut err, Terminal::none());
        console.status("s  1/7".into());
        console.say("  [1/7] event");
        console.end_status();
        console.warn("error: x");
        assert_eq!(String::from_utf8(out).unwrap(), "  [1/7] event\n");
        assert_eq!(String::from_utf8(err).unwrap(), "error: x\n");
    }
}
