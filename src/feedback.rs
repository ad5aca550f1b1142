//! Feedback links (site.yaml `feedback`, SPEC §6): a web form's address
//! made from a template with `{collection}`, `{measure}`, `{lang}` and
//! `{url}`, or a `mailto:` link with the measure in its subject and body.
//! Every value put into a link is percent-encoded (RFC 3986: everything
//! but the unreserved characters), so that no content can change the
//! link's scheme, host or query structure.

/// The placeholders a feedback URL template may use.
pub const PLACEHOLDERS: [&str; 4] = ["collection", "measure", "lang", "url"];

/// What is wrong with a URL template.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TemplateProblem {
    /// `{name}` where `name` is not one of [`PLACEHOLDERS`].
    Unknown(String),
    /// A `{` without its `}`.
    Unclosed,
}

/// The problems of a URL template, in the order they occur.
pub fn template_problems(template: &str) -> Vec<TemplateProblem> {
    let mut problems = Vec::new();
    let mut rest = template;
    while let Some(start) = rest.find('{') {
        let after = &rest[start + 1..];
        match after.find('}') {
            Some(end) => {
                let name = &after[..end];
                if !PLACEHOLDERS.contains(&name) {
                    problems.push(TemplateProblem::Unknown(name.to_string()));
                }
                rest = &after[end + 1..];
            }
            None => {
                problems.push(TemplateProblem::Unclosed);
                break;
            }
        }
    }
    problems
}

/// Percent-encodes every byte of `s` (UTF-8) but the unreserved characters
/// of RFC 3986: `A–Z a–z 0–9 - . _ ~`.
pub fn percent_encode(s: &str) -> String {
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~') {
            out.push(b as char);
        } else {
            out.push('%');
            out.push(HEX[usize::from(b >> 4)] as char);
            out.push(HEX[usize::from(b & 0xf)] as char);
        }
    }
    out
}

/// The template with each `{name}` of `values` replaced by its value,
/// percent-encoded. A placeholder without a value is left as written (the
/// decoder refuses templates with unknown placeholders).
pub fn fill(template: &str, values: &[(&str, &str)]) -> String {
    let mut out = String::with_capacity(template.len() + 32);
    let mut rest = template;
    while let Some(start) = rest.find('{') {
        out.push_str(&rest[..start]);
        let after = &rest[start + 1..];
        let Some(end) = after.find('}') else {
            out.push_str(&rest[start..]);
            return out;
        };
        let name = &after[..end];
        match values.iter().find(|(k, _)| *k == name) {
            Some((_, v)) => out.push_str(&percent_encode(v)),
            None => out.push_str(&rest[start..start + end + 2]),
        }
        rest = &after[end + 1..];
    }
    out.push_str(rest);
    out
}

/// A `mailto:` link to `address` with a subject and a body (RFC 6068):
/// both percent-encoded, line ends in the body as CRLF.
pub fn mailto(address: &str, subject: &str, body: &str) -> String {
    let body = body.replace("\r\n", "\n").replace('\n', "\r\n");
    format!(
        "mailto:{address}?subject={}&body={}",
        percent_encode(subject),
        percent_encode(&body)
    )
}

/// Whether `s` is one plain e-mail address (`ban@example.gov.cn`): a local
/// part of letters, digits and `._+-`, an `@`, and a domain of at least two
/// labels of letters, digits and `-`. Nothing that a `mailto:` link would
/// have to encode.
pub fn is_email(s: &str) -> bool {
    let Some((local, domain)) = s.split_once('@') else {
        return false;
    };
    let local_ok = !local.is_empty()
        && local
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'_' | b'+' | b'-'));
    let labels: Vec<&str> = domain.split('.').collect();
    let domain_ok = labels.len() >= 2
        && labels.iter().all(|l| {
            !l.is_empty()
                && !l.starts_with('-')
                && !l.ends_with('-')
                && l.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
        });
    local_ok && domain_ok
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percent_encoding_keeps_only_the_unreserved_characters() {
        assert_eq!(percent_encode("AZaz09-._~"), "AZaz09-._~");
        assert_eq!(percent_encode("a b&c#d"), "a%20b%26c%23d");
        assert_eq!(percent_encode("/?=+%"), "%2F%3F%3D%2B%25");
        assert_eq!(percent_encode("人均"), "%E4%BA%BA%E5%9D%87");
        assert_eq!(
            percent_encode("https://example.org/works/a/"),
            "https%3A%2F%2Fexample.org%2Fworks%2Fa%2F"
        );
    }

    #[test]
    fn a_template_is_filled_with_encoded_values() {
        let t =
            "https://example.gov.cn/feedback?item={collection}/{measure}&lang={lang}&from={url}";
        let filled = fill(
            t,
            &[
                ("collection", "works"),
                ("measure", "a b&c#d"),
                ("lang", "zh-hant"),
                ("url", "https://example.org/works/人均/?q=1#x"),
            ],
        );
        assert_eq!(
            filled,
            "https://example.gov.cn/feedback?item=works/a%20b%26c%23d&lang=zh-hant\
             &from=https%3A%2F%2Fexample.org%2Fworks%2F%E4%BA%BA%E5%9D%87%2F%3Fq%3D1%23x"
        );
        // Twice, or not at all; text around is kept as written.
        assert_eq!(fill("x{lang}{lang}y", &[("lang", "en")]), "xeneny");
        assert_eq!(fill("https://a/b", &[("lang", "en")]), "https://a/b");
        // A value that looks like a placeholder is not filled again.
        assert_eq!(
            fill("{measure}-{lang}", &[("measure", "{lang}"), ("lang", "en")]),
            "%7Blang%7D-en"
        );
    }

    #[test]
    fn template_problems_name_unknown_and_unclosed_placeholders() {
        assert!(
            template_problems("https://a/?i={collection}/{measure}&l={lang}&u={url}").is_empty()
        );
        assert_eq!(
            template_problems("https://a/?i={mesure}&x={}&y={lang"),
            [
                TemplateProblem::Unknown("mesure".into()),
                TemplateProblem::Unknown(String::new()),
                TemplateProblem::Unclosed
            ]
        );
    }

    #[test]
    fn mailto_encodes_subject_and_body_with_crlf_line_ends() {
        assert_eq!(
            mailto(
                "ban@example.gov.cn",
                "意见: 托育 & 养老 #1",
                "关于 “托育”\nhttps://example.org/works/a/?x=1&y=2\n\n"
            ),
            "mailto:ban@example.gov.cn?subject=%E6%84%8F%E8%A7%81%3A%20%E6%89%98%E8%82%B2%20%26%20%E5%85%BB%E8%80%81%20%231\
             &body=%E5%85%B3%E4%BA%8E%20%E2%80%9C%E6%89%98%E8%82%B2%E2%80%9D%0D%0A\
             https%3A%2F%2Fexample.org%2Fworks%2Fa%2F%3Fx%3D1%26y%3D2%0D%0A%0D%0A"
        );
    }

    #[test]
    fn email_addresses_are_plain() {
        for ok in ["ban@example.gov.cn", "a.b+c_d-e@x-y.cn"] {
            assert!(is_email(ok), "{ok}");
        }
        for bad in [
            "",
            "ban",
            "ban@localhost",
            "@example.cn",
            "a b@example.cn",
            "a@b@example.cn",
            "ban@example.cn?cc=x@y.cn",
            "ban@-x.cn",
            "ban@x..cn",
            "办公室@example.cn",
            "mailto:ban@example.cn",
        ] {
            assert!(!is_email(bad), "{bad}");
        }
    }
}
