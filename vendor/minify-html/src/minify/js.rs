// Patched for gongkai: upstream minifies JavaScript here with the oxc crates
// (23 crates and what they pull in). gongkai never minifies
// JavaScript (`Cfg::minify_js` is always false), so the code is only trimmed,
// as upstream does when `minify_js` is false or the code does not parse.
use crate::cfg::Cfg;
use minify_html_common::whitespace::trimmed;

/// Represents the mode in which JavaScript should be parsed and minified
#[derive(Debug, Clone, Copy)]
pub enum TopLevelMode {
  /// Parse as a global script
  Global,
  /// Parse as an ES module
  Module,
}

pub fn minify_js(_cfg: &Cfg, _mode: TopLevelMode, out: &mut Vec<u8>, code: &[u8]) {
  out.extend_from_slice(trimmed(code));
}
