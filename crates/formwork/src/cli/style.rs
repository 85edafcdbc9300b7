//! Colour in human reports: `--color auto|always|never`, `NO_COLOR`, and whether stderr
//! is a terminal.

use std::io::IsTerminal;

use formwork_rules::{Finding, Report, Severity};

/// `--color`: when to colour human reports.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Color {
    /// On a terminal, unless `NO_COLOR` is set. The default.
    #[default]
    Auto,
    /// Always, even when piped or `NO_COLOR` is set.
    Always,
    /// Never.
    Never,
}

impl Color {
    /// The style to use; `auto` is what [`Color::Auto`] means here.
    pub fn resolve(self, auto: Style) -> Style {
        match self {
            Color::Auto => auto,
            Color::Always => Style::Colored,
            Color::Never => Style::Plain,
        }
    }
}

/// How human reports are printed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Style {
    /// Plain text. The default.
    #[default]
    Plain,
    /// With ANSI colours.
    Colored,
}

impl Style {
    /// [`Style::Colored`] when the process's stderr is a terminal and `NO_COLOR` is unset
    /// or empty; [`Style::Plain`] otherwise.
    pub fn detect() -> Style {
        let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
        if !no_color && std::io::stderr().is_terminal() {
            Style::Colored
        } else {
            Style::Plain
        }
    }

    /// `text` in this style's `code` (an SGR sequence such as `1;31`).
    fn paint(self, code: &str, text: &str) -> String {
        match self {
            Style::Plain => text.to_string(),
            Style::Colored => format!("\x1b[{code}m{text}\x1b[0m"),
        }
    }
}

/// Bold red, bold yellow, bold blue, bold.
const RED: &str = "1;31";
const YELLOW: &str = "1;33";
const BLUE: &str = "1;34";
const BOLD: &str = "1";

/// The report as [`Report`]'s `Display` writes it (rustc's layout), coloured as rustc
/// colours it when `style` is [`Style::Colored`].
pub fn human_report(report: &Report, style: Style) -> String {
    if style == Style::Plain {
        return report.to_string();
    }
    let mut text = String::new();
    for f in &report.findings {
        text.push_str(&finding(f, style));
        text.push_str("\n\n");
    }
    for s in &report.suppressed {
        text.push_str(&format!(
            "{}: {}\n  {} {}\n   {} reason: {}\n\n",
            style.paint(BOLD, &format!("suppressed[{}]", s.code)),
            s.message,
            style.paint(BLUE, "-->"),
            s.path,
            style.paint(BLUE, "="),
            s.suppressed.as_deref().unwrap_or("")
        ));
    }
    text
}

/// One finding, coloured.
fn finding(f: &Finding, style: Style) -> String {
    let color = if f.severity == Severity::Error { RED } else { YELLOW };
    format!(
        "{}{}\n  {} {}\n   {} help: {}",
        style.paint(color, &format!("{}[{}]", f.severity.as_str(), f.code)),
        style.paint(BOLD, &format!(": {}", f.message)),
        style.paint(BLUE, "-->"),
        f.path,
        style.paint(BLUE, "="),
        f.help
    )
}

/// A summary line (`error: ...`), its first word coloured.
pub(crate) fn summary(style: Style, severity: Severity, text: &str) -> String {
    let color = if severity == Severity::Error { RED } else { YELLOW };
    match text.split_once(':') {
        Some((head, tail)) => format!("{}:{tail}", style.paint(color, head)),
        None => text.to_string(),
    }
}
