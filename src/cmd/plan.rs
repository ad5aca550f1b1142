//! `gongkai plan new ID [--from PREV] [--period P] [--move-to PLAN]
//! [--dry-run]`: start a plan (SPEC §10). The files are made by
//! [`crate::plans::next`] and written through the content writer: under the
//! content lock, each text decoded and compared with the records it must
//! hold before anything is written, all files (and, for a move, the
//! removal of the old ones) or none. Bad usage — an existing plan, an
//! unknown PREV, a one-plan site without `--move-to` — is exit 2 with
//! nothing written; content with errors is not extended (exit 1).

use std::collections::BTreeMap;
use std::path::Path;

use super::{EXIT_CONTENT, EXIT_OK};
use crate::content_writer::{FileRemoval, FileWrite};
use crate::diagnostics::{known_list, with_did_you_mean, Diagnostics, Format};
use crate::load::{reader::is_ident, CONTENT_DIR, PLANS_DIR};
use crate::plans::next::{self, Changes, Prev};
use crate::plans::{id_taken, id_taken_message, Plans};
use crate::site::LoadError;

pub struct NewArgs<'a> {
    pub root: &'a Path,
    pub id: &'a str,
    pub from: Option<&'a str>,
    pub period: Option<&'a str>,
    pub move_to: Option<&'a str>,
    pub dry_run: bool,
}

pub fn new(args: &NewArgs) -> u8 {
    match run(args) {
        Ok(code) => code,
        Err(message) => super::fail(message),
    }
}

fn run(args: &NewArgs) -> Result<u8, String> {
    let root = args.root;
    let id = args.id;
    if !is_ident(id) {
        return Err(format!(
            "the plan id `{id}` must match [a-z0-9][a-z0-9-]* (it is a URL segment), e.g. 2025 or 2024-2027"
        ));
    }
    let period = match args.period {
        None => None,
        Some(p) => Some(next::parse_period(p).ok_or_else(|| {
            format!("--period `{p}` is not a period: write a year (2025), years (2024..2027) or days (2025-01-01..2025-12-31)")
        })?),
    };
    // The lock is taken before the content is read, as every editor does.
    let writer = match args.dry_run {
        true => None,
        false => match super::content_writer(root) {
            Ok(w) => Some(w),
            Err(code) => return Ok(code),
        },
    };
    // Run again after it was cut short, the command finds its own edit
    // finished by the writer's recovery: the plan is there.
    let plan_file = root.join(next::plan_path(id));
    if writer
        .as_ref()
        .is_some_and(|w| !w.recovery.finished.is_empty())
        && plan_file.is_file()
    {
        eprintln!("plan {id} is in place: the edit that was cut short is finished");
        return Ok(EXIT_OK);
    }
    let content = match checked_content(root)? {
        Ok(content) => content,
        Err(code) => return Ok(code),
    };
    let Some(site) = &content.site else {
        return Err("content/site.yaml cannot be read".to_string());
    };
    let languages: Vec<String> = site.languages.iter().map(|l| l.value.clone()).collect();
    let reserved = |name: &str| id_taken(&content, name);
    if reserved(id) {
        return Err(id_taken_message(id));
    }
    let read = |rel: &str| std::fs::read(root.join(rel));
    let mut changes = Changes::default();
    let several = !content.plans.is_empty();
    let moved_plan;
    let prev: Option<Prev> = if several {
        if args.move_to.is_some() {
            return Err(
                "the site already has content/plans/: --move-to is only for a one-plan site"
                    .to_string(),
            );
        }
        if root.join(CONTENT_DIR).join(PLANS_DIR).join(id).exists() {
            return Err(format!(
                "{CONTENT_DIR}/{PLANS_DIR}/{id}/ already exists: a new plan needs a new id; nothing was written"
            ));
        }
        match args.from {
            None => None,
            Some(from) => {
                let ids: Vec<&str> = content.plans.iter().map(|p| p.id.as_str()).collect();
                let Some(plan) = content.plans.iter().find(|p| p.id == from) else {
                    return Err(format!(
                        "{} (the plans: {}); nothing was written",
                        with_did_you_mean(
                            format!("--from names an unknown plan `{from}`"),
                            from,
                            ids.iter().copied()
                        ),
                        known_list(ids.iter().copied())
                    ));
                };
                let Some(config) = &plan.config else {
                    return Err(format!("plan {from} has no readable plan.yaml"));
                };
                Some(Prev {
                    id: &plan.id,
                    title: &config.title,
                    kind: config.kind.as_ref(),
                    period: &config.period,
                    parent: &config.parent,
                    assessment_levels: &config.assessment_levels,
                    collections: &plan.collections,
                })
            }
        }
    } else {
        let year = site.period.start.value.year;
        let Some(plan) = args.move_to else {
            return Err(format!(
                "this site has one plan, at the top of content/: pass `--move-to <id>` (e.g. `--move-to {year}`) to move it into content/plans/<id>/ first: its collection folders are moved there, its period, source and assessment levels move from site.yaml into its plan.yaml (beside a copy of the site's title and notice), and site.yaml gets `moved_from_root: <id>`, so that every old address keeps working; nothing was written"
            ));
        };
        if !is_ident(plan) || reserved(plan) {
            return Err(format!(
                "--move-to `{plan}` is not a plan id: it must match [a-z0-9][a-z0-9-]* and be no language, page or name of the site's own files, e.g. {year}"
            ));
        }
        if plan == id {
            return Err(format!(
                "--move-to `{plan}` names the new plan: the plan moved is the one there is now (e.g. `--move-to {year}`), the new one is ID"
            ));
        }
        if let Some(from) = args.from.filter(|f| *f != plan) {
            return Err(format!(
                "--from `{from}`: a one-plan site has only the plan it moves (`--move-to {plan}`), so the new plan can follow only `--from {plan}`"
            ));
        }
        let site_rel = format!("{CONTENT_DIR}/site.yaml");
        let site_text = std::fs::read_to_string(root.join(&site_rel))
            .map_err(|e| format!("cannot read {site_rel}: {e}"))?;
        let mut files = Vec::new();
        for col in &content.collections {
            files.extend(folder_files(root, &col.config.id)?);
        }
        changes = next::move_into_plans(plan, &site_text, site, &files, &read)
            .map_err(|e| e.to_string())?;
        moved_plan = plan.to_string();
        args.from.map(|_| Prev {
            id: &moved_plan,
            title: &site.title,
            kind: None,
            period: &site.period,
            parent: &[],
            assessment_levels: &site.assessment_levels,
            collections: &content.collections,
        })
    };
    let period = match (period, &prev) {
        (Some(p), _) => p,
        (None, Some(prev)) => next::next_period(prev.period),
        (None, None) => {
            return Err(
                "--period is needed without --from: e.g. --period 2025 or --period 2024..2027"
                    .to_string(),
            )
        }
    };
    if let Some(prev) = &prev {
        if period.0 <= prev.period.start.value {
            return Err(format!(
                "plan {id} ({}..{}) must start after plan {} it follows ({}..{})",
                period.0, period.1, prev.id, prev.period.start.value, prev.period.end.value
            ));
        }
    }
    let new = match &prev {
        Some(prev) => {
            next::carry_over(id, period, prev, &languages, &read).map_err(|e| e.to_string())?
        }
        None => Changes {
            files: vec![next::blank_plan(id, period, &languages)],
            ..Changes::default()
        },
    };
    changes.files.extend(new.files);
    changes.moves.extend(new.moves);
    changes.measures = new.measures;
    changes.targets_to_fill = new.targets_to_fill;

    let summary = summary(id, prev.as_ref().map(|p| p.id), &changes);
    let Some(writer) = writer else {
        print_dry_run(&changes);
        println!("{summary}");
        println!("dry run: nothing was written");
        return Ok(EXIT_OK);
    };
    let site_rel = format!("{CONTENT_DIR}/site.yaml");
    let writes: Vec<FileWrite> = changes
        .files
        .iter()
        .map(|f| FileWrite {
            path: f.path.clone(),
            old: match (&changes.site_yaml, f.path == site_rel) {
                (Some((old, _)), true) => Some(old.clone().into_bytes()),
                _ => None,
            },
            new: f.text.clone(),
        })
        .collect();
    let mut removals = Vec::new();
    for path in &changes.removed {
        let old = read(path).map_err(|e| format!("cannot read {path}: {e}"))?;
        removals.push(FileRemoval {
            path: path.clone(),
            old,
        });
    }
    let planned: BTreeMap<&str, &next::Planned> =
        changes.files.iter().map(|f| (f.path.as_str(), f)).collect();
    let mut verify = |w: &FileWrite| -> Result<(), String> {
        let Some(p) = planned.get(w.path.as_str()) else {
            return Err("it is not one of the files planned".to_string());
        };
        let original = p.copy_of.as_deref().and_then(|c| read(c).ok());
        p.verify(&w.new, &languages, original.as_deref())
    };
    writer
        .commit_with_removals("plan new", &writes, &removals, &mut verify)
        .map_err(|e| e.to_string())?;
    eprintln!("{summary}");
    Ok(EXIT_OK)
}

/// Every file under `content/<folder>/`, relative to the root, in order.
/// The content as read, when it has no problem (else they are reported
/// and the exit code is given): a plan is added only to a valid site.
fn checked_content(root: &Path) -> Result<Result<crate::model::Content, u8>, String> {
    match Plans::load_keeping(root, false) {
        Ok((_, content, _)) => Ok(Ok(content)),
        Err(LoadError::Content(problems)) => {
            super::check::report(&problems, Format::Human);
            eprintln!(
                "{}; fix them first: nothing was written",
                problems.summary()
            );
            Ok(Err(EXIT_CONTENT))
        }
        Err(LoadError::Io(e)) => Err(e.to_string()),
    }
}

fn folder_files(root: &Path, folder: &str) -> Result<Vec<String>, String> {
    let mut out = Vec::new();
    let dir = root.join(CONTENT_DIR).join(folder);
    for entry in walkdir::WalkDir::new(&dir).sort_by_file_name() {
        let entry = entry.map_err(|e| format!("cannot read {}: {e}", dir.display()))?;
        if !entry.file_type().is_file() {
            continue;
        }
        let name = entry.file_name().to_string_lossy();
        if crate::content_writer::is_temp(&name) {
            continue;
        }
        let rel = entry
            .path()
            .strip_prefix(root)
            .map_err(|e| e.to_string())?
            .iter()
            .map(|c| c.to_string_lossy().into_owned())
            .collect::<Vec<_>>()
            .join("/");
        out.push(rel);
    }
    Ok(out)
}

fn summary(id: &str, from: Option<&str>, changes: &Changes) -> String {
    let moved = match changes.removed.len() {
        0 => String::new(),
        n => format!("moved {n} files into plans/; "),
    };
    let written = changes.files.len() - changes.removed.len();
    let carried = match from {
        Some(from) => format!(
            ": {} measures carried over from plan {from}, {} target{} to fill (`gongkai check` lists them)",
            changes.measures,
            changes.targets_to_fill,
            if changes.targets_to_fill == 1 { "" } else { "s" }
        ),
        None => ": fill in its title, then add its collections".to_string(),
    };
    format!(
        "plan {id}: {moved}{written} file{} written{carried}",
        if written == 1 { "" } else { "s" }
    )
}

fn print_dry_run(changes: &Changes) {
    for f in &changes.files {
        if let Some(from) = changes.moves.get(&f.path) {
            println!("would move {from} → {}", f.path);
            continue;
        }
        match (
            &changes.site_yaml,
            f.path.ends_with("/site.yaml") && f.path.matches('/').count() == 1,
        ) {
            (Some((old, new)), true) => {
                println!("would change {}:", f.path);
                let diff = similar::TextDiff::from_lines(old.as_str(), new.as_str());
                print!(
                    "{}",
                    diff.unified_diff()
                        .context_radius(2)
                        .header(&f.path, &f.path)
                );
            }
            _ => println!("would write {} ({} lines)", f.path, line_count(&f.text)),
        }
    }
}

fn line_count(text: &[u8]) -> usize {
    text.iter().filter(|b| **b == b'\n').count()
}

pub struct ImportArgs<'a> {
    pub root: &'a Path,
    pub files: &'a [std::path::PathBuf],
    pub plan: &'a str,
    pub collection: &'a str,
    pub add_units: bool,
    pub dry_run: bool,
}

/// `gongkai plan import FILE… --plan ID [--collection C] [--add-units]
/// [--dry-run]`: the rows of filled tables into measure files of plan ID.
/// Every row is checked and every problem reported at its cell; the files,
/// with the site, must pass `check` before one is written, and they are
/// written all or none, never over an existing file. With `--add-units`,
/// the bodies units.yaml does not know are appended to it in the same
/// write, its other bytes kept. Problems in the table are exit 1, bad
/// usage exit 2.
pub fn import(args: &ImportArgs) -> u8 {
    match run_import(args) {
        Ok(code) => code,
        Err(message) => super::fail(message),
    }
}

fn run_import(args: &ImportArgs) -> Result<u8, String> {
    use crate::plan_table;
    let root = args.root;
    if !is_ident(args.collection) {
        return Err(format!(
            "--collection `{}` must match [a-z0-9][a-z0-9-]* (it is a folder and a URL segment)",
            args.collection
        ));
    }
    let writer = match args.dry_run {
        true => None,
        false => match super::content_writer(root) {
            Ok(w) => Some(w),
            Err(code) => return Ok(code),
        },
    };
    let content = match checked_content(root)? {
        Ok(content) => content,
        Err(code) => return Ok(code),
    };
    if !content.plans.iter().any(|p| p.id == args.plan) {
        let ids: Vec<&str> = content.plans.iter().map(|p| p.id.as_str()).collect();
        return Err(format!(
            "{} (the plans: {}); make it first with `gongkai plan new {}`; nothing was written",
            with_did_you_mean(
                format!("--plan names an unknown plan `{}`", args.plan),
                args.plan,
                ids.iter().copied()
            ),
            known_list(ids.iter().copied()),
            args.plan
        ));
    }
    let mut rows = Vec::new();
    let mut problems = Vec::new();
    for file in args.files {
        match plan_table::read_file(file) {
            Ok(r) => rows.extend(r),
            Err(p) => problems.extend(p),
        }
    }
    let target = plan_table::Target {
        root,
        content: &content,
        plan: args.plan,
        collection: args.collection,
        add_units: args.add_units,
    };
    let made = match plan_table::import(&rows, &target) {
        Ok(made) if problems.is_empty() => made,
        Ok(_) => plan_table::Import::default(),
        Err(p) => {
            problems.extend(p);
            plan_table::Import::default()
        }
    };
    if !problems.is_empty() {
        for p in &problems {
            eprintln!("{p}");
        }
        eprintln!(
            "{} error{} in the table: nothing was written",
            problems.len(),
            if problems.len() == 1 { "" } else { "s" }
        );
        return Ok(EXIT_CONTENT);
    }
    // The site with the new files must pass `check`.
    let mut overlay: crate::load::Overlay = made.files.iter().cloned().collect();
    if let Some(units) = &made.units {
        overlay.insert(units.path.clone(), units.new.clone());
    }
    if let Err(e) = Plans::load_with(root, false, &overlay) {
        match e {
            LoadError::Content(problems) => {
                super::check::report(&problems, Format::Human);
                eprintln!(
                    "{} with the imported files: nothing was written",
                    problems.summary()
                );
                return Ok(EXIT_CONTENT);
            }
            LoadError::Io(e) => return Err(e.to_string()),
        }
    }
    for w in &made.warnings {
        eprintln!("{}", w.warning());
    }
    let added = made.units.as_ref().map_or(0, |u| u.added.len());
    let summary = format!(
        "plan {}: {} measures with {} indicators imported into {CONTENT_DIR}/{PLANS_DIR}/{}/{}/{}",
        args.plan,
        made.measures,
        made.indicators,
        args.plan,
        args.collection,
        match added {
            0 => String::new(),
            1 => format!("; 1 body added to {CONTENT_DIR}/units.yaml"),
            n => format!("; {n} bodies added to {CONTENT_DIR}/units.yaml"),
        }
    );
    let Some(writer) = writer else {
        if let Some(units) = &made.units {
            println!("would add to {}:", units.path);
            for a in &units.added {
                println!("  {}: {} (named at {})", a.id, a.name, a.at);
            }
        }
        for (path, text) in &made.files {
            println!("would write {path} ({} lines)", line_count(text.as_bytes()));
        }
        println!("{summary}");
        println!("dry run: nothing was written");
        return Ok(EXIT_OK);
    };
    let mut writes: Vec<FileWrite> = made
        .files
        .iter()
        .map(|(path, text)| FileWrite {
            path: path.clone(),
            old: None,
            new: text.clone().into_bytes(),
        })
        .collect();
    if let Some(units) = &made.units {
        writes.push(FileWrite {
            path: units.path.clone(),
            old: units.old.clone().map(String::into_bytes),
            new: units.new.clone().into_bytes(),
        });
    }
    let languages: Vec<String> = content
        .site
        .as_ref()
        .map(|s| s.languages.iter().map(|l| l.value.clone()).collect())
        .unwrap_or_default();
    let mut verify = |w: &FileWrite| -> Result<(), String> {
        match overlay.get(&w.path) {
            Some(t) if t.as_bytes() == w.new.as_slice() => {}
            _ => return Err("it is not the file that was checked".to_string()),
        }
        match &made.units {
            Some(u) if u.path == w.path => {
                plan_table::verify_units(u.old.as_deref(), &u.new, &u.added, &languages)
            }
            _ => Ok(()),
        }
    };
    writer
        .commit("plan import", &writes, &mut verify)
        .map_err(|e| e.to_string())?;
    eprintln!("{summary}");
    Ok(EXIT_OK)
}

/// `gongkai plan template --out FILE.xlsx|FILE.csv`: the table `plan
/// import` reads, with a guide; the assessment levels of the site's plans
/// (when it has any) offered as a list.
pub fn template(root: &Path, out: &Path) -> u8 {
    use crate::plan_table;
    let ext = out
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase);
    let mut ignored = Diagnostics::new();
    let mut levels: Vec<String> = Vec::new();
    if let Ok(content) = crate::load::load(root, &mut ignored) {
        let lang = content
            .site
            .as_ref()
            .and_then(|s| s.languages.first().map(|l| l.value.clone()))
            .unwrap_or_default();
        let all = content
            .plans
            .iter()
            .filter_map(|p| p.config.as_ref())
            .flat_map(|c| c.assessment_levels.iter())
            .chain(content.site.iter().flat_map(|s| s.assessment_levels.iter()));
        for l in all {
            let name = l
                .name
                .by_lang
                .get(&lang)
                .cloned()
                .unwrap_or_else(|| l.id.value.clone());
            if !levels.contains(&name) {
                levels.push(name);
            }
        }
    }
    let bytes = match ext.as_deref() {
        Some("csv") => plan_table::template_csv().into_bytes(),
        Some("xlsx") => match plan_table::template_xlsx(&levels) {
            Ok(b) => b,
            Err(e) => return super::fail(format!("cannot make the workbook: {e}")),
        },
        _ => {
            return super::fail(format!(
                "--out {}: the template is a .xlsx or .csv file",
                out.display()
            ))
        }
    };
    if out.exists() {
        return super::fail(format!(
            "{} exists already: the template is never written over a file",
            out.display()
        ));
    }
    if let Err(e) = std::fs::write(out, bytes) {
        return super::fail(format!("cannot write {}: {e}", out.display()));
    }
    eprintln!(
        "wrote {}: fill one row per indicator, then `gongkai plan import {} --plan ID`",
        out.display(),
        out.display()
    );
    EXIT_OK
}
