//! What a measure page offers for reuse elsewhere: its status badge and
//! the HTML to show it on another page, and its embed page with the
//! `<iframe>` to show that.

use schemars::JsonSchema;
use serde::Serialize;

use crate::render::markdown::escape;
use crate::render::urls;
use crate::render::views::Localizer;
use crate::site::Site;

/// `reuse` of a measure page's context.
#[derive(Serialize, JsonSchema, Debug, Default)]
pub struct ReuseView {
    /// The badge, root-relative.
    pub badge: String,
    /// The badge's text alternative ("<title>: <status>").
    pub badge_alt: String,
    /// HTML to copy: the badge linked to the measure page (absolute
    /// addresses when the site's `base_url` is absolute).
    pub badge_snippet: String,
    /// The embed page, root-relative.
    pub embed: String,
    /// HTML to copy: an `<iframe>` of the embed page.
    pub embed_snippet: String,
}

/// The reuse offers of measure `ci`/`mi`, for a site at `base_url`; the
/// embed snippet's frame is `frame_height` px tall (what the embed page
/// needs, from `embed::Shown::frame_height`).
pub fn reuse(
    site: &Site,
    l: &Localizer,
    ci: usize,
    mi: usize,
    base_url: &str,
    frame_height: u32,
) -> ReuseView {
    let c = &site.collections[ci];
    let m = &c.measures[mi].measure;
    let (cid, mid) = (c.config.id.as_str(), m.id.value.as_str());
    let badge = urls::badge(&l.prefix, cid, mid);
    let embed = urls::embed(&l.prefix, cid, mid);
    let abs = |path: &str| urls::absolute(base_url, &urls::encode_path(path));
    let page = abs(&urls::measure(&l.prefix, cid, mid));
    let title = l.text(&m.title).plain;
    let badge_alt = l.s.fill(
        "badge.alt",
        &[
            ("title", title.clone()),
            ("status", l.s.status(site.measure_assessment[ci][mi].status)),
        ],
    );
    let badge_snippet = format!(
        "<a href=\"{}\"><img src=\"{}\" alt=\"{}\"></a>",
        escape(&page),
        escape(&abs(&badge)),
        escape(&badge_alt)
    );
    let embed_snippet = format!(
        "<iframe src=\"{}\" title=\"{}\" width=\"100%\" height=\"{frame_height}\" loading=\"lazy\"></iframe>",
        escape(&abs(&embed)),
        escape(&title)
    );
    ReuseView {
        badge,
        badge_alt,
        badge_snippet,
        embed,
        embed_snippet,
    }
}
