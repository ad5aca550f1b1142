//! `gongkai check` on fixture sites: valid ones pass, and every class of bad
//! input under `tests/fixtures/invalid/<class>/` (files laid over the
//! zh-default site) reports exactly the problems in its `expected.txt`.

mod common;

use common::*;

#[test]
fn valid_fixture_sites_pass_strict_check() {
    for site in ["zh-default", "single-language"] {
        let out = gongkai_in(&site_fixture(site), &["check", "--strict"]);
        assert_eq!(code(&out), 0, "{site}: {}", stderr(&out));
        assert!(stderr(&out).contains("no errors"), "{}", stderr(&out));
    }
}

#[test]
fn missing_translations_warn_and_fail_only_under_strict() {
    let root = site_fixture("en-subpath");
    let (code0, lines) = check_lines(&root, &[]);
    assert_eq!(code0, 0);
    assert_eq!(
        lines,
        [
            "content/pages/contact.en.md:1:1: warning: page `contact` has no `zh` version",
            "content/plan/parks.yaml:1:8: warning: title has no `zh` translation",
            "content/plan/parks.yaml:5:11: warning: indicator name has no `zh` translation",
        ]
    );
    let (code1, lines) = check_lines(&root, &["--strict"]);
    assert_eq!(code1, 1);
    assert!(lines.iter().all(|l| l.contains(": error: ")), "{lines:?}");
}

#[test]
fn every_invalid_fixture_reports_exactly_its_expected_problems() {
    let invalid = fixtures().join("invalid");
    let mut classes: Vec<_> = std::fs::read_dir(&invalid)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    classes.sort();
    assert!(classes.len() >= 15, "fixture classes missing");
    for class in classes {
        let name = class.file_name().unwrap().to_string_lossy().into_owned();
        let expected: Vec<String> = std::fs::read_to_string(class.join("expected.txt"))
            .unwrap_or_else(|_| panic!("{name}: expected.txt"))
            .lines()
            .map(str::to_string)
            .collect();
        let overlay = tempfile::tempdir().unwrap();
        copy_tree(&class, overlay.path());
        std::fs::remove_file(overlay.path().join("expected.txt")).unwrap();
        let site = temp_site("zh-default", &[overlay.path()]);
        let (exit, lines) = check_lines(site.path(), &[]);
        assert_eq!(lines, expected, "class {name}");
        let has_error = expected.iter().any(|l| l.contains(": error: "));
        assert_eq!(exit, if has_error { 1 } else { 0 }, "class {name}");
    }
}

#[test]
fn human_format_prints_position_message_and_hint() {
    let site = temp_site("zh-default", &[&fixtures().join("invalid/unknown-field")]);
    let out = gongkai_in(site.path(), &["check"]);
    assert_eq!(code(&out), 1);
    let err = stderr(&out);
    assert!(
        err.contains(
            "content/works/typo.yaml:3:1: error: unknown field `titel` in a measure, did you mean `title`?\n  hint: allowed fields: id, number, category, title,"
        ),
        "{err}"
    );
    assert!(err.contains("3 errors, 0 warnings"), "{err}");
}

#[test]
fn github_format_prints_annotations() {
    let site = temp_site(
        "zh-default",
        &[&fixtures().join("invalid/unknown-references")],
    );
    let out = gongkai_in(site.path(), &["check", "--format", "github"]);
    assert_eq!(code(&out), 1);
    assert!(
        stdout(&out).contains("::error file=content/works/refs.yaml,line=3,col=8::unknown unit `drcc`, did you mean `drc`? (hint: units defined in content/units.yaml: drc, hrss, health, idle)"),
        "{}",
        stdout(&out)
    );
}

#[test]
fn warnings_become_errors_under_strict() {
    let site = temp_site("zh-default", &[&fixtures().join("invalid/warnings")]);
    let (exit, lines) = check_lines(site.path(), &["--strict"]);
    assert_eq!(exit, 1);
    assert_eq!(lines.len(), 4);
    assert!(lines.iter().all(|l| l.contains(": error: ")));
}

#[test]
fn bom_and_crlf_files_are_accepted() {
    let site = temp_site("zh-default", &[]);
    let path = site.path().join("content/indicators/income.yaml");
    let text = std::fs::read_to_string(&path).unwrap();
    std::fs::write(&path, format!("\u{feff}{}", text.replace('\n', "\r\n"))).unwrap();
    let out = gongkai_in(site.path(), &["check", "--strict"]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
}

#[test]
fn errors_in_many_files_are_all_reported_in_one_run() {
    let site = temp_site(
        "zh-default",
        &[
            &fixtures().join("invalid/values"),
            &fixtures().join("invalid/periods"),
            &fixtures().join("invalid/url-schemes"),
        ],
    );
    let (exit, lines) = check_lines(site.path(), &[]);
    assert_eq!(exit, 1);
    for file in ["values.yaml", "periods.yaml", "urls.yaml"] {
        assert!(
            lines.iter().any(|l| l.contains(file)),
            "{file} missing from {lines:?}"
        );
    }
    let key = |l: &String| {
        let mut parts = l.splitn(4, ':');
        let path = parts.next().unwrap().to_string();
        let line: u32 = parts.next().unwrap().parse().unwrap();
        let column: u32 = parts.next().unwrap().parse().unwrap();
        (path, line, column)
    };
    let mut sorted = lines.clone();
    sorted.sort_by_key(key);
    assert_eq!(lines, sorted, "diagnostics are sorted by path and position");
}

#[test]
fn a_missing_content_folder_is_an_io_error() {
    let dir = tempfile::tempdir().unwrap();
    let out = gongkai_in(dir.path(), &["check"]);
    assert_eq!(code(&out), 2);
    assert!(stderr(&out).contains("cannot read"), "{}", stderr(&out));
}

#[test]
fn a_missing_site_yaml_is_a_content_error() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("content")).unwrap();
    let (exit, lines) = check_lines(dir.path(), &[]);
    assert_eq!(exit, 1);
    assert_eq!(
        lines,
        ["content/site.yaml:1:1: error: missing content/site.yaml"]
    );
}

#[test]
fn bad_usage_exits_with_2() {
    assert_eq!(code(&gongkai(&["check", "--format", "xml"])), 2);
    assert_eq!(code(&gongkai(&["frobnicate"])), 2);
    assert_eq!(code(&gongkai(&["--version"])), 0);
}

#[cfg(unix)]
#[test]
fn symlinks_out_of_content_and_loops_are_refused_without_hanging() {
    let site = temp_site("zh-default", &[]);
    let outside = tempfile::tempdir().unwrap();
    std::fs::write(outside.path().join("secret.yaml"), "title: x\n").unwrap();
    let works = site.path().join("content/works");
    std::os::unix::fs::symlink(
        outside.path().join("secret.yaml"),
        works.join("secret.yaml"),
    )
    .unwrap();
    std::os::unix::fs::symlink(site.path().join("content"), works.join("loop")).unwrap();
    let (exit, lines) = check_lines(site.path(), &[]);
    assert_eq!(exit, 1);
    assert!(
        lines.contains(&"content/works/secret.yaml:1:1: error: symbolic link points outside content/; it is not followed".to_string()),
        "{lines:?}"
    );
}

/// A directory symlink out of content/ was reported "not followed" yet
/// walked: its files were loaded and reported too.
#[cfg(unix)]
#[test]
fn a_directory_symlink_out_of_content_is_not_walked() {
    let site = temp_site("zh-default", &[]);
    let outside = tempfile::tempdir().unwrap();
    std::fs::write(outside.path().join("secret.yaml"), "title: [broken\n").unwrap();
    std::fs::create_dir(outside.path().join("deeper")).unwrap();
    std::fs::write(outside.path().join("deeper/more.yaml"), "title: [broken\n").unwrap();
    let works = site.path().join("content/works");
    std::os::unix::fs::symlink(outside.path(), works.join("elsewhere")).unwrap();
    std::os::unix::fs::symlink(outside.path(), site.path().join("content/extra")).unwrap();
    let (exit, lines) = check_lines(site.path(), &[]);
    assert_eq!(exit, 1);
    assert_eq!(
        lines,
        [
            "content/extra:1:1: error: symbolic link points outside content/; it is not followed",
            "content/works/elsewhere:1:1: error: symbolic link points outside content/; it is not followed",
        ]
    );
}

/// A file name with a newline printed raw could forge a line of output: a
/// `::warning` workflow command in GitHub's log, or a fake diagnostic.
#[test]
fn a_file_name_with_a_newline_cannot_forge_a_warning_line() {
    let site = temp_site("zh-default", &[]);
    let name = "x\n::warning file=site.yaml,line=1::forged\u{1b}[1A.yaml";
    std::fs::write(
        site.path().join("content/works").join(name),
        "title: [broken\n",
    )
    .unwrap();
    let human = gongkai_in(site.path(), &["check"]);
    assert_eq!(code(&human), 1);
    let github = gongkai_in(site.path(), &["check", "--format", "github"]);
    assert_eq!(code(&github), 1);
    for output in [stderr(&human), stdout(&github)] {
        assert!(
            output.lines().all(|l| {
                !l.starts_with("::warning") && (l.starts_with("::error") || !l.starts_with("::"))
            }),
            "{output}"
        );
        assert!(!output.contains('\u{1b}'), "{output}");
    }
    assert!(
        stderr(&human).contains(
            "content/works/x\\n::warning file=site.yaml,line=1::forged\\u{1b}[1A.yaml:1:"
        ),
        "{}",
        stderr(&human)
    );
    assert!(
        stdout(&github).contains("::error file=content/works/x%0A%3A%3Awarning file=site.yaml%2Cline=1%3A%3Aforged\\u{1b}[1A.yaml,line=1,"),
        "{}",
        stdout(&github)
    );
}

/// `check --strict` dropped the `base_url` warning when there were errors:
/// every problem is reported in one run.
#[test]
fn the_base_url_warning_is_kept_when_there_are_errors() {
    let site = temp_site("single-language", &[]);
    let broken = site.path().join("content/measures/broken.yaml");
    std::fs::write(broken, "title: [broken\n").unwrap();
    for strict in [&[][..], &["--strict"]] {
        let (exit, lines) = check_lines(site.path(), strict);
        assert_eq!(exit, 1);
        assert!(
            lines
                .iter()
                .any(|l| l.starts_with("content/measures/broken.yaml:1:")),
            "{lines:?}"
        );
        assert!(
            lines
                .iter()
                .any(|l| l
                    .starts_with("content/site.yaml:4:11: warning: base_url `/gongfu/` is a path")),
            "{strict:?}: {lines:?}"
        );
    }
}

/// robots.txt under a sub-path is never read by crawlers: `check` says
/// where the Sitemap line must go, with the line itself.
#[test]
fn check_says_where_the_sitemap_line_goes_under_a_sub_path() {
    let out = gongkai_in(&site_fixture("en-subpath"), &["check", "--strict"]);
    assert!(
        stderr(&out).contains(
            "content/site.yaml:6:11: note: crawlers read robots.txt only at the host's root, not under `/open/plan/`\n  \
             hint: add the line `Sitemap: https://portal.example.gov/open/plan/sitemap.xml` to the host's /robots.txt"
        ),
        "{}",
        stderr(&out)
    );
    let out = gongkai_in(&site_fixture("single-language"), &["check"]);
    assert_eq!(code(&out), 0);
    assert!(
        stderr(&out).contains("hint: add the line `Sitemap: https://<host>/gongfu/sitemap.xml` to the host's /robots.txt"),
        "{}",
        stderr(&out)
    );
    // A note stays a note under --strict; none at the host's root.
    let (_, lines) = check_lines_and_notes(&site_fixture("en-subpath"), &["--strict"]);
    assert!(
        lines.contains(&"content/site.yaml:6:11: note: crawlers read robots.txt only at the host's root, not under `/open/plan/`".to_string()),
        "{lines:?}"
    );
    let (_, lines) = check_lines_and_notes(&site_fixture("zh-default"), &[]);
    assert!(lines.iter().all(|l| !l.contains("robots")), "{lines:?}");
}
