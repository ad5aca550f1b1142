//! The shipped Dongtou content: complete, faithful to the published plans,
//! and honest (no progress without a source).
//!
//! The 2023 plan's text as published is kept in `tests/fixtures/seed/` so
//! that a sample of figures can be compared with it on every run; the
//! 2024–2027 programme's headline targets are compared with the sentence of
//! its page that sets them.

use std::path::Path;

use gongkai::model::{Bound, Change, Direction, IndicatorEntry};
use gongkai::plans::Plans;
use gongkai::site::Site;

fn plans() -> Plans {
    match Plans::load(Path::new(env!("CARGO_MANIFEST_DIR")), true) {
        Ok((plans, _)) => plans,
        Err(gongkai::site::LoadError::Content(d)) => panic!(
            "content/ has problems:\n{}",
            d.sorted()
                .iter()
                .map(|d| d.to_string())
                .collect::<Vec<_>>()
                .join("\n")
        ),
        Err(e) => panic!("{e:?}"),
    }
}

/// The 2023 work plan.
fn site() -> Site {
    plan("2023")
}

fn plan(id: &str) -> Site {
    let plans = plans();
    let i = plans
        .plans
        .iter()
        .position(|s| s.plan.as_ref().is_some_and(|p| p.id == id))
        .unwrap_or_else(|| panic!("no plan {id}"));
    plans.plans.into_iter().nth(i).unwrap()
}

#[test]
fn the_site_has_the_2023_plan_and_the_2024_2027_programme() {
    let plans = plans();
    assert_eq!(plans.ids(), ["2023", "2024-2027"]);
    assert_eq!(
        plans
            .root
            .config
            .moved_from_root
            .as_ref()
            .map(|m| m.value.as_str()),
        Some("2023")
    );
    // The programme does not carry the 2023 work plan over as a whole.
    let programme = plans.plan("2024-2027").unwrap();
    assert!(programme.plan.as_ref().unwrap().follows.is_none());
}

#[test]
fn the_plan_is_complete() {
    let site = site();
    let counts: Vec<(&str, usize)> = site
        .collections
        .iter()
        .map(|c| (c.config.id.as_str(), c.measures.len()))
        .collect();
    assert_eq!(
        counts,
        [
            ("indicators", 64),
            ("achievements", 18),
            ("key-works", 60),
            ("reforms", 50)
        ]
    );
    for c in &site.collections {
        let mut numbers: Vec<u32> = c.measures.iter().filter_map(|m| m.measure.number).collect();
        numbers.sort();
        assert_eq!(
            numbers,
            (1..=c.measures.len() as u32).collect::<Vec<_>>(),
            "{}: every plan number once",
            c.config.id
        );
        for m in &c.measures {
            assert!(!m.measure.lead.is_empty(), "{}: no lead body", m.path);
        }
    }
    assert_eq!(
        site.config
            .languages
            .iter()
            .map(|l| l.value.as_str())
            .collect::<Vec<_>>(),
        ["zh", "en"]
    );
}

#[test]
fn no_progress_without_a_cited_source() {
    let site = site();
    for c in &site.collections {
        for m in &c.measures {
            for entry in &m.measure.indicators {
                let IndicatorEntry::Defined(ind) = entry else {
                    continue;
                };
                for p in &ind.progress {
                    let url = p.source.as_ref().and_then(|s| s.url.as_ref());
                    assert!(
                        url.is_some(),
                        "{}: progress for {} without a source URL",
                        m.path,
                        p.period.value
                    );
                }
            }
        }
    }
}

#[test]
fn lower_is_better_indicators_decrease() {
    let site = site();
    let decreasing = [
        "indicators/construction-land-per-gdp/construction-land-per-gdp",
        "indicators/engel-coefficient/engel-coefficient",
        "indicators/urban-rural-income-ratio/urban-rural-income-ratio",
        "indicators/surveyed-urban-unemployment/surveyed-urban-unemployment",
        "indicators/house-price-to-income-ratio/house-price-to-income-ratio",
        "indicators/energy-intensity/energy-intensity",
        "indicators/carbon-intensity/carbon-intensity",
        "indicators/pm25-concentration/pm25-concentration",
        "indicators/work-safety-deaths/work-safety-deaths",
        "indicators/litigation-rate/litigation-rate",
        "indicators/petitions-per-10000/petitions-per-10000",
        "key-works/two-mountains-base/pm25",
    ];
    for key in decreasing {
        let info = site
            .indicators
            .get(key)
            .unwrap_or_else(|| panic!("{key} missing"));
        assert_eq!(
            site.indicator_at(info.at).direction,
            Direction::Decrease,
            "{key}"
        );
    }
    // 城乡居民收入倍差 ≤1.60 in 附件3: lower is better whatever the comparator.
    let ratio = site
        .indicators
        .get("achievements/rural-income-middle-group/urban-rural-income-ratio")
        .unwrap();
    assert_eq!(site.indicator_at(ratio.at).direction, Direction::Decrease);
}

#[test]
fn shared_figures_are_defined_once_and_referenced() {
    let site = site();
    let mut refs = 0;
    for info in site.indicators.values() {
        refs += info.used_in.len() - 1;
    }
    assert!(refs >= 20, "only {refs} references");
    // 农民人均可支配收入 39091 → >41800 appears in three attachments, defined once.
    let rural = site
        .indicators
        .get("achievements/strong-villages-rich-villagers/rural-income")
        .unwrap();
    assert!(rural.used_in.len() >= 3, "{:?}", rural.used_in);
}

/// `≥94.3`, `>20000`, `1.60` as the plan prints a bound.
fn printed(b: &Bound) -> String {
    let op = match b.op.map(|o| o.as_str()) {
        Some(">=") => "≥",
        Some(">") => ">",
        Some("<=") => "≤",
        Some("<") => "<",
        _ => "",
    };
    let v = &b.value.as_ref().expect("numeric").literal;
    if b.op.map(|o| o.as_str()) == Some("~") {
        format!("{v}左右")
    } else {
        format!("{op}{v}")
    }
}

#[test]
fn a_sample_of_figures_matches_the_published_plan() {
    // (indicator key, name as printed, 2022, 2023 as printed)
    let sample = [
        (
            "indicators/active-volunteers/active-volunteers",
            "每万人活跃志愿者率",
            "5",
            "13",
        ),
        (
            "indicators/childcare-places/childcare-places",
            "每千人口拥有婴幼儿照护设施托位数",
            "4.56",
            "4.6",
        ),
        (
            "indicators/expected-years-of-schooling/expected-years-of-schooling",
            "儿童平均预期受教育年限",
            "14.85",
            "15",
        ),
        (
            "indicators/housing-security-coverage/housing-security-coverage",
            "城镇住房保障受益覆盖率",
            "8.9",
            "9.5",
        ),
        (
            "indicators/litigation-rate/litigation-rate",
            "万人成讼率",
            "69.7",
            "75",
        ),
        (
            "indicators/party-discipline-effectiveness/party-discipline-effectiveness",
            "全面从严治党成效度",
            "92.7",
            "≥92.7",
        ),
        (
            "indicators/physical-fitness-rate/physical-fitness-rate",
            "国民体质合格率",
            "≥94.3",
            "≥94.4",
        ),
        (
            "indicators/reading-index/reading-index",
            "全民阅读指数",
            "94.6",
            "95",
        ),
        (
            "indicators/urban-rural-income-ratio/urban-rural-income-ratio",
            "城乡居民收入倍差",
            "1.54",
            "1.6",
        ),
        (
            "indicators/per-capita-gdp/per-capita-gdp",
            "人均生产总值",
            "8.9",
            "8.7",
        ),
        (
            "indicators/per-capita-disposable-income/per-capita-disposable-income",
            "居民人均可支配收入",
            "50639",
            "53677",
        ),
        (
            "achievements/elderly-care-dongtou/elderly-canteens",
            "新(改)建老年食堂",
            "15",
            "6",
        ),
        (
            "achievements/food-safe-dongtou/unannounced-inspection-compliance",
            "食品生产经营单位暗访合规率",
            "89.5",
            "90",
        ),
        (
            "achievements/learning-in-dongtou/expected-years-of-schooling",
            "儿童平均预期受教育年限",
            "14.6",
            "15",
        ),
        (
            "achievements/rural-income-middle-group/urban-rural-income-ratio",
            "城乡居民收入倍差",
            "1.54",
            "≤1.60",
        ),
        (
            "achievements/strong-villages-rich-villagers/collective-income",
            "村集体经济总收入",
            "18305",
            ">20000",
        ),
        (
            "achievements/strong-villages-rich-villagers/rural-income",
            "农民人均可支配收入",
            "39091",
            ">41800",
        ),
        (
            "achievements/soe-quality-and-scale/total-assets",
            "资产总额",
            "238.8",
            "258.8",
        ),
        (
            "key-works/beautiful-bays/good-seawater",
            "海水优良率",
            "66.7",
            "67.7",
        ),
        (
            "key-works/e-commerce-for-agriculture/live-streaming-training",
            "农村电商直播从业人员全年培训人次",
            "50",
            "100",
        ),
        (
            "key-works/food-safety-risk-control/nonconforming-detected",
            "监督抽检不合格检出率",
            "3.69",
            "≥2",
        ),
        (
            "key-works/homestay-income/new-homestays",
            "新增民宿",
            "55",
            "35",
        ),
        (
            "key-works/inclusive-human-capital/adult-secondary-qualifications",
            "成人初高中学历提升",
            "0.036",
            "0.037",
        ),
        (
            "key-works/island-park/3a-scenic-villages",
            "3A级景区村庄个数",
            "17",
            "19",
        ),
        (
            "key-works/online-civility/literacy-education-reach",
            "网络素养教育覆盖人数",
            "0.05",
            "0.1",
        ),
        (
            "key-works/quality-dongtou-entrepreneurs/new-generation-entrepreneurs",
            "新生代企业家培育",
            "30",
            "50",
        ),
        (
            "key-works/small-micro-enterprise-growth/new-small-micro-enterprises",
            "新增小微企业数",
            "454",
            "400",
        ),
        (
            "key-works/telling-dongtou-story/outreach-talks",
            "共富宣讲活动",
            "15",
            "20",
        ),
        (
            "key-works/youth-development-city/four-qin-service-events",
            "“四亲”专项服务场次",
            "20",
            "30",
        ),
        (
            "key-works/zhejiang-police-smart-governance/case-source-digitisation",
            "办案源头数字化率",
            "55",
            "60",
        ),
        (
            "reforms/county-medical-community/in-county-treatment-rate",
            "县域就诊率",
            "91.70",
            "91.71",
        ),
        (
            "reforms/idle-farmhouses-stone-villages/value-reactivated",
            "闲置农房和闲置宅基地盘活价值",
            "2.05",
            "1.8",
        ),
        (
            "reforms/industrial-park-upgrading/area-demolished",
            "拆除面积",
            "59.8",
            "100",
        ),
        (
            "reforms/island-talent-attraction/graduates-recruited",
            "新招引大学生",
            "1800",
            "2300",
        ),
        (
            "reforms/strong-villages-rich-villagers/total-income",
            "村集体经济总收入",
            "18305",
            "20062",
        ),
    ];
    assert!(sample.len() >= 30);
    let seed = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fixtures/seed/dongtou-2023-work-plan.txt"),
    )
    .unwrap();
    let lines: Vec<&str> = seed.lines().map(str::trim).collect();
    let site = site();
    for (key, name, baseline, target) in sample {
        let info = site
            .indicators
            .get(key)
            .unwrap_or_else(|| panic!("{key} missing"));
        let ind = site.indicator_at(info.at);
        assert_eq!(
            printed(ind.baseline.as_ref().unwrap()),
            baseline,
            "{key} baseline"
        );
        assert_eq!(
            printed(ind.target.as_ref().unwrap()),
            target,
            "{key} target"
        );
        // In the plan, the name is followed (within its table row) by the 2022
        // figure, then the 2023 one. Names are matched on their first six
        // characters: the scraped table sometimes breaks a name over two cells.
        let head: String = name.chars().take(6).collect();
        let in_plan = lines
            .iter()
            .enumerate()
            .filter(|(_, l)| l.contains(&head))
            .any(|(i, _)| {
                let row: Vec<&str> = lines[i..(i + 14).min(lines.len())]
                    .iter()
                    .copied()
                    .filter(|l| !l.is_empty())
                    .collect();
                match (
                    row.iter().position(|l| *l == baseline),
                    row.iter().position(|l| *l == target),
                ) {
                    (Some(b), Some(t)) => b < t,
                    _ => false,
                }
            });
        assert!(
            in_plan,
            "{key}: {name} {baseline} → {target} not found in the published plan"
        );
    }
}

/// The sentence of the 2024–2027 programme's part one that sets its targets
/// for 2027, as its page publishes it (up to where the readable text stops).
const PROGRAMME_2027: &str = "到2027年,综合实力显著增强,地区生产总值实现240亿元,人均生产总值达到14.12万元;固定资产投资增长10%;一般公共预算收入增长6%;规上工业增加值增长8%;旅游产业增加值增长8.5%;海洋产业增加值增速高于GDP增速1个百分点。地区、城乡、收入“三大差距”持续缩小,教育、医疗、养老、托育等公共服务更加优质共享,常住人口城镇化率达到65%,居民人均可支配收入与全省平均水平的比值力争达到85%,城乡居民收入倍差缩小到1.46以内,力争进入全省山区海岛25县“第一方阵”。绿色发展持续提升,地表水达到或好于Ⅲ类水体比例达100%,空气优良率";

/// A headline target: the indicator, the words on the page, the figure,
/// what it continues and how.
type Headline<'a> = (
    &'a str,
    &'a str,
    Option<&'a str>,
    Option<(&'a str, Option<Change>)>,
);

#[test]
fn the_programme_has_its_twelve_headline_targets_as_published() {
    let targets: [Headline; 12] = [
        (
            "indicators/gdp/gdp",
            "地区生产总值实现240亿元",
            Some("240"),
            None,
        ),
        (
            "indicators/per-capita-gdp/per-capita-gdp",
            "人均生产总值达到14.12万元",
            Some("14.12"),
            Some((
                "2023/indicators/per-capita-gdp/per-capita-gdp",
                Some(Change::Rebased),
            )),
        ),
        (
            "indicators/fixed-asset-investment/fixed-asset-investment-growth",
            "固定资产投资增长10%",
            Some("10"),
            None,
        ),
        (
            "indicators/public-budget-revenue/public-budget-revenue-growth",
            "一般公共预算收入增长6%",
            Some("6"),
            None,
        ),
        (
            "indicators/industrial-value-added/industrial-value-added-growth",
            "规上工业增加值增长8%",
            Some("8"),
            None,
        ),
        (
            "indicators/tourism-value-added/tourism-value-added-growth",
            "旅游产业增加值增长8.5%",
            Some("8.5"),
            Some((
                "2023/key-works/two-mountains-base/tourism-value-added-share",
                Some(Change::Replaced),
            )),
        ),
        (
            "indicators/marine-industry-value-added/marine-industry-value-added-growth",
            "海洋产业增加值增速高于GDP增速1个百分点",
            None,
            None,
        ),
        (
            "indicators/urbanisation-rate/urbanisation-rate",
            "常住人口城镇化率达到65%",
            Some("65"),
            Some(("2023/indicators/urbanisation-rate/urbanisation-rate", None)),
        ),
        (
            "indicators/income-to-provincial-average/income-to-provincial-average",
            "居民人均可支配收入与全省平均水平的比值力争达到85%",
            Some("85"),
            None,
        ),
        (
            "indicators/urban-rural-income-ratio/urban-rural-income-ratio",
            "城乡居民收入倍差缩小到1.46以内",
            Some("≤1.46"),
            Some((
                "2023/indicators/urban-rural-income-ratio/urban-rural-income-ratio",
                None,
            )),
        ),
        (
            "indicators/first-tier/first-tier",
            "力争进入全省山区海岛25县“第一方阵”",
            None,
            None,
        ),
        (
            "indicators/surface-water-quality/surface-water-quality",
            "地表水达到或好于Ⅲ类水体比例达100%",
            Some("100"),
            Some((
                "2023/indicators/surface-water-quality/surface-water-quality",
                Some(Change::Rebased),
            )),
        ),
    ];
    let programme = plan("2024-2027");
    let earlier = site();
    assert_eq!(programme.measure_count(), 12);
    assert_eq!(programme.indicators.len(), 12);
    for (key, words, figure, continues) in targets {
        assert!(PROGRAMME_2027.contains(words), "{key}: not on the page");
        let info = programme
            .indicators
            .get(key)
            .unwrap_or_else(|| panic!("{key} missing"));
        let ind = programme.indicator_at(info.at);
        let target = ind.target.as_ref().expect("a target");
        assert_eq!(target.period.value.to_string(), "2027", "{key}");
        let text = target.text.as_ref().expect("the page's words");
        let zh = text.by_lang.get("zh").expect("zh");
        assert!(words.contains(zh.as_str()), "{key}: {zh} is not in {words}");
        assert_eq!(
            target.value.as_ref().map(|_| printed(target)).as_deref(),
            figure,
            "{key}"
        );
        assert!(ind.baseline.is_none(), "{key}: the page gives no baseline");
        let lineage = &ind.lineage;
        let got: Vec<&str> = lineage.continues.iter().map(|c| c.value.as_str()).collect();
        match continues {
            None => assert!(got.is_empty(), "{key} continues {got:?}"),
            Some((path, change)) => {
                assert_eq!(got, [path], "{key}");
                assert_eq!(lineage.change.as_ref().map(|c| c.value), change, "{key}");
                assert!(
                    earlier.indicators.contains_key(&path["2023/".len()..]),
                    "{path} is not in the 2023 plan"
                );
            }
        }
        if matches!(
            lineage.change.as_ref().map(|c| c.value),
            Some(Change::Rebased | Change::Replaced)
        ) {
            assert!(lineage.change_note.is_some(), "{key}: no change note");
        }
    }
}

/// The shared pages are shown above the plans and in each plan: a link in
/// them must lead somewhere from every one of those places.
#[test]
fn the_content_passes_the_strict_check_with_its_links() {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_gongkai"))
        .args([
            "check",
            "--strict",
            "--links",
            "--root",
            env!("CARGO_MANIFEST_DIR"),
        ])
        .env_remove("RUST_LOG")
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{stderr}");
    let problems: Vec<&str> = stderr
        .lines()
        .filter(|l| l.contains(": error: ") || l.contains(": warning: "))
        .filter(|l| !l.contains("warning: base_url `/` is a path"))
        .collect();
    assert!(problems.is_empty(), "{problems:#?}");
}
