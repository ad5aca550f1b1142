//! Each measure's highlighted source record, made once for all the
//! languages of its page. The record is the same YAML whatever the page's
//! language, and highlighting it was a twentieth of a build done twice.

use std::collections::hash_map::Entry;
use std::collections::HashMap;
use std::sync::Mutex;

use super::pages::PageKind;

/// The records made for one language's page and not yet taken by the
/// others'. Pages are rendered with their languages side by side, so few
/// wait here at a time.
pub(super) struct Records {
    langs: usize,
    waiting: Mutex<HashMap<(usize, usize), Waiting>>,
}

struct Waiting {
    part: String,
    /// The languages whose page has yet to take it.
    left: usize,
}

impl Records {
    pub(super) fn new(langs: usize) -> Records {
        Records {
            langs,
            waiting: Mutex::new(HashMap::new()),
        }
    }

    /// Page `kind`'s verbatim part, as `make` makes it: a measure page's
    /// made by the first of its languages' pages to ask, and taken by the
    /// others.
    pub(super) fn verbatim_part(
        &self,
        kind: &PageKind,
        make: impl FnOnce() -> Option<String>,
    ) -> Option<String> {
        let &PageKind::Measure(ci, mi) = kind else {
            return make();
        };
        if self.langs < 2 {
            return make();
        }
        if let Some(part) = self.take((ci, mi)) {
            return Some(part);
        }
        let part = make()?;
        let mut waiting = self.waiting.lock().unwrap_or_else(|e| e.into_inner());
        match waiting.entry((ci, mi)) {
            // Another language's page made it at the same time.
            Entry::Occupied(mut w) => {
                w.get_mut().left -= 1;
                if w.get().left == 0 {
                    w.remove();
                }
            }
            Entry::Vacant(w) => {
                w.insert(Waiting {
                    part: part.clone(),
                    left: self.langs - 1,
                });
            }
        }
        Some(part)
    }

    /// The record made for another language's page of measure `key`.
    fn take(&self, key: (usize, usize)) -> Option<String> {
        let mut waiting = self.waiting.lock().unwrap_or_else(|e| e.into_inner());
        let w = waiting.get_mut(&key)?;
        w.left -= 1;
        if w.left == 0 {
            waiting.remove(&key).map(|w| w.part)
        } else {
            Some(w.part.clone())
        }
    }

    #[cfg(test)]
    fn waiting(&self) -> usize {
        self.waiting.lock().unwrap().len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::cell::Cell;

    #[test]
    fn a_record_is_made_once_for_all_languages_and_then_let_go() {
        let records = Records::new(3);
        let made = Cell::new(0);
        let make = |text: &str| {
            made.set(made.get() + 1);
            Some(text.to_string())
        };
        let page = PageKind::Measure(0, 1);
        for _ in 0..3 {
            assert_eq!(
                records.verbatim_part(&page, || make("a")).as_deref(),
                Some("a")
            );
        }
        assert_eq!((made.get(), records.waiting()), (1, 0));
        // Another measure's record is its own.
        let other = PageKind::Measure(1, 0);
        assert_eq!(
            records.verbatim_part(&other, || make("b")).as_deref(),
            Some("b")
        );
        assert_eq!((made.get(), records.waiting()), (2, 1));
    }

    #[test]
    fn one_language_or_another_page_keeps_nothing() {
        let one = Records::new(1);
        let page = PageKind::Measure(0, 0);
        for text in ["a", "b"] {
            assert_eq!(
                one.verbatim_part(&page, || Some(text.into())).as_deref(),
                Some(text)
            );
        }
        assert_eq!(one.waiting(), 0);
        let two = Records::new(2);
        assert_eq!(two.verbatim_part(&PageKind::Report, || None), None);
        assert_eq!(two.waiting(), 0);
    }

    #[test]
    fn a_record_made_twice_at_once_is_let_go() {
        let records = Records::new(2);
        let page = PageKind::Measure(0, 0);
        // The second language's page made it before the first had put it
        // here: both made it, neither waits for the other.
        let part = records.verbatim_part(&page, || {
            records.waiting.lock().unwrap().insert(
                (0, 0),
                Waiting {
                    part: "a".into(),
                    left: 1,
                },
            );
            Some("a".into())
        });
        assert_eq!(part.as_deref(), Some("a"));
        assert_eq!(records.waiting(), 0);
    }
}
