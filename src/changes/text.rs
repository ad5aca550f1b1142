//! Text diffs: character by character in Chinese (and the other languages
//! written without spaces), word by word otherwise, with the `similar`
//! crate; adjacent pieces of the same kind joined.

use serde::Serialize;
use similar::{ChangeTag, TextDiff};

/// One piece of a text diff.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Segment {
    /// `equal`, `delete` or `insert`.
    pub op: &'static str,
    pub text: String,
}

/// Whether a language is written without spaces between words, so that
/// its diff goes character by character.
pub fn by_character(lang: &str) -> bool {
    let primary = lang.split('-').next().unwrap_or(lang);
    matches!(primary, "zh" | "ja" | "ko" | "th" | "lo" | "km" | "my")
}

/// The diff of `old` and `new`, in `lang`.
pub fn text_diff(lang: &str, old: &str, new: &str) -> Vec<Segment> {
    let diff = if by_character(lang) {
        TextDiff::from_chars(old, new)
    } else {
        TextDiff::from_words(old, new)
    };
    let mut out: Vec<Segment> = Vec::new();
    for change in diff.iter_all_changes() {
        let op = match change.tag() {
            ChangeTag::Equal => "equal",
            ChangeTag::Delete => "delete",
            ChangeTag::Insert => "insert",
        };
        let piece = change.value();
        match out.last_mut() {
            Some(last) if last.op == op => last.text.push_str(piece),
            _ => out.push(Segment {
                op,
                text: piece.to_string(),
            }),
        }
    }
    // A space between two changed words (or, in Chinese, one character
    // between two changed ones) belongs to the change: "a b" → "c d" reads
    // as one deletion and one insertion, not four pieces.
    let absorbed = |s: &str| {
        if by_character(lang) {
            s.chars().count() <= 1
        } else {
            s.trim().is_empty()
        }
    };
    merge_runs(out, absorbed)
}

fn merge_runs(segments: Vec<Segment>, absorbed: impl Fn(&str) -> bool) -> Vec<Segment> {
    let mut out: Vec<Segment> = Vec::new();
    let (mut deleted, mut inserted) = (String::new(), String::new());
    let flush = |out: &mut Vec<Segment>, deleted: &mut String, inserted: &mut String| {
        // Spaces alone on one side were between changes on the other: kept.
        let mut kept = String::new();
        for (op, text) in [("delete", deleted), ("insert", inserted)] {
            let text = std::mem::take(text);
            if text.trim().is_empty() {
                kept.push_str(&text);
            } else {
                out.push(Segment { op, text });
            }
        }
        if !kept.is_empty() {
            out.push(Segment {
                op: "equal",
                text: kept.chars().take(1).collect(),
            });
        }
    };
    for (i, s) in segments.iter().enumerate() {
        let in_run = !deleted.is_empty() || !inserted.is_empty();
        let next_changes = segments.get(i + 1).is_some_and(|n| n.op != "equal");
        match s.op {
            "delete" => deleted.push_str(&s.text),
            "insert" => inserted.push_str(&s.text),
            _ if in_run && next_changes && absorbed(&s.text) => {
                deleted.push_str(&s.text);
                inserted.push_str(&s.text);
            }
            _ => {
                flush(&mut out, &mut deleted, &mut inserted);
                out.push(s.clone());
            }
        }
    }
    flush(&mut out, &mut deleted, &mut inserted);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn show(segments: &[Segment]) -> String {
        segments
            .iter()
            .map(|s| match s.op {
                "delete" => format!("[-{}-]", s.text),
                "insert" => format!("{{+{}+}}", s.text),
                _ => s.text.clone(),
            })
            .collect()
    }

    #[test]
    fn chinese_is_compared_character_by_character() {
        let d = text_diff(
            "zh",
            "完成区域碳达峰实施方案编制",
            "完成全区碳达峰实施方案印发",
        );
        assert_eq!(
            show(&d),
            "完成[-区域-]{+全区+}碳达峰实施方案[-编制-]{+印发+}"
        );
    }

    #[test]
    fn english_is_compared_word_by_word() {
        let d = text_diff(
            "en",
            "Build 500 childcare places",
            "Build 450 childcare places",
        );
        assert_eq!(show(&d), "Build [-500-]{+450+} childcare places");
        let d = text_diff("en", "a b c", "a x y c");
        assert_eq!(show(&d), "a [-b-]{+x y+} c");
    }

    #[test]
    fn an_unchanged_text_is_one_equal_piece_and_an_empty_one_all_inserted() {
        assert_eq!(show(&text_diff("en", "same", "same")), "same");
        assert_eq!(show(&text_diff("zh", "", "新增")), "{+新增+}");
    }
}
