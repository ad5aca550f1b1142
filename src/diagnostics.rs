//! Problems found in content, with their positions, and the three ways of
//! printing them (`human`, `json`, `github`).
//!
//! Every stage pushes into one [`Diagnostics`] list instead of returning at the
//! first problem, so that a single run reports everything; the list is sorted
//! before printing so that the order does not depend on traversal order.

use std::fmt;
use std::io::Write;

/// A 1-based line and column (columns count characters, not bytes).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Default, Hash)]
pub struct Pos {
    pub line: u32,
    pub column: u32,
}

impl Pos {
    pub const START: Pos = Pos { line: 1, column: 1 };

    pub fn new(line: u32, column: u32) -> Pos {
        Pos { line, column }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    Error,
    Warning,
    /// Advice about deploying, not a problem in the content: it never fails
    /// a run, even under `--strict`.
    Note,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Note => "note",
        }
    }
}

/// One problem in one file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    /// Path relative to the site root, with `/` separators.
    pub path: String,
    pub pos: Pos,
    pub severity: Severity,
    pub message: String,
    pub hint: Option<String>,
}

impl Diagnostic {
    pub fn error(path: &str, pos: Pos, message: impl Into<String>) -> Diagnostic {
        Diagnostic {
            path: path.to_string(),
            pos,
            severity: Severity::Error,
            message: message.into(),
            hint: None,
        }
    }

    pub fn warning(path: &str, pos: Pos, message: impl Into<String>) -> Diagnostic {
        Diagnostic {
            severity: Severity::Warning,
            ..Diagnostic::error(path, pos, message)
        }
    }

    pub fn note(path: &str, pos: Pos, message: impl Into<String>) -> Diagnostic {
        Diagnostic {
            severity: Severity::Note,
            ..Diagnostic::error(path, pos, message)
        }
    }

    pub fn with_hint(mut self, hint: impl Into<String>) -> Diagnostic {
        self.hint = Some(hint.into());
        self
    }
}

/// The human format. Control characters in the path, message and hint are
/// written as escapes (see [`escape_controls`]), so that a file's name or a
/// quoted text cannot begin a line of its own.
impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}:{}:{}: {}: {}",
            escape_controls(&self.path),
            self.pos.line,
            self.pos.column,
            self.severity.as_str(),
            escape_controls(&self.message)
        )?;
        if let Some(hint) = &self.hint {
            write!(f, "\n  hint: {}", escape_controls(hint))?;
        }
        Ok(())
    }
}

/// `s` with each control character written as a Rust-style escape (`\n`,
/// `\r`, `\t`, `\u{1b}`), and the bidirectional formatting characters
/// too (`\u{202e}`), which can make a line read other than it is. A
/// newline in a file name would otherwise start a line of output that
/// looks like gongkai's own, or like a GitHub workflow command.
pub fn escape_controls(s: &str) -> std::borrow::Cow<'_, str> {
    let escaped =
        |c: char| c.is_control() || matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}');
    if !s.chars().any(escaped) {
        return std::borrow::Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        match c {
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if escaped(c) => out.push_str(&format!("\\u{{{:x}}}", c as u32)),
            c => out.push(c),
        }
    }
    std::borrow::Cow::Owned(out)
}

/// The problems collected during one run.
#[derive(Debug, Default, Clone)]
pub struct Diagnostics {
    items: Vec<Diagnostic>,
}

impl Diagnostics {
    pub fn new() -> Diagnostics {
        Diagnostics::default()
    }

    pub fn push(&mut self, diagnostic: Diagnostic) {
        self.items.push(diagnostic);
    }

    pub fn error(&mut self, path: &str, pos: Pos, message: impl Into<String>) {
        self.push(Diagnostic::error(path, pos, message));
    }

    pub fn warning(&mut self, path: &str, pos: Pos, message: impl Into<String>) {
        self.push(Diagnostic::warning(path, pos, message));
    }

    pub fn extend(&mut self, other: Diagnostics) {
        self.items.extend(other.items);
    }

    /// Under `--strict`, every warning becomes an error (notes stay notes).
    pub fn make_strict(&mut self) {
        for item in &mut self.items {
            if item.severity == Severity::Warning {
                item.severity = Severity::Error;
            }
        }
    }

    /// Keeps only the problems for which `keep` holds.
    pub fn retain(&mut self, keep: impl FnMut(&Diagnostic) -> bool) {
        self.items.retain(keep);
    }

    pub fn has_errors(&self) -> bool {
        self.items.iter().any(|d| d.severity == Severity::Error)
    }

    pub fn error_count(&self) -> usize {
        self.items
            .iter()
            .filter(|d| d.severity == Severity::Error)
            .count()
    }

    pub fn warning_count(&self) -> usize {
        self.items
            .iter()
            .filter(|d| d.severity == Severity::Warning)
            .count()
    }

    /// "1 error, 2 warnings".
    pub fn summary(&self) -> String {
        let plural = |n: usize, word: &str| format!("{n} {word}{}", if n == 1 { "" } else { "s" });
        format!(
            "{}, {}",
            plural(self.error_count(), "error"),
            plural(self.warning_count(), "warning")
        )
    }

    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    /// Sorted by path, then position, then message; exact duplicates removed.
    pub fn sorted(&self) -> Vec<Diagnostic> {
        let mut items = self.items.clone();
        items.sort_by(|a, b| {
            (&a.path, a.pos, &a.message, a.severity).cmp(&(&b.path, b.pos, &b.message, b.severity))
        });
        items.dedup();
        items
    }

    pub fn iter(&self) -> impl Iterator<Item = &Diagnostic> {
        self.items.iter()
    }
}

/// How `check` prints problems.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    Human,
    Json,
    Github,
}

/// Prints every diagnostic in the chosen format. Write errors (a closed pipe)
/// are ignored on purpose: the exit code still tells the outcome.
pub fn print(diagnostics: &Diagnostics, format: Format, out: &mut dyn Write) {
    for d in diagnostics.sorted() {
        let _ = match format {
            Format::Human => writeln!(out, "{d}"),
            Format::Json => writeln!(out, "{}", to_json(&d)),
            Format::Github => writeln!(out, "{}", to_github(&d)),
        };
    }
}

fn to_json(d: &Diagnostic) -> String {
    serde_json::json!({
        "path": d.path,
        "line": d.pos.line,
        "column": d.pos.column,
        "severity": d.severity.as_str(),
        "message": d.message,
        "hint": d.hint,
    })
    .to_string()
}

/// A GitHub Actions workflow command; its data must escape `%`, CR and LF,
/// and its properties also `:` and `,` (GitHub's own escapes); any other
/// control character is written as in the human format.
fn to_github(d: &Diagnostic) -> String {
    let mut message = d.message.clone();
    if let Some(hint) = &d.hint {
        message.push_str(" (hint: ");
        message.push_str(hint);
        message.push(')');
    }
    let command = match d.severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Note => "notice",
    };
    format!(
        "::{} file={},line={},col={}::{}",
        command,
        escape_github_property(&d.path),
        d.pos.line,
        d.pos.column,
        escape_github_data(&message)
    )
}

fn escape_github_data(s: &str) -> String {
    let s = s
        .replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A");
    escape_controls(&s).into_owned()
}

fn escape_github_property(s: &str) -> String {
    escape_github_data(s)
        .replace(':', "%3A")
        .replace(',', "%2C")
}

/// The closest candidate to `word`, if close enough to be a plausible typo
/// ("titel" → "title"): at most one edit per three characters (at least
/// one), counting insertions, deletions, substitutions and swaps of two
/// neighbours (optimal string alignment); the first by name on a tie.
/// Every "did you mean" of gongkai comes from here.
pub fn did_you_mean<'a>(
    word: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<&'a str> {
    let len = word.chars().count();
    let limit = (len / 3).max(1);
    candidates
        .into_iter()
        // The distance is at least the difference in length: a candidate
        // too long or too short costs no distance computed.
        .filter(|c| c.chars().count().abs_diff(len) <= limit)
        .map(|c| (strsim::osa_distance(word, c), c))
        .filter(|(d, _)| *d <= limit)
        .min()
        .map(|(_, c)| c)
}

/// `message`, followed by ", did you mean `…`?" when one of `candidates`
/// is close to `word` (see [`did_you_mean`]).
pub fn with_did_you_mean<'a>(
    message: String,
    word: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> String {
    match did_you_mean(word, candidates) {
        Some(guess) => format!("{message}, did you mean `{guess}`?"),
        None => message,
    }
}

/// "drc, hrss, … (12 more)" — a short list of known names for a hint.
pub fn known_list<'a>(names: impl IntoIterator<Item = &'a str>) -> String {
    let names: Vec<&str> = names.into_iter().collect();
    const SHOWN: usize = 8;
    if names.is_empty() {
        return "none defined".to_string();
    }
    let mut out = names
        .iter()
        .take(SHOWN)
        .copied()
        .collect::<Vec<_>>()
        .join(", ");
    if names.len() > SHOWN {
        out.push_str(&format!(", … ({} more)", names.len() - SHOWN));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggests_close_field_names() {
        let fields = ["title", "category", "lead", "units"];
        assert_eq!(did_you_mean("titel", fields), Some("title"));
        assert_eq!(did_you_mean("catgory", fields), Some("category"));
        assert_eq!(did_you_mean("zzzzzz", fields), None);
        // A swap of neighbours is one edit; ties go to the first by name.
        assert_eq!(did_you_mean("tilte", fields), Some("title"));
        assert_eq!(did_you_mean("ab", ["ac", "aa"]), Some("aa"));
        assert_eq!(
            with_did_you_mean("unknown unit `drcc`".into(), "drcc", ["drc"]),
            "unknown unit `drcc`, did you mean `drc`?"
        );
        assert_eq!(
            with_did_you_mean("unknown unit `x`".into(), "x", ["drc"]),
            "unknown unit `x`"
        );
    }

    #[test]
    fn sorts_by_path_then_position() {
        let mut d = Diagnostics::new();
        d.error("b.yaml", Pos::new(1, 1), "x");
        d.error("a.yaml", Pos::new(9, 1), "y");
        d.error("a.yaml", Pos::new(2, 5), "z");
        let sorted: Vec<String> = d.sorted().iter().map(|d| d.message.clone()).collect();
        assert_eq!(sorted, ["z", "y", "x"]);
    }

    #[test]
    fn github_format_escapes_newlines_and_colons() {
        let d = Diagnostic::error("a:b.yaml", Pos::new(3, 4), "bad\nthing 100%");
        assert_eq!(
            to_github(&d),
            "::error file=a%3Ab.yaml,line=3,col=4::bad%0Athing 100%25"
        );
    }

    #[test]
    fn control_characters_in_names_cannot_forge_a_line() {
        let d = Diagnostic::warning(
            "content/works/x\n::warning file=a.yaml::forged\u{1b}[2K\u{202e}.yaml",
            Pos::new(1, 1),
            "bad\r\n::error::forged\ttoo",
        )
        .with_hint("see\nhere");
        let human = d.to_string();
        assert_eq!(
            human,
            "content/works/x\\n::warning file=a.yaml::forged\\u{1b}[2K\\u{202e}.yaml:1:1: warning: \
             bad\\r\\n::error::forged\\ttoo\n  hint: see\\nhere"
        );
        let github = to_github(&d);
        assert_eq!(
            github,
            "::warning file=content/works/x%0A%3A%3Awarning file=a.yaml%3A%3Aforged\\u{1b}[2K\\u{202e}.yaml,\
             line=1,col=1::bad%0D%0A::error::forged\\ttoo (hint: see%0Ahere)"
        );
        assert!(!human.contains('\u{1b}') && !github.contains('\u{1b}'));
        let json = to_json(&d);
        assert!(!json.chars().any(|c| c.is_control()), "{json}");
    }

    #[test]
    fn notes_stay_notes_under_strict_and_are_github_notices() {
        let mut d = Diagnostics::new();
        d.warning("a.yaml", Pos::START, "w");
        d.push(Diagnostic::note("a.yaml", Pos::START, "n"));
        d.make_strict();
        assert_eq!((d.error_count(), d.warning_count()), (1, 0));
        let note = d.sorted().into_iter().find(|d| d.message == "n").unwrap();
        assert_eq!(note.to_string(), "a.yaml:1:1: note: n");
        assert_eq!(to_github(&note), "::notice file=a.yaml,line=1,col=1::n");
    }

    #[test]
    fn human_format_is_path_line_column() {
        let d = Diagnostic::error("content/x.yaml", Pos::new(3, 4), "unknown field")
            .with_hint("remove it");
        assert_eq!(
            d.to_string(),
            "content/x.yaml:3:4: error: unknown field\n  hint: remove it"
        );
    }
}
