//! Where values are in a JSON text: the line and column of a few values
//! named by their paths, found in one pass over the text without building
//! the document (a release file of a large site is tens of megabytes), for
//! the diagnostics about a release file.

use crate::diagnostics::Pos;

/// One step of a path: an object's key or an array's index.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Step {
    Key(&'static str),
    Index(usize),
}

/// A path from the document's root to a value.
pub type Path = Vec<Step>;

/// The paths asked for, as a tree: each node lists the requests that end
/// there and the steps that go on.
#[derive(Default)]
struct Node {
    ends: Vec<usize>,
    children: Vec<(Step, Node)>,
}

impl Node {
    fn insert(&mut self, path: &[Step], request: usize) {
        match path.split_first() {
            None => self.ends.push(request),
            Some((step, rest)) => {
                let at = match self.children.iter().position(|(s, _)| s == step) {
                    Some(at) => at,
                    None => {
                        self.children.push((*step, Node::default()));
                        self.children.len() - 1
                    }
                };
                self.children[at].1.insert(rest, request);
            }
        }
    }

    fn child(&self, step: Step) -> Option<&Node> {
        self.children
            .iter()
            .find(|(s, _)| *s == step)
            .map(|(_, n)| n)
    }
}

/// The position of the value at each of `paths` in `text`, `None` where
/// the text has no such value (or stops being JSON before it). One pass,
/// skipping every part of the document no path leads into.
pub fn locate(text: &str, paths: &[Path]) -> Vec<Option<Pos>> {
    let mut tree = Node::default();
    for (i, p) in paths.iter().enumerate() {
        tree.insert(p, i);
    }
    let mut offsets = vec![None; paths.len()];
    let mut scanner = Scanner {
        bytes: text.as_bytes(),
        at: 0,
    };
    scanner.space();
    // A text that is not JSON leaves the rest unfound.
    let _ = scanner.value(&tree, &mut offsets);
    positions(text, &offsets)
}

/// The line and column (in characters) of each byte offset, in one pass.
pub fn positions(text: &str, offsets: &[Option<usize>]) -> Vec<Option<Pos>> {
    let mut order: Vec<(usize, usize)> = offsets
        .iter()
        .enumerate()
        .filter_map(|(i, o)| o.map(|o| (o.min(text.len()), i)))
        .collect();
    order.sort_unstable();
    let bytes = text.as_bytes();
    let (mut at, mut line, mut column) = (0usize, 1u32, 1u32);
    let mut out = vec![None; offsets.len()];
    for (offset, i) in order {
        for &b in &bytes[at..offset] {
            if b == b'\n' {
                line += 1;
                column = 1;
            } else if b & 0xC0 != 0x80 {
                column += 1;
            }
        }
        at = offset;
        out[i] = Some(Pos::new(line, column));
    }
    out
}

struct Scanner<'t> {
    bytes: &'t [u8],
    at: usize,
}

impl<'t> Scanner<'t> {
    fn peek(&self) -> Option<u8> {
        self.bytes.get(self.at).copied()
    }

    fn space(&mut self) {
        while self
            .peek()
            .is_some_and(|b| matches!(b, b' ' | b'\t' | b'\n' | b'\r'))
        {
            self.at += 1;
        }
    }

    fn expect(&mut self, b: u8) -> Option<()> {
        self.space();
        (self.peek() == Some(b)).then(|| self.at += 1)
    }

    /// The value at the cursor, noting where `node`'s requests are and
    /// going into the parts its children name.
    fn value(&mut self, node: &Node, offsets: &mut [Option<usize>]) -> Option<()> {
        self.space();
        self.peek()?;
        for &i in &node.ends {
            offsets[i] = Some(self.at);
        }
        if node.children.is_empty() {
            return self.skip();
        }
        match self.peek()? {
            b'{' => {
                self.at += 1;
                self.space();
                if self.peek() == Some(b'}') {
                    self.at += 1;
                    return Some(());
                }
                loop {
                    self.space();
                    let key = self.string()?;
                    self.expect(b':')?;
                    let child = node.children.iter().find(|(s, _)| match s {
                        Step::Key(k) => k.as_bytes() == key,
                        Step::Index(_) => false,
                    });
                    match child {
                        Some((_, child)) => self.value(child, offsets)?,
                        None => {
                            self.space();
                            self.skip()?
                        }
                    }
                    self.space();
                    match self.peek()? {
                        b',' => self.at += 1,
                        b'}' => {
                            self.at += 1;
                            return Some(());
                        }
                        _ => return None,
                    }
                }
            }
            b'[' => {
                self.at += 1;
                self.space();
                if self.peek() == Some(b']') {
                    self.at += 1;
                    return Some(());
                }
                let mut index = 0;
                loop {
                    match node.child(Step::Index(index)) {
                        Some(child) => self.value(child, offsets)?,
                        None => {
                            self.space();
                            self.skip()?
                        }
                    }
                    index += 1;
                    self.space();
                    match self.peek()? {
                        b',' => self.at += 1,
                        b']' => {
                            self.at += 1;
                            return Some(());
                        }
                        _ => return None,
                    }
                }
            }
            _ => self.skip(),
        }
    }

    /// A string's raw bytes (between its quotes, escapes left as they are).
    fn string(&mut self) -> Option<&'t [u8]> {
        if self.peek() != Some(b'"') {
            return None;
        }
        self.at += 1;
        let start = self.at;
        loop {
            match self.peek()? {
                b'"' => {
                    self.at += 1;
                    return Some(&self.bytes[start..self.at - 1]);
                }
                b'\\' => self.at += 2,
                _ => self.at += 1,
            }
        }
    }

    /// Past the value at the cursor, whatever it holds.
    fn skip(&mut self) -> Option<()> {
        match self.peek()? {
            b'"' => self.string().map(|_| ()),
            b'{' | b'[' => {
                let mut depth = 0usize;
                loop {
                    match self.peek()? {
                        b'"' => {
                            self.string()?;
                            continue;
                        }
                        b'{' | b'[' => depth += 1,
                        b'}' | b']' => {
                            depth -= 1;
                            if depth == 0 {
                                self.at += 1;
                                return Some(());
                            }
                        }
                        _ => {}
                    }
                    self.at += 1;
                }
            }
            _ => {
                let start = self.at;
                while self.peek().is_some_and(|b| {
                    !matches!(b, b',' | b'}' | b']' | b' ' | b'\t' | b'\n' | b'\r')
                }) {
                    self.at += 1;
                }
                (self.at > start).then_some(())
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use Step::*;

    #[test]
    fn values_are_found_by_their_paths_in_one_pass() {
        let text =
            "{\n  \"a\": [1, {\"b\": \"x\\\"}\"}, [2]],\n  \"c\": {\"b\": \"ü\", \"d\": null}\n}\n";
        let paths = vec![
            vec![Key("a"), Index(1), Key("b")],
            vec![Key("c"), Key("d")],
            vec![Key("a"), Index(2), Index(0)],
            vec![Key("c")],
            vec![Key("a"), Index(5)],
            vec![],
        ];
        let found = locate(text, &paths);
        assert_eq!(
            found,
            [
                Some(Pos::new(2, 18)),
                Some(Pos::new(3, 24)),
                Some(Pos::new(2, 28)),
                Some(Pos::new(3, 8)),
                None,
                Some(Pos::new(1, 1)),
            ]
        );
    }

    #[test]
    fn a_text_that_is_not_json_finds_what_comes_before_the_fault() {
        let found = locate(
            "{\"a\": 1, \"b\" 2, \"c\": 3}",
            &[vec![Key("a")], vec![Key("c")]],
        );
        assert_eq!(found, [Some(Pos::new(1, 7)), None]);
        assert_eq!(locate("", &[vec![Key("a")]]), [None]);
        assert_eq!(locate("[[[", &[vec![Index(0), Index(0), Index(0)]]), [None]);
    }
}
