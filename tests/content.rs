//! The shipped Dongtou content: complete, faithful to the published plan,
//! and honest (no progress without a source).
//!
//! The plan's text as published is kept in `tests/fixtures/seed/` so that a
//! sample of figures can be compared with it on every run.

use std::path::Path;

use gongkai::model::{Bound, Direction, IndicatorEntry};
use gongkai::site::Site;

fn site() -> Site {
    match Site::load(Path::new(env!("CARGO_MANIFEST_DIR")), true) {
        Ok((site, _)) => site,
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
