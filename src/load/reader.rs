//! Small helpers for decoding a YAML [`Node`] by hand while collecting
//! every problem: a mapping's fields are looked up by name, unknown ones are
//! reported with a suggestion, and each scalar reader reports its own
//! mismatch and returns `None` so decoding goes on.

use crate::diagnostics::{with_did_you_mean, Diagnostic, Diagnostics, Pos};
use crate::model::{Decimal, Spanned};
use crate::yaml::{Node, NodeKind};

/// Decoding state for one file.
pub struct Reader<'d> {
    pub path: String,
    pub diagnostics: &'d mut Diagnostics,
}

/// The fields of one mapping, checked against the allowed names.
pub struct Fields<'n> {
    pub pos: Pos,
    entries: Vec<(&'n str, &'n Node)>,
}

impl<'n> Fields<'n> {
    pub fn get(&self, name: &str) -> Option<&'n Node> {
        self.entries
            .iter()
            .find(|(k, _)| *k == name)
            .map(|(_, v)| *v)
    }
}

impl<'d> Reader<'d> {
    pub fn new(path: &str, diagnostics: &'d mut Diagnostics) -> Reader<'d> {
        Reader {
            path: path.to_string(),
            diagnostics,
        }
    }

    pub fn error(&mut self, pos: Pos, message: impl Into<String>) {
        self.diagnostics.error(&self.path, pos, message);
    }

    pub fn error_hint(&mut self, pos: Pos, message: impl Into<String>, hint: impl Into<String>) {
        self.diagnostics
            .push(Diagnostic::error(&self.path, pos, message).with_hint(hint));
    }

    pub fn warning(&mut self, pos: Pos, message: impl Into<String>) {
        self.diagnostics.warning(&self.path, pos, message);
    }

    fn mismatch(&mut self, node: &Node, what: &str) {
        self.error(
            node.pos,
            format!("expected {what}, found {}", node.kind_name()),
        );
    }

    /// A mapping whose keys must be among `allowed`; `what` names it in messages.
    pub fn fields<'n>(
        &mut self,
        node: &'n Node,
        what: &str,
        allowed: &[&str],
    ) -> Option<Fields<'n>> {
        let NodeKind::Map(entries) = &node.kind else {
            self.mismatch(node, &format!("a mapping ({what})"));
            return None;
        };
        let mut fields = Vec::with_capacity(entries.len());
        for (key, value) in entries {
            let Some(name) = key.as_str() else {
                self.error(
                    key.pos,
                    format!("expected a field name, found {}", key.kind_name()),
                );
                continue;
            };
            if allowed.contains(&name) {
                fields.push((name, value));
                continue;
            }
            let message = with_did_you_mean(
                format!("unknown field `{name}` in {what}"),
                name,
                allowed.iter().copied(),
            );
            self.error_hint(
                key.pos,
                message,
                format!("allowed fields: {}", allowed.join(", ")),
            );
        }
        Some(Fields {
            pos: node.pos,
            entries: fields,
        })
    }

    /// A field that must be present; reports its absence at the mapping.
    pub fn required<'n>(
        &mut self,
        fields: &Fields<'n>,
        name: &str,
        what: &str,
    ) -> Option<&'n Node> {
        let node = fields.get(name);
        if node.is_none() {
            self.error(fields.pos, format!("missing field `{name}` in {what}"));
        }
        node
    }

    pub fn string(&mut self, node: &Node, what: &str) -> Option<Spanned<String>> {
        match &node.kind {
            NodeKind::Str(s) => Some(Spanned::new(s.clone(), node.pos)),
            NodeKind::Number(n) => Some(Spanned::new(n.literal.clone(), node.pos)),
            _ => {
                self.mismatch(node, what);
                None
            }
        }
    }

    /// A non-empty string.
    pub fn text_string(&mut self, node: &Node, what: &str) -> Option<String> {
        let s = self.string(node, what)?;
        if s.value.trim().is_empty() {
            self.error(node.pos, format!("{what} is empty"));
            return None;
        }
        Some(s.value)
    }

    /// An identifier: `[a-z0-9][a-z0-9-]*`, since it becomes a URL segment.
    pub fn ident(&mut self, node: &Node, what: &str) -> Option<Spanned<String>> {
        let s = self.string(node, what)?;
        if is_ident(&s.value) {
            return Some(s);
        }
        let suggestion = slugify(&s.value);
        let hint = if suggestion.is_empty() {
            "use lowercase ASCII letters, digits and hyphens".to_string()
        } else {
            format!("use lowercase ASCII letters, digits and hyphens, e.g. `{suggestion}`")
        };
        self.error_hint(
            node.pos,
            format!(
                "invalid {what} `{}`: it must match [a-z0-9][a-z0-9-]*",
                s.value
            ),
            hint,
        );
        None
    }

    pub fn bool(&mut self, node: &Node, what: &str) -> Option<bool> {
        match node.kind {
            NodeKind::Bool(b) => Some(b),
            _ => {
                self.mismatch(node, &format!("true or false ({what})"));
                None
            }
        }
    }

    pub fn integer(&mut self, node: &Node, what: &str, min: i64, max: i64) -> Option<i64> {
        let NodeKind::Number(n) = &node.kind else {
            self.mismatch(node, &format!("a whole number ({what})"));
            return None;
        };
        if n.value.fract() != 0.0 || n.value < min as f64 || n.value > max as f64 {
            self.error(
                node.pos,
                format!(
                    "{what} must be a whole number from {min} to {max}, found {}",
                    n.literal
                ),
            );
            return None;
        }
        Some(n.value as i64)
    }

    /// A finite number, plain or as a quoted decimal string (kept digit for digit).
    pub fn decimal(&mut self, node: &Node, what: &str) -> Option<Decimal> {
        match &node.kind {
            NodeKind::Number(n) if n.value.is_finite() => Some(Decimal {
                value: n.value,
                literal: n.literal.clone(),
                quoted: false,
            }),
            NodeKind::Number(n) => {
                self.error(
                    node.pos,
                    format!("{what} must be a finite number, found {}", n.literal),
                );
                None
            }
            NodeKind::Str(s) if crate::yaml::is_plain_decimal(s.trim()) => {
                let text = s.trim();
                match text.parse::<f64>() {
                    Ok(v) if v.is_finite() => Some(Decimal {
                        value: v,
                        literal: text.trim_start_matches('+').to_string(),
                        quoted: true,
                    }),
                    _ => {
                        self.error(node.pos, format!("{what} `{text}` is out of range"));
                        None
                    }
                }
            }
            NodeKind::Str(s) => {
                self.error_hint(
                    node.pos,
                    format!("{what} must be a number, found the text `{s}`"),
                    "write a number (8.9) or a quoted decimal (\"1.60\"); for words use `value: null` with `text:`",
                );
                None
            }
            _ => {
                self.mismatch(node, &format!("a number ({what})"));
                None
            }
        }
    }

    /// A list, each item decoded by `item`; items that fail are skipped.
    pub fn list<T>(
        &mut self,
        node: &Node,
        what: &str,
        mut item: impl FnMut(&mut Self, &Node) -> Option<T>,
    ) -> Vec<T> {
        match &node.kind {
            NodeKind::Seq(items) => items.iter().filter_map(|n| item(self, n)).collect(),
            NodeKind::Null => Vec::new(),
            _ => {
                self.mismatch(node, &format!("a list ({what})"));
                Vec::new()
            }
        }
    }

    /// One id or a list of ids (`lead: drc` and `lead: [drc]` both work).
    pub fn ident_list(&mut self, node: &Node, what: &str) -> Vec<Spanned<String>> {
        match &node.kind {
            NodeKind::Str(_) => self.ident(node, what).into_iter().collect(),
            _ => self.list(node, what, |r, n| r.ident(n, what)),
        }
    }

    /// A URL: http, https, mailto, or a relative link. Anything else
    /// (`javascript:`, `data:`…) is refused, since it would be emitted as a link.
    pub fn url(&mut self, node: &Node, what: &str) -> Option<Spanned<String>> {
        let s = self.string(node, what)?;
        match check_url(&s.value) {
            Ok(()) => Some(s),
            Err(message) => {
                self.error_hint(
                    node.pos,
                    format!("{what} `{}`: {message}", s.value),
                    "only http, https and mailto links, or relative links, are allowed",
                );
                None
            }
        }
    }
}

pub fn is_ident(s: &str) -> bool {
    let mut bytes = s.bytes();
    matches!(bytes.next(), Some(b'a'..=b'z' | b'0'..=b'9'))
        && bytes.all(|b| matches!(b, b'a'..=b'z' | b'0'..=b'9' | b'-'))
}

/// A best-effort identifier from free text, for hints.
pub fn slugify(s: &str) -> String {
    let mut out = String::new();
    for c in s.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
        } else if !out.is_empty() && !out.ends_with('-') {
            out.push('-');
        }
    }
    out.trim_end_matches('-').to_string()
}

/// Accepts `http:`, `https:`, `mailto:` and scheme-less (relative) URLs.
pub fn check_url(url: &str) -> Result<(), String> {
    if url.trim().is_empty() {
        return Err("the URL is empty".into());
    }
    if url.chars().any(|c| c.is_control() || c.is_whitespace()) {
        return Err("a URL may not contain spaces or control characters".into());
    }
    match url_scheme(url) {
        None => Ok(()),
        Some(scheme)
            if ["http", "https", "mailto"].contains(&scheme.to_ascii_lowercase().as_str()) =>
        {
            Ok(())
        }
        Some(scheme) => Err(format!("the scheme `{scheme}:` is not allowed")),
    }
}

/// Whether `url` can be a site's address (`base_url`): a URL [`check_url`]
/// accepts, not `mailto:`, with no query or fragment.
pub fn is_site_address(url: &str) -> bool {
    check_url(url).is_ok()
        && !url_scheme(url).is_some_and(|s| s.eq_ignore_ascii_case("mailto"))
        && !url.contains(['?', '#'])
}

/// The scheme of an absolute URL, as browsers read it: letters, digits,
/// `+-.` before the first `:` that comes before any `/?#`.
pub fn url_scheme(url: &str) -> Option<&str> {
    let end = url.find(':')?;
    let candidate = &url[..end];
    if candidate.contains(['/', '?', '#']) {
        return None;
    }
    let mut chars = candidate.chars();
    let valid = chars.next().is_some_and(|c| c.is_ascii_alphabetic())
        && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'));
    // An invalid scheme (`java script:`) is still refused: a browser may strip it.
    Some(if valid { candidate } else { candidate.trim() })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn identifiers() {
        for ok in ["a", "per-capita-gdp", "2023", "x-1"] {
            assert!(is_ident(ok), "{ok}");
        }
        for bad in ["", "-a", "A", "a_b", "人均", "a b", "a/b"] {
            assert!(!is_ident(bad), "{bad}");
        }
    }

    #[test]
    fn url_schemes() {
        for ok in [
            "https://x.gov.cn/a",
            "http://x",
            "mailto:a@b.c",
            "../methodology/",
            "/a?b=c:d",
            "#top",
            "HTTPS://X",
        ] {
            assert!(check_url(ok).is_ok(), "{ok}");
        }
        for bad in [
            "javascript:alert(1)",
            "JavaScript:x",
            "data:text/html,x",
            "vbscript:x",
            "file:///etc",
            "",
            "java\tscript:x",
        ] {
            assert!(check_url(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn site_addresses() {
        for ok in ["https://x.gov/plan/", "/gongfu/", "/", "plan/"] {
            assert!(is_site_address(ok), "{ok}");
        }
        for bad in ["MAILTO:a@b.c", "/a?b", "/a#b", "javascript:x", ""] {
            assert!(!is_site_address(bad), "{bad}");
        }
    }

    #[test]
    fn slug_hints() {
        assert_eq!(slugify("Per Capita GDP!"), "per-capita-gdp");
        assert_eq!(slugify("人均"), "");
    }
}
