//! CSV files as gongkai writes them: the site's open-data tables and the
//! progress sheet a body fills. The `csv` crate quotes (RFC 4180: a field
//! with a comma, a quote or a line break goes in quotes, quotes doubled);
//! this module adds the one rule against formula injection, so that both
//! writers neutralise the same cells the same way.
//!
//! The rule is OWASP's (CSV Injection): a cell that begins with `=`, `+`,
//! `-`, `@`, a tab, a carriage return or a line feed gets a leading `'`, so
//! that a spreadsheet shows it as text instead of running it as a formula.
//! One exception keeps the data exact: a plain decimal number (`-1.5`,
//! `+3`, `-2e3`) is left as it is. A spreadsheet reads it as the number it
//! is; nothing in it can call a function or reach outside the cell.

use std::borrow::Cow;

use crate::yaml::is_plain_decimal;

/// What a cell may begin with that a spreadsheet would run as a formula.
const FORMULA_STARTS: [char; 7] = ['=', '+', '-', '@', '\t', '\r', '\n'];

/// Whether a spreadsheet would take `cell` as a formula (or as the start
/// of one) rather than as the text or number it is.
pub fn runs_as_formula(cell: &str) -> bool {
    cell.starts_with(FORMULA_STARTS) && !is_plain_decimal(cell)
}

/// The cell as written: with a leading `'` when it would run as a formula.
pub fn neutralise(cell: &str) -> Cow<'_, str> {
    if runs_as_formula(cell) {
        Cow::Owned(format!("'{cell}"))
    } else {
        Cow::Borrowed(cell)
    }
}

/// Whether the file starts with a UTF-8 byte-order mark, which Excel needs
/// to open Chinese text in a CSV correctly.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Bom {
    With,
    Without,
}

/// A CSV file: the header, then the rows, CRLF line ends, every cell
/// through [`neutralise`] and quoted where RFC 4180 needs it. Rows may
/// differ in length (the writer does not check it).
pub fn write<H, R, C>(bom: Bom, header: H, rows: R) -> Vec<u8>
where
    H: IntoIterator,
    H::Item: AsRef<str>,
    R: IntoIterator<Item = C>,
    C: IntoIterator,
    C::Item: AsRef<str>,
{
    let mut out = Vec::new();
    // Into a Vec, writing cannot fail.
    if let Ok(mut w) = Writer::new(bom, &mut out, header) {
        for row in rows {
            let _ = w.row(row);
        }
        let _ = w.finish();
    }
    out
}

/// A CSV file written a row at a time into `W`, byte for byte as
/// [`write`] writes it whole: for a table too large to hold in memory.
pub struct Writer<W: std::io::Write> {
    csv: ::csv::Writer<W>,
}

impl<W: std::io::Write> Writer<W> {
    /// Starts the file: the byte-order mark when asked, then `header`.
    pub fn new<H>(bom: Bom, mut out: W, header: H) -> std::io::Result<Writer<W>>
    where
        H: IntoIterator,
        H::Item: AsRef<str>,
    {
        if bom == Bom::With {
            out.write_all(b"\xEF\xBB\xBF")?;
        }
        let csv = ::csv::WriterBuilder::new()
            .terminator(::csv::Terminator::CRLF)
            .flexible(true)
            .from_writer(out);
        let mut w = Writer { csv };
        w.row(header)?;
        Ok(w)
    }

    /// Writes one row, of any length.
    pub fn row<C>(&mut self, cells: C) -> std::io::Result<()>
    where
        C: IntoIterator,
        C::Item: AsRef<str>,
    {
        self.csv
            .write_record(
                cells
                    .into_iter()
                    .map(|c| neutralise(c.as_ref()).into_owned()),
            )
            .map_err(|e| match e.into_kind() {
                ::csv::ErrorKind::Io(e) => e,
                kind => std::io::Error::other(format!("{kind:?}")),
            })
    }

    /// Writes what is still buffered.
    pub fn finish(mut self) -> std::io::Result<()> {
        self.csv.flush()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formula_injection_rule_neutralises_owasp_starts() {
        for cell in [
            "=HYPERLINK(\"https://evil.example\")",
            "+SUM(A1)",
            "-2+3+cmd|' /C calc'!A0",
            "@SUM(A1)",
            "\t=1",
            "\r=1",
            "\n=1",
            "-",
            "+",
            "-inf",
            "-1,5",
            "-1.5.2",
        ] {
            assert_eq!(neutralise(cell), format!("'{cell}"), "{cell:?}");
        }
    }

    #[test]
    fn formula_injection_rule_keeps_negative_numbers() {
        for cell in ["-1.5", "-12", "+3", "-2e3", "1.60", "0", "-0.25"] {
            assert_eq!(neutralise(cell), cell);
        }
    }

    #[test]
    fn formula_injection_rule_leaves_plain_text() {
        for cell in ["", "2024-Q3", "a=b", "一-二", "'=quoted", " =1", "a/b/c"] {
            assert_eq!(neutralise(cell), cell);
        }
    }

    #[test]
    fn writer_quotes_and_neutralises_every_cell() {
        let out = write(
            Bom::Without,
            ["a", "b"],
            [
                vec!["x,y", "say \"hi\""],
                vec!["=1+1", "-1.5"],
                vec!["line\nbreak", "-x"],
            ],
        );
        assert_eq!(
            String::from_utf8(out).unwrap(),
            "a,b\r\n\"x,y\",\"say \"\"hi\"\"\"\r\n'=1+1,-1.5\r\n\"line\nbreak\",'-x\r\n"
        );
    }

    #[test]
    fn writer_puts_a_bom_first_when_asked() {
        let out = write(Bom::With, ["a"], Vec::<Vec<&str>>::new());
        assert_eq!(out, b"\xEF\xBB\xBFa\r\n");
    }
}
