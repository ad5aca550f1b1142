//! Text diffs: character by character in Chinese (and the other languages
//! written without spaces), word by word otherwise, with the `similar`
//! crate; adjacent pieces of the same kind joined.
//!
//! Bounded: the common beginning and end are set aside first (in linear
//! time), and only the changed middle is compared. A middle of more than
//! [`FINE_LIMIT`] characters (or words) on either side is compared
//! sentence by sentence instead, and one of more than [`COARSE_LIMIT`]
//! sentences is shown as one replacement. The comparison costs at most a
//! fixed number of steps whatever the length of the text, and the same
//! texts always give the same diff (no clock is read).

use serde::Serialize;
use similar::{capture_diff_slices, Algorithm, DiffOp};

/// Characters (or words) per side of a changed middle compared one by one;
/// above it, sentences are.
pub const FINE_LIMIT: usize = 1_000;

/// Sentences per side of a changed middle compared one by one; above it,
/// the middle is one replacement.
pub const COARSE_LIMIT: usize = 1_000;

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
    let fine = if by_character(lang) {
        characters
    } else {
        words
    };
    let out = pieces_diff(&fine(old), &fine(new), FINE_LIMIT)
        .or_else(|| pieces_diff(&sentences(old), &sentences(new), COARSE_LIMIT))
        .unwrap_or_else(|| {
            let (a, b) = (sentences(old), sentences(new));
            let (prefix, suffix) = common_ends(&a, &b);
            let mut out = Vec::new();
            push(&mut out, "equal", &a[..prefix]);
            push(&mut out, "delete", &a[prefix..a.len() - suffix]);
            push(&mut out, "insert", &b[prefix..b.len() - suffix]);
            push(&mut out, "equal", &a[a.len() - suffix..]);
            out
        });
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

/// How many pieces `a` and `b` have in common at their beginning and,
/// after it, at their end.
fn common_ends(a: &[&str], b: &[&str]) -> (usize, usize) {
    let prefix = a.iter().zip(b).take_while(|(x, y)| x == y).count();
    let suffix = a[prefix..]
        .iter()
        .rev()
        .zip(b[prefix..].iter().rev())
        .take_while(|(x, y)| x == y)
        .count();
    (prefix, suffix)
}

/// The diff of two texts cut into pieces: their common beginning and end,
/// and the pieces between compared one by one; `None` when more than
/// `limit` pieces on a side are between. Texts of at most `limit` pieces
/// are compared whole.
fn pieces_diff(a: &[&str], b: &[&str], limit: usize) -> Option<Vec<Segment>> {
    let mut out = Vec::new();
    if a.len().max(b.len()) <= limit {
        // Short enough to compare whole, so that a change next to the
        // common ends is placed where the comparison would place it.
        compare(&mut out, a, b);
        return Some(out);
    }
    let (prefix, suffix) = common_ends(a, b);
    let (a_mid, b_mid) = (&a[prefix..a.len() - suffix], &b[prefix..b.len() - suffix]);
    if a_mid.len().max(b_mid.len()) > limit {
        return None;
    }
    push(&mut out, "equal", &a[..prefix]);
    compare(&mut out, a_mid, b_mid);
    push(&mut out, "equal", &a[a.len() - suffix..]);
    Some(out)
}

/// Appends `pieces` as `op`, joined to the last segment when it is of the
/// same kind; nothing for no pieces.
fn push(out: &mut Vec<Segment>, op: &'static str, pieces: &[&str]) {
    if pieces.iter().all(|p| p.is_empty()) {
        return;
    }
    let text = match out.last_mut() {
        Some(last) if last.op == op => &mut last.text,
        _ => {
            out.push(Segment {
                op,
                text: String::new(),
            });
            &mut out.last_mut().expect("just pushed").text
        }
    };
    for p in pieces {
        text.push_str(p);
    }
}

/// The pieces of `a` and `b` compared one by one (Myers' algorithm, whose
/// cost the limits on the pieces bound).
fn compare(out: &mut Vec<Segment>, a: &[&str], b: &[&str]) {
    for op in capture_diff_slices(Algorithm::Myers, a, b) {
        match op {
            DiffOp::Equal { old_index, len, .. } => {
                push(out, "equal", &a[old_index..old_index + len]);
            }
            DiffOp::Delete {
                old_index, old_len, ..
            } => push(out, "delete", &a[old_index..old_index + old_len]),
            DiffOp::Insert {
                new_index, new_len, ..
            } => push(out, "insert", &b[new_index..new_index + new_len]),
            DiffOp::Replace {
                old_index,
                old_len,
                new_index,
                new_len,
            } => {
                push(out, "delete", &a[old_index..old_index + old_len]);
                push(out, "insert", &b[new_index..new_index + new_len]);
            }
        }
    }
}

/// `s` cut after every character for which `ends_piece(character, next
/// character)` holds.
fn split(s: &str, mut ends_piece: impl FnMut(char, Option<char>) -> bool) -> Vec<&str> {
    let mut out = Vec::new();
    let mut start = 0;
    let mut chars = s.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        let next = chars.peek().map(|&(_, n)| n);
        if next.is_none() || ends_piece(c, next) {
            let end = i + c.len_utf8();
            out.push(&s[start..end]);
            start = end;
        }
    }
    out
}

/// Every character on its own.
fn characters(s: &str) -> Vec<&str> {
    split(s, |_, _| true)
}

/// Words and the runs of spaces between them.
fn words(s: &str) -> Vec<&str> {
    split(s, |c, next| {
        next.is_some_and(|n| c.is_whitespace() != n.is_whitespace())
    })
}

/// Sentences: each ends after a line break or a full-width end mark
/// (`。！？；`), or after the spaces that follow `.`, `!`, `?` or `;`.
fn sentences(s: &str) -> Vec<&str> {
    let mut after_mark = false;
    split(s, |c, next| {
        if matches!(c, '\n' | '。' | '！' | '？' | '；') {
            after_mark = false;
            return true;
        }
        if c.is_whitespace() {
            return after_mark && next.is_some_and(|n| !n.is_whitespace()) && {
                after_mark = false;
                true
            };
        }
        after_mark = matches!(c, '.' | '!' | '?' | ';');
        false
    })
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

    /// The old text (equal and deleted pieces) and the new (equal and inserted).
    fn sides(segments: &[Segment]) -> (String, String) {
        let side = |skip: &str| {
            segments
                .iter()
                .filter(|s| s.op != skip)
                .map(|s| s.text.as_str())
                .collect::<String>()
        };
        (side("insert"), side("delete"))
    }

    /// `n` characters of Chinese text made of sentences, different for
    /// each `seed`.
    fn long_text(n: usize, seed: u32) -> String {
        let chars: Vec<char> = "完成区域碳达峰实施方案编制全区印发组织专家评审公众参与"
            .chars()
            .collect();
        let mut x = seed.wrapping_mul(2_654_435_761).wrapping_add(1);
        let mut out = String::new();
        for i in 0..n {
            x ^= x << 13;
            x ^= x >> 17;
            x ^= x << 5;
            out.push(if i % 40 == 39 {
                '。'
            } else {
                chars[x as usize % chars.len()]
            });
        }
        out
    }

    #[test]
    fn a_changed_100000_character_text_is_diffed_in_bounded_time() {
        // Once quadratic: 108 s for `check`, 237 s for `diff`.
        let old = long_text(100_000, 1);
        let mut new = old.clone();
        new.insert_str(old.char_indices().nth(50_000).unwrap().0, "新增内容");
        let started = std::time::Instant::now();
        let d = text_diff("zh", &old, &new);
        assert_eq!(d.len(), 3, "the common beginning and end, one insertion");
        assert_eq!((d[1].op, d[1].text.as_str()), ("insert", "新增内容"));
        assert_eq!(sides(&d), (old.clone(), new));
        // Every character changed: compared sentence by sentence, still exact.
        let other = long_text(100_000, 2);
        let d = text_diff("zh", &old, &other);
        assert_eq!(sides(&d), (old.clone(), other.clone()));
        assert!(
            d.len() <= 4,
            "whole sentences, not thousands of characters: {}",
            d.len()
        );
        // The same in English words.
        let words = |seed: u32| {
            long_text(100_000, seed)
                .replace('。', ". ")
                .replace('区', " ")
        };
        let d = text_diff("en", &words(1), &words(2));
        assert_eq!(sides(&d), (words(1), words(2)));
        // The worst cases of each level: every piece different, at the limits.
        let (a, b) = (long_text(FINE_LIMIT, 5), long_text(FINE_LIMIT, 6));
        assert_eq!(sides(&text_diff("zh", &a, &b)), (a, b));
        let (a, b) = (
            long_text(COARSE_LIMIT * 40, 5),
            long_text(COARSE_LIMIT * 40, 6),
        );
        assert_eq!(sides(&text_diff("zh", &a, &b)), (a, b));
        assert!(
            started.elapsed() < std::time::Duration::from_secs(20),
            "{:?}",
            started.elapsed()
        );
    }

    #[test]
    fn a_long_text_is_compared_character_by_character_below_the_limit_and_by_sentence_above() {
        let sentence = |s: &str| format!("{s}。");
        let old: String = (0..FINE_LIMIT / 4)
            .map(|i| sentence(&format!("第{i}项")))
            .collect();
        let changed = old.replacen("第7项", "第7条", 1);
        let d = text_diff("zh", &old, &changed);
        assert!(
            d.iter().any(|s| s.op == "delete" && s.text == "项"),
            "{d:?}"
        );
        // Past the limit, the changed sentences are the pieces.
        let new = old.replacen("第7项", "第7条", 1).replacen(
            &sentence(&format!("第{}项", FINE_LIMIT / 4 - 3)),
            "",
            1,
        ) + &"另。".repeat(FINE_LIMIT / 4);
        let d = text_diff("zh", &old, &new);
        assert_eq!(sides(&d), (old.clone(), new.clone()));
        assert!(
            d.iter().any(|s| s.op == "delete" && s.text == "第7项。"),
            "{d:?}"
        );
        // Past both limits, the middle is one replacement.
        let many =
            |c: char| -> String { (0..COARSE_LIMIT + 1).map(|_| format!("{c}。")).collect() };
        let (a, b) = (
            format!("前。{}后", many('甲')),
            format!("前。{}后", many('乙')),
        );
        let d = text_diff("zh", &a, &b);
        let ops: Vec<&str> = d.iter().map(|s| s.op).collect();
        assert_eq!(ops, ["equal", "delete", "insert", "equal"]);
        assert_eq!(sides(&d), (a, b));
    }

    #[test]
    fn the_same_texts_always_give_the_same_diff() {
        let (a, b) = (long_text(30_000, 3), long_text(30_000, 4));
        assert_eq!(text_diff("zh", &a, &b), text_diff("zh", &a, &b));
    }

    #[test]
    fn an_unchanged_text_is_one_equal_piece_and_an_empty_one_all_inserted() {
        assert_eq!(show(&text_diff("en", "same", "same")), "same");
        assert_eq!(show(&text_diff("zh", "", "新增")), "{+新增+}");
    }
}
