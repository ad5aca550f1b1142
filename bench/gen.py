#!/usr/bin/env python3
"""Generate a synthetic public-disclosure site of N measures, twice.

    python3 bench/gen.py N OUTDIR [--seed S] [--bodies B]

writes

    OUTDIR/gongkai/content/...   a gongkai content folder (passes `gongkai check`)
    OUTDIR/hugo/...              the same site as a Hugo project (content,
                                 data, i18n, layouts, hugo.toml)

The output depends only on N, the seed and B. Standard library only. The
site has the 60 bodies of a district below; --bodies B gives it B instead
(the first of them, then "Body 61", "Body 62", …), as a province's roll-up
has thousands.

The generator resolves what Hugo cannot compute by itself and gongkai does
(indicator and measure statuses, references between measures, localized
period labels) and writes the results into the Hugo front matter, so that
both sites show the same facts. Everything that is rendering (Markdown,
number formatting, tables, charts, listings, counts) is left to each tool.
"""

import argparse
import datetime as dt
import json
import os
import random
import shutil
import sys

LANGS = ("zh", "en")
PERIOD_START = dt.date(2024, 1, 1)
PERIOD_END = dt.date(2024, 12, 31)
AS_OF = dt.date(2024, 9, 30)

# --------------------------------------------------------------------------
# Vocabulary. Every entry is (Chinese, English).

UNITS = [
    ("development-reform", "区发改局", "District Development and Reform Bureau", ["发改局", "区共富办"]),
    ("economy-information", "区经信局", "District Economy and Information Technology Bureau", ["经信局"]),
    ("finance", "区财政局", "District Finance Bureau", ["财政局"]),
    ("human-resources", "区人力社保局", "District Human Resources and Social Security Bureau", ["人力社保局"]),
    ("natural-resources", "区资规局", "District Natural Resources and Planning Bureau", ["资规局", "区自然资源和规划局"]),
    ("ecology-environment", "区生态环境分局", "District Ecology and Environment Branch", ["生态环境分局"]),
    ("housing-construction", "区住建局", "District Housing and Urban-Rural Development Bureau", ["住建局"]),
    ("transport", "区交通运输局", "District Transport Bureau", ["交通运输局"]),
    ("water-resources", "区水利局", "District Water Resources Bureau", []),
    ("agriculture-rural", "区农业农村局", "District Agriculture and Rural Affairs Bureau", ["农业农村局"]),
    ("commerce", "区商务局", "District Commerce Bureau", []),
    ("culture-tourism", "区文广旅体局", "District Culture, Radio, Television, Tourism and Sports Bureau", ["文广旅体局"]),
    ("health", "区卫生健康局", "District Health Bureau", ["卫健局"]),
    ("emergency", "区应急管理局", "District Emergency Management Bureau", ["应急管理局"]),
    ("market-regulation", "区市场监管局", "District Market Regulation Bureau", ["市场监管局"]),
    ("statistics", "区统计局", "District Statistics Bureau", []),
    ("medical-insurance", "区医保分局", "District Medical Insurance Branch", ["医保分局"]),
    ("education", "区教育局", "District Education Bureau", []),
    ("science-technology", "区科技局", "District Science and Technology Bureau", []),
    ("civil-affairs", "区民政局", "District Civil Affairs Bureau", ["民政局"]),
    ("justice", "区司法局", "District Justice Bureau", []),
    ("public-security", "区公安分局", "District Public Security Branch", ["公安分局"]),
    ("veterans", "区退役军人事务局", "District Veterans Affairs Bureau", []),
    ("audit", "区审计局", "District Audit Bureau", []),
    ("big-data", "区大数据局", "District Big Data Bureau", ["大数据中心"]),
    ("ocean-fisheries", "区海洋与渔业局", "District Ocean and Fisheries Bureau", ["海洋渔业局"]),
    ("law-enforcement", "区综合行政执法局", "District Comprehensive Administrative Law Enforcement Bureau", ["综合执法局"]),
    ("taxation", "区税务局", "District Taxation Bureau", []),
    ("state-assets", "区国资中心", "District State Assets Centre", []),
    ("investment-promotion", "区投资促进中心", "District Investment Promotion Centre", ["投促中心"]),
    ("government-services", "区行政服务中心", "District Administrative Service Centre", []),
    ("party-organization", "区委组织部", "District Party Committee Organisation Department", []),
    ("party-publicity", "区委宣传部", "District Party Committee Publicity Department", []),
    ("united-front", "区委统战部", "District Party Committee United Front Work Department", []),
    ("political-legal", "区委政法委", "District Party Committee Political and Legal Affairs Commission", []),
    ("social-work", "区委社会工作部", "District Party Committee Social Work Department", []),
    ("reform-office", "区委改革办", "District Party Committee Reform Office", []),
    ("trade-union", "区总工会", "District Federation of Trade Unions", []),
    ("youth-league", "团区委", "District Communist Youth League Committee", []),
    ("women-federation", "区妇联", "District Women's Federation", []),
    ("disabled-federation", "区残联", "District Disabled Persons' Federation", []),
    ("red-cross", "区红十字会", "District Red Cross Society", []),
    ("industry-commerce-federation", "区工商联", "District Federation of Industry and Commerce", []),
    ("court", "区法院", "District People's Court", []),
    ("procuratorate", "区检察院", "District People's Procuratorate", []),
    ("power-supply", "区供电公司", "District Power Supply Company", []),
    ("port-shipping", "区港航中心", "District Port and Shipping Centre", []),
    ("rural-revitalisation", "区乡村振兴中心", "District Rural Revitalisation Centre", []),
    ("housing-fund", "区公积金中心", "District Housing Provident Fund Centre", []),
    ("meteorology", "区气象局", "District Meteorological Bureau", []),
    ("fire-rescue", "区消防救援大队", "District Fire and Rescue Brigade", []),
    ("rural-bank", "区农商银行", "District Rural Commercial Bank", []),
    ("haixia", "海霞街道", "Haixia Subdistrict", []),
    ("lingang", "临港街道", "Lingang Subdistrict", []),
    ("wanghai", "望海街道", "Wanghai Subdistrict", []),
    ("nanshan", "南山镇", "Nanshan Town", []),
    ("xishan", "西山镇", "Xishan Town", []),
    ("qingyu", "青屿镇", "Qingyu Town", []),
    ("dongao", "东澳乡", "Dongao Township", []),
    ("baisha", "白沙乡", "Baisha Township", []),
]

COLLECTIONS = [
    # id, (title), (description), share of measures, id prefix, categories
    ("indicators", ("指标目标", "Indicators and targets"),
     ("本年度的**主要指标**,含基期值、目标值和季度进展。",
      "The year's **main indicators**, with baselines, targets and quarterly progress."),
     0.30, "i", [
         ("economy", "经济高质量发展", "High-quality economic development"),
         ("income", "收入分配格局优化", "A better distribution of income"),
         ("services", "公共服务优质共享", "Quality public services for all"),
         ("urban-rural", "城乡区域协调发展", "Balanced urban, rural and regional development"),
         ("culture", "精神文明高地", "Civic and cultural progress"),
         ("environment", "生态文明建设", "Ecological civilisation"),
         ("governance", "社会治理现代化", "Modern social governance"),
     ]),
    ("achievements", ("标志性成果", "Flagship achievements"),
     ("力争年内取得的**标志性成果**。", "The **flagship achievements** to be reached this year."),
     0.10, "a", [
         ("island-economy", "海岛特色产业", "Distinctive island industries"),
         ("livelihoods", "民生幸福", "Better livelihoods"),
         ("rural", "共富乡村", "Prosperous villages"),
         ("green", "海岛花园", "Island garden"),
         ("digital", "数字赋能", "Digital empowerment"),
     ]),
    ("key-works", ("重点工作", "Key works"),
     ("年度**重点工作**及其责任单位。", "The year's **key works** and the bodies responsible."),
     0.35, "w", [
         ("industry", "产业升级", "Industrial upgrading"),
         ("employment", "就业创业", "Jobs and entrepreneurship"),
         ("social-security", "社会保障", "Social security"),
         ("education", "教育优质均衡", "Quality, balanced education"),
         ("health", "健康海岛", "A healthy island"),
         ("transport", "交通互联", "Connected transport"),
         ("safety", "平安海岛", "A safe island"),
         ("culture-tourism", "文旅融合", "Culture and tourism"),
     ]),
    ("reforms", ("重大改革", "Major reforms"),
     ("需要突破的**重大改革**事项。", "The **major reforms** that need a breakthrough."),
     0.25, "r", [
         ("market", "要素市场化配置", "Market allocation of factors"),
         ("public-services", "公共服务改革", "Public service reform"),
         ("land", "土地制度改革", "Land system reform"),
         ("governance-reform", "治理体系改革", "Reform of the governance system"),
         ("finance-reform", "金融改革", "Financial reform"),
         ("digital-reform", "数字化改革", "Digital reform"),
     ]),
]

ACTIONS = [
    ("推进", "Advance"), ("深化", "Deepen"), ("实施", "Carry out"), ("加快", "Speed up"),
    ("完善", "Improve"), ("健全", "Strengthen"), ("打造", "Build"), ("提升", "Upgrade"),
    ("推动", "Promote"), ("构建", "Establish"), ("优化", "Optimise"), ("创新", "Innovate in"),
]

TOPICS = [
    ("海岛共同富裕", "island common prosperity"),
    ("城乡居民增收", "income growth for urban and rural residents"),
    ("数字政府", "digital government"),
    ("基层治理", "grassroots governance"),
    ("居家养老服务", "home-based elderly care"),
    ("普惠托育服务", "affordable childcare"),
    ("县域医共体", "the county medical alliance"),
    ("义务教育优质均衡", "quality, balanced compulsory education"),
    ("海洋经济", "the marine economy"),
    ("渔业转型升级", "the transition of fisheries"),
    ("乡村振兴", "rural revitalisation"),
    ("文旅深度融合", "the integration of culture and tourism"),
    ("营商环境", "the business environment"),
    ("民营经济", "the private economy"),
    ("国有企业做强做优", "stronger state-owned enterprises"),
    ("综合交通网络", "the integrated transport network"),
    ("防灾减灾救灾", "disaster prevention, mitigation and relief"),
    ("海岸带生态保护", "coastal ecological protection"),
    ("碳达峰碳中和", "carbon peaking and carbon neutrality"),
    ("住房保障", "housing security"),
    ("社会救助", "social assistance"),
    ("高质量充分就业", "full, high-quality employment"),
    ("法治政府", "law-based government"),
    ("平安建设", "public safety"),
    ("公共文化服务", "public cultural services"),
    ("全民健身", "fitness for all"),
    ("食品安全", "food safety"),
    ("水利基础设施", "water infrastructure"),
    ("海岛大花园", "the island garden"),
    ("未来社区", "future communities"),
    ("低收入农户帮扶", "support for low-income rural households"),
    ("人才引育", "attracting and training talent"),
    ("科技创新", "science and technology innovation"),
    ("清洁能源", "clean energy"),
    ("港航物流", "port and shipping logistics"),
    ("村级集体经济", "village collective economies"),
    ("医保支付方式", "medical insurance payment"),
    ("政务服务增值化", "value-added government services"),
    ("志愿服务", "volunteer services"),
    ("生活垃圾分类", "household waste sorting"),
    ("山海协作", "mountain-sea cooperation"),
    ("共富工坊", "common-prosperity workshops"),
    ("新时代文明实践", "civic practice in the new era"),
    ("“最多跑一次”", "\"run at most once\" services"),
    ("公共法律服务", "public legal services"),
    ("海上风电", "offshore wind power"),
]

KINDS = [
    ("行动", "campaign"), ("工程", "project"), ("改革", "reform"), ("三年行动", "three-year campaign"),
    ("专项行动", "special campaign"), ("试点", "pilot"), ("提质扩面", "upgrade and expansion"),
    ("攻坚", "drive"), ("示范区建设", "model zone"), ("", ""),
]

SUMMARY_GOALS = [
    ("到年底{t}水平明显提升", "By the end of the year, raise the level of {t} markedly"),
    ("全面完成{t}年度目标任务", "Fully meet this year's targets for {t}"),
    ("力争{t}走在全市前列", "Aim to put {t} among the best in the city"),
    ("形成{t}的海岛特色做法", "Develop a distinctive island approach to {t}"),
    ("补齐{t}短板", "Close the gaps in {t}"),
]
SUMMARY_MEANS = [
    ("形成一批可复制可推广的经验", "and produce experience that others can copy"),
    ("让群众获得感、幸福感明显增强", "so that residents feel clearly better off"),
    ("为共同富裕示范区建设提供有力支撑", "in support of the common-prosperity demonstration zone"),
    ("确保各项任务按期落地见效", "making sure every task is delivered on time"),
    ("推动资源向基层和海岛倾斜", "directing resources to the grassroots and the islands"),
]

TASKS = [
    ("{a}{t},完成{n}个**重点项目**建设。", "{A} {t} and complete **{n} key projects**."),
    ("建立{t}工作专班,由{u}牵头,按月调度进展。", "Set up a task force for {t}, led by the {U}, and review progress monthly."),
    ("出台{t}实施方案,明确责任分工和时间节点,详见[方法说明](../../methodology/)。",
     "Issue an implementation plan for {t} with clear responsibilities and deadlines; see the [methodology](../../methodology/)."),
    ("争取上级资金{n}万元,用于{t}。", "Secure {m} yuan of funding from higher levels for {t}."),
    ("开展{t}示范创建,打造{n}个示范点。", "Run a model-building drive for {t}, creating {n} demonstration sites."),
    ("加强{t}数字化应用,实现数据**一网通办**。", "Strengthen digital applications for {t} so that cases are handled **in one online system**."),
    ("健全{t}考核评价机制,将结果纳入年度综合考评。", "Improve the assessment of {t} and count the results in the annual overall evaluation."),
    ("推动{t}向海岛、乡村延伸,覆盖{n}个行政村。", "Extend {t} to the islands and villages, covering {n} administrative villages."),
    ("组织{t}专题培训{n}场次,提升干部业务能力。", "Hold {n} training sessions on {t} to build the skills of officials."),
    ("开展{t}“回头看”,对发现的问题**限期整改**。", "Review {t} again and **fix the problems found by a deadline**."),
]

# name, unit, low, high, direction, accumulation, decimals
INDICATORS = [
    (("居民人均可支配收入", "Per-capita disposable income of residents"), ("元", "yuan"), 40000, 70000, "increase", "level", 0),
    (("农村居民人均可支配收入", "Per-capita disposable income of rural residents"), ("元", "yuan"), 25000, 45000, "increase", "level", 0),
    (("地区生产总值增速", "GDP growth rate"), ("%", "%"), 5, 9, "increase", "level", 1),
    (("城镇新增就业人数", "New urban jobs"), ("人", "people"), 1000, 6000, "increase", "cumulative", 0),
    (("森林覆盖率", "Forest coverage rate"), ("%", "%"), 50, 75, "increase", "level", 1),
    (("PM2.5平均浓度", "Average PM2.5 concentration"), ("微克/立方米", "µg/m³"), 15, 35, "decrease", "level", 0),
    (("城乡居民收入倍差", "Urban-rural income ratio"), None, 1.5, 2.2, "decrease", "level", 2),
    (("每千人口拥有3岁以下婴幼儿托位数", "Childcare places for under-3s per 1,000 residents"), ("个", "places"), 2, 5, "increase", "level", 1),
    (("每万人口全科医生数", "General practitioners per 10,000 residents"), ("人", "doctors"), 3, 6, "increase", "level", 1),
    (("新增托位数", "New childcare places"), ("个", "places"), 50, 500, "increase", "cumulative", 0),
    (("低收入农户人均可支配收入增速", "Income growth of low-income rural households"), ("%", "%"), 8, 15, "increase", "level", 1),
    (("城镇调查失业率", "Surveyed urban unemployment rate"), ("%", "%"), 4, 5.5, "decrease", "level", 1),
    (("规上工业增加值增速", "Growth of value added of industry above designated size"), ("%", "%"), 4, 12, "increase", "level", 1),
    (("数字经济核心产业增加值占比", "Share of core digital-economy industries in GDP"), ("%", "%"), 3, 12, "increase", "level", 1),
    (("研发经费支出占比", "R&D spending as a share of GDP"), ("%", "%"), 1.5, 3.5, "increase", "level", 2),
    (("单位GDP能耗下降率", "Reduction in energy use per unit of GDP"), ("%", "%"), 2, 5, "increase", "level", 1),
    (("生活垃圾分类覆盖率", "Household waste sorting coverage"), ("%", "%"), 80, 99, "increase", "level", 1),
    (("农村饮用水达标率", "Rural drinking water meeting standards"), ("%", "%"), 90, 99, "increase", "level", 1),
    (("群众安全感满意率", "Public sense of safety"), ("%", "%"), 95, 99.5, "increase", "level", 1),
    (("行政诉讼败诉率", "Rate of lost administrative lawsuits"), ("%", "%"), 1, 6, "decrease", "level", 1),
    (("新建改造农村公路", "Rural roads built or upgraded"), ("公里", "km"), 10, 80, "increase", "cumulative", 1),
    (("新增城镇保障性住房", "New subsidised urban housing"), ("套", "homes"), 100, 900, "increase", "cumulative", 0),
    (("养老机构护理型床位占比", "Share of nursing beds in elderly care homes"), ("%", "%"), 50, 70, "increase", "level", 1),
    (("城乡居民基本养老保险参保率", "Basic pension insurance coverage of residents"), ("%", "%"), 95, 99.5, "increase", "level", 1),
    (("集体经济经营性收入50万元以上村占比", "Share of villages with collective operating income above 500,000 yuan"), ("%", "%"), 30, 80, "increase", "level", 1),
    (("旅游接待人次", "Tourist visits"), ("万人次", "10,000 visits"), 100, 900, "increase", "cumulative", 1),
    (("实际利用外资", "Foreign direct investment actually used"), ("万美元", "10,000 US dollars"), 500, 5000, "increase", "cumulative", 0),
    (("高新技术企业数", "High-tech enterprises"), ("家", "firms"), 20, 120, "increase", "level", 0),
    (("注册志愿者占常住人口比例", "Registered volunteers as a share of residents"), ("%", "%"), 12, 25, "increase", "level", 1),
    (("人均体育场地面积", "Sports ground area per resident"), ("平方米", "m²"), 2, 3.5, "increase", "level", 2),
    (("15分钟公共文化服务圈覆盖率", "Coverage of 15-minute public cultural service circles"), ("%", "%"), 70, 98, "increase", "level", 1),
    (("政务服务事项网上办理率", "Share of government services handled online"), ("%", "%"), 80, 99, "increase", "level", 1),
    (("渔民转产转业人数", "Fishers moved to new jobs"), ("人", "people"), 50, 600, "increase", "cumulative", 0),
    (("海洋生产总值", "Gross marine product"), ("亿元", "100 million yuan"), 50, 300, "increase", "level", 1),
    (("清洁能源装机容量", "Installed clean energy capacity"), ("万千瓦", "10,000 kW"), 20, 150, "increase", "level", 1),
    (("5G基站数", "5G base stations"), ("个", "stations"), 300, 1500, "increase", "level", 0),
    (("亿元以上产业项目签约数", "Industrial projects of over 100 million yuan signed"), ("个", "projects"), 5, 40, "increase", "cumulative", 0),
    (("城镇燃气管网改造", "Urban gas pipes renewed"), ("公里", "km"), 5, 60, "increase", "cumulative", 1),
]

_QUALITATIVE = [
    ("完成省市下达指标任务", "Meet the targets set by the province and city"),
    ("保持全市前列", "Stay among the best in the city"),
]
QUALITATIVE_TARGETS = {
    "increase": _QUALITATIVE + [
        ("稳步提升", "Steady increase"),
        ("高于全省平均水平", "Above the provincial average"),
        ("与经济增长基本同步", "Broadly in step with economic growth"),
    ],
    "decrease": _QUALITATIVE + [
        ("持续下降", "Keep falling"),
        ("低于全市平均水平", "Below the city average"),
    ],
}
PROGRESS_TEXTS = [
    ("工作有序推进", "Work is proceeding in order"),
    ("已完成阶段性任务", "The interim tasks are done"),
    ("已开展专项督查", "A special inspection has been carried out"),
    ("方案已印发实施", "The plan has been issued and is in force"),
    ("满意度调查已开展", "A satisfaction survey has been carried out"),
]
NOTES = [
    ("数据为快报数。", "Preliminary figure."),
    ("按常住人口计算。", "Per resident."),
    ("口径与上年一致。", "Same definition as last year."),
    ("含**跨年度**结转项目。", "Includes projects **carried over** from last year."),
    ("上级部门反馈数。", "Figure reported back by the higher authority."),
]
DECLARED_NOTES = {
    "on-track": [("经牵头单位核实,进度符合预期。", "Checked by the lead body: progress is as expected."),
                 ("各节点任务均按计划完成。", "Every milestone so far was met on schedule.")],
    "achieved": [("已完成年度目标任务,经区共富办验收。", "The year's target is met, as checked by the district office.")],
    "at-risk": [("受项目审批进度影响,存在滞后风险。", "Slow project approvals may delay the work."),
                ("资金尚未全部到位。", "Not all of the funding has arrived yet.")],
}
SOURCES = [
    ("区统计局季度统计报告", "District statistics quarterly report", "stats"),
    ("{u}工作通报", "{U} work bulletin", "bulletin"),
    ("区政府常务会议纪要", "Minutes of the district government executive meeting", "minutes"),
    ("共富办工作简报", "Common-prosperity office briefing", "briefing"),
    ("省统计局数据发布", "Provincial statistics release", "province"),
]

# Progress periods: key, start, end, labels.
PROGRESS_PERIODS = [
    ("2024-Q1", dt.date(2024, 1, 1), dt.date(2024, 3, 31), "2024年第一季度", "Q1 2024"),
    ("2024-H1", dt.date(2024, 1, 1), dt.date(2024, 6, 30), "2024年上半年", "H1 2024"),
    ("2024-Q2", dt.date(2024, 4, 1), dt.date(2024, 6, 30), "2024年第二季度", "Q2 2024"),
    ("2024-Q3", dt.date(2024, 7, 1), dt.date(2024, 9, 30), "2024年第三季度", "Q3 2024"),
]
PERIOD_INFO = {k: (s, e, zh, en) for k, s, e, zh, en in PROGRESS_PERIODS}
PERIOD_INFO["2023"] = (dt.date(2023, 1, 1), dt.date(2023, 12, 31), "2023年", "2023")
PERIOD_INFO["2024"] = (dt.date(2024, 1, 1), dt.date(2024, 12, 31), "2024年", "2024")

UPDATES_PER_PAGE = 100  # as gongkai's updates list
STATUS_ORDER = ["missed", "at-risk", "not-reported", "not-assessed", "on-track", "achieved"]  # worst first
STATUS_DISPLAY = ["achieved", "on-track", "at-risk", "missed", "not-reported", "not-assessed"]

# --------------------------------------------------------------------------
# A small YAML writer: block style, every string double-quoted (a JSON
# string is a valid YAML double-quoted scalar).


class Raw(str):
    """Written as is: numbers with their digits, periods, dates."""


def scalar(v):
    if isinstance(v, Raw):
        return str(v)
    if v is None:
        return "null"
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, int):
        return str(v)
    if isinstance(v, float):
        return repr(v)
    return json.dumps(v, ensure_ascii=False)


def is_scalar(v):
    return not isinstance(v, (dict, list))


def yaml_lines(obj, indent=0):
    pad = " " * indent
    out = []
    if isinstance(obj, dict):
        for k, v in obj.items():
            if is_scalar(v):
                out.append(f"{pad}{k}: {scalar(v)}")
            elif not v:
                out.append(f"{pad}{k}: {'[]' if isinstance(v, list) else '{}'}")
            else:
                out.append(f"{pad}{k}:")
                out.extend(yaml_lines(v, indent + 2))
    elif isinstance(obj, list):
        for item in obj:
            if is_scalar(item):
                out.append(f"{pad}- {scalar(item)}")
            elif isinstance(item, dict) and item:
                sub = yaml_lines(item, indent + 2)
                out.append(pad + "- " + sub[0][indent + 2:])
                out.extend(sub[1:])
            else:
                out.append(f"{pad}- {'[]' if isinstance(item, list) else '{}'}")
    return out


def dump(obj):
    return "\n".join(yaml_lines(obj)) + "\n"


def write(path, text):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding="utf-8", newline="\n") as f:
        f.write(text)


def loc(pair):
    return {"zh": pair[0], "en": pair[1]}


def cap(s):
    return s[:1].upper() + s[1:]


# --------------------------------------------------------------------------
# The model.


def fmt_num(v, d):
    return Raw(f"{v:.{d}f}")


def sorted_progress(ind):
    """Progress entries by period end, then start: the last is the latest."""
    return sorted(ind["progress"], key=lambda p: (PERIOD_INFO[p["period"]][1], PERIOD_INFO[p["period"]][0]))


def status_of(ind):
    """The status rules of docs/content.md, section 14, for this data."""
    target = ind["target"]
    entries = sorted_progress(ind)
    declared_latest = entries[-1].get("status") if entries else None
    if target.get("value") is None:  # qualitative
        for p in reversed(entries):
            if p.get("status"):
                return p["status"], True
        return ("not-assessed" if entries else "not-reported"), False
    numeric = [p for p in entries if p.get("value") is not None]
    if declared_latest:
        return declared_latest, True
    if not numeric:
        return "not-reported", False
    latest = numeric[-1]
    v = latest["value"]
    T = target["value"]
    op = target.get("op")
    tol = ind.get("tolerance")
    if op in (">=", ">"):
        sense = "up"
    elif op in ("<=", "<"):
        sense = "down"
    else:
        sense = {"increase": "up", "decrease": "down"}.get(ind["direction"], "band")
    if op == ">=":
        met = v >= T
    elif op == ">":
        met = v > T
    elif op == "<=":
        met = v <= T
    elif op == "<":
        met = v < T
    elif op in ("=", "~") or sense == "band":
        band = tol if tol is not None else (abs(T) * 0.01 if op == "~" else 0)
        met = abs(v - T) <= band + 1e-9
    else:
        met = v >= T if sense == "up" else v <= T
    t_start, t_end = PERIOD_INFO[target["period"]][0], PERIOD_INFO[target["period"]][1]
    if met:
        if ind["direction"] == "maintain" and t_end > AS_OF:
            return "on-track", False
        return "achieved", False
    if t_end <= AS_OF:
        return "missed", False
    if sense == "band":
        return "at-risk", False
    p_end = PERIOD_INFO[latest["period"]][1]
    f = ((p_end - t_start).days + 1) / ((t_end - t_start).days + 1)
    f = min(max(f, 0.0), 1.0)
    if ind["accumulation"] == "cumulative":
        expected = T * f
    else:
        B = ind["baseline"].get("value")
        expected = T if B is None else B + (T - B) * f
    ok = v >= expected - 1e-9 if sense == "up" else v <= expected + 1e-9
    return ("on-track" if ok else "at-risk"), False


class Generator:
    def __init__(self, n, seed, record="highlight"):
        self.n = n
        self.record = record
        self.rng = random.Random(seed)
        self.measures = []  # in collection order, then number
        self.defined = []  # (collection, measure id, indicator) of every definition
        self.ind_serial = 0

    # -- building ------------------------------------------------------------

    def counts(self):
        shares = [c[3] for c in COLLECTIONS]
        counts = [int(self.n * s) for s in shares]
        i = 0
        while sum(counts) < self.n:
            counts[i % len(counts)] += 1
            i += 1
        return counts

    def build(self):
        unit_ids = [u[0] for u in UNITS]
        for (cid, _title, _desc, _share, prefix, cats), count in zip(COLLECTIONS, self.counts()):
            for k in range(1, count + 1):
                self.measures.append(self.measure(cid, prefix, k, cats, unit_ids))
        return self

    def measure(self, cid, prefix, number, cats, unit_ids):
        rng = self.rng
        action = rng.choice(ACTIONS)
        topic = rng.choice(TOPICS)
        kind = rng.choice(KINDS)
        title = (action[0] + topic[0] + kind[0],
                 f"{action[1]} {topic[1]}" + (f" {kind[1]}" if kind[1] else ""))
        chosen = rng.sample(unit_ids, rng.randint(1, 5))
        n_lead = 1 if len(chosen) == 1 else rng.randint(1, 2)
        lead, others = chosen[:n_lead], chosen[n_lead:]
        lead_unit = UNIT_BY_ID[lead[0]]
        goal = rng.choice(SUMMARY_GOALS)
        means = rng.choice(SUMMARY_MEANS)
        summary = (goal[0].format(t=topic[0]) + "," + means[0] + "。",
                   goal[1].format(t=topic[1]) + ", " + means[1] + ".")
        tasks = []
        for tpl in rng.sample(TASKS, rng.randint(2, 4)):
            t2 = rng.choice(TOPICS) if rng.random() < 0.4 else topic
            a = rng.choice(ACTIONS)
            nval = rng.randint(2, 60)
            tasks.append((tpl[0].format(a=a[0], t=t2[0], n=nval, u=lead_unit[1]),
                          tpl[1].format(A=a[1], t=t2[1], n=nval, m=f"{nval * 10000:,}", U=lead_unit[2])))
        m = {
            "collection": cid,
            "id": f"{prefix}-{number:05d}",
            "number": number,
            "category": rng.choice(cats)[0],
            "title": title,
            "lead": lead,
            "others": others,
            "assessment": rng.choice(["province-evaluated", "city-observed"]) if cid == "indicators" else None,
            "summary": summary,
            "tasks": tasks,
            "indicators": [],
        }
        for _ in range(rng.randint(1, 3)):
            ind = self.indicator(m)
            m["indicators"].append(ind)
        if cid != "indicators" and self.defined and rng.random() < 0.15:
            src = rng.choice(self.defined)
            m["indicators"].insert(rng.randint(0, len(m["indicators"])), {"ref": src})
        for ind in m["indicators"]:
            if "ref" not in ind:
                self.defined.append((cid, m["id"], ind))
        return m

    def indicator(self, m):
        rng = self.rng
        name, unit, lo, hi, direction, accum, d = rng.choice(INDICATORS)
        self.ind_serial += 1
        slug = "-".join(w for w in "".join(c if c.isalnum() else " " for c in name[1].lower()).split()[:4])
        iid = f"{slug}-{self.ind_serial}"
        r = lambda x: round(x, d)
        B = r(rng.uniform(lo, hi))
        if accum == "cumulative":
            B = r(B * rng.uniform(0.8, 1.1))
            T = r(B * rng.uniform(0.9, 1.3))
        elif direction == "increase":
            T = r(B + (hi - lo) * rng.uniform(0.02, 0.15))
        else:
            T = r(B - (hi - lo) * rng.uniform(0.02, 0.15))
        if T == B:
            T = r(B + (10 ** -d) * (1 if direction == "increase" else -1))
        roll = rng.random()
        tol = None
        if roll < 0.35:
            target = {"period": "2024", "value": T}
        elif roll < 0.70:
            if accum == "cumulative":
                op = ">="
            elif direction == "decrease":
                op = rng.choice(["<=", "<=", "<", "~"])
            else:
                op = rng.choice([">=", ">=", ">", "~"])
            target = {"period": "2024", "op": op, "value": T}
            if op == "~":
                tol = r(abs(T) * 0.02) or 10 ** -d
        else:
            target = {"period": "2024", "text": rng.choice(QUALITATIVE_TARGETS[direction])}
        baseline = {"period": "2023", "value": B}
        if rng.random() < 0.1:
            baseline["op"] = ">=" if direction == "increase" else "<="
        ind = {
            "id": iid, "name": name, "unit": unit, "direction": direction, "accumulation": accum,
            "decimals": d, "tolerance": tol, "baseline": baseline, "target": target, "progress": [],
            "note": rng.choice(NOTES) if rng.random() < 0.2 else None,
        }
        # Progress: Q1, H1, Q2, Q3, a few indicators with none or fewer.
        roll = rng.random()
        keys = [p[0] for p in PROGRESS_PERIODS]
        if roll < 0.06:
            keys = []
        elif roll < 0.15:
            keys = keys[:2]
        pace = rng.uniform(0.5, 1.4)
        goal = T if T is not None else B * 1.05
        for key in keys:
            start, end, _, _ = PERIOD_INFO[key]
            f = ((end - PERIOD_START).days + 1) / 366
            if accum == "cumulative":
                v = goal * f * pace
            else:
                v = B + (goal - B) * f * pace
            v = r(v * rng.uniform(0.98, 1.02))
            src = rng.choice(SOURCES)
            lu = UNIT_BY_ID[m["lead"][0]]
            entry = {"period": key, "value": v}
            if target.get("value") is None and rng.random() < 0.4:
                entry = {"period": key, "text": rng.choice(PROGRESS_TEXTS)}
            if rng.random() < 0.15:
                entry["note"] = rng.choice(NOTES)
            entry["source"] = {
                "title": (src[0].format(u=lu[1]), src[1].format(U=lu[2])),
                "url": f"https://example.org/{src[2]}/2024/{key.lower()}/{m['id']}-{iid}.html",
            }
            published = end + dt.timedelta(days=rng.randint(8, 25))
            if rng.random() < 0.5 and published <= AS_OF:
                entry["source"]["date"] = published.isoformat()
            ind["progress"].append(entry)
        declared = None
        if ind["progress"] and target.get("value") is None and rng.random() < 0.5:
            declared = rng.choice(["on-track", "on-track", "achieved", "at-risk"])
        elif ind["progress"] and rng.random() < 0.03:
            declared = "on-track"
        if declared:
            # A declared status comes with a note saying why.
            ind["progress"][-1]["status"] = declared
            ind["progress"][-1]["note"] = rng.choice(DECLARED_NOTES[declared])
        ind["status"], ind["declared"] = status_of(ind)
        return ind

    # -- gongkai content -----------------------------------------------------

    def write_gongkai(self, root):
        c = os.path.join(root, "content")
        write(os.path.join(c, "site.yaml"), dump({
            "title": loc(("示范区2024年度共同富裕工作要点", "Demonstration District common-prosperity work plan for 2024")),
            "publisher": loc(("示范区共同富裕示范区建设领导小组办公室", "Demonstration District Common Prosperity Leading Group Office")),
            "languages": [Raw("zh"), Raw("en")],
            "base_url": "https://bench.example/",
            "period": {"start": Raw("2024-01-01"), "end": Raw("2024-12-31")},
            "as_of": Raw(AS_OF.isoformat()),
            "source": {
                "title": loc(("关于印发示范区2024年度共同富裕工作要点的通知", "Notice on issuing the Demonstration District common-prosperity work plan for 2024")),
                "url": "https://example.org/notice/2024-03-01.html",
                "date": Raw("2024-03-01"),
            },
            "notice": loc(("本站数据均为基准测试生成的虚构数据。", "Invented benchmark data. The English is an unofficial translation; the Chinese text prevails.")),
            "assessment_levels": [
                {"id": "province-evaluated", "name": loc(("省评价", "Provincially evaluated"))},
                {"id": "city-observed", "name": loc(("市观察", "Municipal watch"))},
            ],
        }))
        units = []
        for uid, zh, en, aliases in UNITS:
            u = {"id": uid, "name": loc((zh, en))}
            if aliases:
                u["aliases"] = aliases
            if len(units) % 4 == 0:
                u["url"] = f"https://example.org/units/{uid}/"
            units.append(u)
        write(os.path.join(c, "units.yaml"), dump(units))
        for order, (cid, title, desc, _s, _p, cats) in enumerate(COLLECTIONS, 1):
            write(os.path.join(c, cid, "_collection.yaml"), dump({
                "title": loc(title),
                "description": loc(desc),
                "order": order,
                "categories": [{"id": k, "title": loc((zh, en))} for k, zh, en in cats],
            }))
        for m in self.measures:
            m["record"] = dump(self.gongkai_measure(m))
            write(os.path.join(c, m["collection"], m["id"] + ".yaml"), m["record"])
        for lang, title, body in ABOUT:
            write(os.path.join(c, "pages", f"about.{lang}.md"),
                  f"---\ntitle: {json.dumps(title, ensure_ascii=False)}\norder: 1\n---\n{body}")

    @staticmethod
    def gongkai_value(rec, d):
        out = {"period": Raw(rec["period"])}
        if rec.get("op"):
            out["op"] = rec["op"]
        if rec.get("value") is not None:
            out["value"] = fmt_num(rec["value"], d)
        if rec.get("text"):
            out["text"] = loc(rec["text"])
        return out

    def gongkai_measure(self, m):
        rec = {"number": m["number"], "category": m["category"], "title": loc(m["title"]), "lead": m["lead"]}
        if m["others"]:
            rec["units"] = m["others"]
        if m["assessment"]:
            rec["assessment"] = m["assessment"]
        rec["summary"] = loc(m["summary"])
        rec["tasks"] = [loc(t) for t in m["tasks"]]
        inds = []
        for ind in m["indicators"]:
            if "ref" in ind:
                c, mid, i = ind["ref"]
                inds.append({"ref": f"{c}/{mid}/{i['id']}"})
                continue
            d = ind["decimals"]
            x = {"id": ind["id"], "name": loc(ind["name"])}
            if ind["unit"]:
                x["unit"] = loc(ind["unit"])
            x["direction"] = ind["direction"]
            x["accumulation"] = ind["accumulation"]
            if ind["tolerance"] is not None:
                x["tolerance"] = fmt_num(ind["tolerance"], d)
            x["baseline"] = self.gongkai_value(ind["baseline"], d)
            x["target"] = self.gongkai_value(ind["target"], d)
            prog = []
            for p in ind["progress"]:
                e = {"period": Raw(p["period"])}
                if "value" in p:
                    e["value"] = fmt_num(p["value"], d)
                if p.get("text"):
                    e["text"] = loc(p["text"])
                if p.get("status"):
                    e["status"] = p["status"]
                if p.get("note"):
                    e["note"] = loc(p["note"])
                s = {"title": loc(p["source"]["title"]), "url": p["source"]["url"]}
                if p["source"].get("date"):
                    s["date"] = Raw(p["source"]["date"])
                e["source"] = s
                prog.append(e)
            x["progress"] = prog
            if ind["note"]:
                x["note"] = loc(ind["note"])
            inds.append(x)
        rec["indicators"] = inds
        return rec

    # -- Hugo site -----------------------------------------------------------

    def write_hugo(self, root):
        ci = {c[0]: c for c in COLLECTIONS}
        write(os.path.join(root, "hugo.toml"),
              HUGO_TOML.replace("[params]\n", f"[params]\nhighlightRecord = {'true' if self.record == 'highlight' else 'false'}\n", 1))
        for name, text in HUGO_LAYOUTS.items():
            write(os.path.join(root, "layouts", name), text.lstrip("\n"))
        write(os.path.join(root, "static", "assets", "style.css"), STYLE_CSS)
        for lang in LANGS:
            write(os.path.join(root, "i18n", f"{lang}.yaml"), dump(I18N[lang]))
        # Data: units, collections with their categories, assessment levels.
        # Keyed by id, so that templates look an entry up with `index`
        # instead of scanning a list with `where`; the order of the
        # collections is site.Params.collections, that of the categories
        # their list.
        data = {
            "units": {uid: {"zh": zh, "en": en, "aliases": al,
                            "url": f"https://example.org/units/{uid}/" if k % 4 == 0 else ""}
                      for k, (uid, zh, en, al) in enumerate(UNITS)},
            "collections": {cid: {"title": loc(t),
                                  "categories": [{"id": k, "term": f"{cid}-{k}", "title": loc((zh, en))}
                                                 for k, zh, en in cats]}
                            for cid, t, _d, _s, _p, cats in COLLECTIONS},
            "categories": {f"{cid}-{k}": {"id": k, "title": loc((zh, en))}
                           for cid, _t, _d, _s, _p, cats in COLLECTIONS for k, zh, en in cats},
            "assessment": {"province-evaluated": loc(("省评价", "Provincially evaluated")),
                           "city-observed": loc(("市观察", "Municipal watch"))},
        }
        for name, obj in data.items():
            write(os.path.join(root, "data", f"{name}.json"), json.dumps(obj, ensure_ascii=False, indent=1) + "\n")
        content = os.path.join(root, "content")
        also = {}  # definition -> measures that reference it
        for m in self.measures:
            for ind in m["indicators"]:
                if "ref" in ind:
                    c, mid, i = ind["ref"]
                    also.setdefault(id(i), []).append(m)
        by_id = {(m["collection"], m["id"]): m for m in self.measures}
        updates = self.updates()
        write(os.path.join(root, "data", "updates.json"),
              "[\n" + ",\n".join(json.dumps(u, ensure_ascii=False) for u in updates) + "\n]\n")
        for li, lang in enumerate(LANGS):
            def fm(obj, body=""):
                return "---\n" + dump(obj) + "---\n" + body
            write(os.path.join(content, f"_index.{lang}.md"), fm({"title": I18N[lang]["site_title"]}))
            for order, (cid, title, desc, _s, _p, cats) in enumerate(COLLECTIONS, 1):
                write(os.path.join(content, cid, f"_index.{lang}.md"),
                      fm({"title": title[li], "weight": order, "collection": cid}, desc[li] + "\n"))
                for k, zh, en in cats:
                    write(os.path.join(content, "categories", f"{cid}-{k}", f"_index.{lang}.md"),
                          fm({"title": (zh, en)[li], "collection": cid, "category": k}))
            write(os.path.join(content, "categories", f"_index.{lang}.md"), fm({"title": I18N[lang]["categories"]}))
            write(os.path.join(content, "status", f"_index.{lang}.md"), fm({"title": I18N[lang]["status_heading"]}))
            for st in STATUS_DISPLAY:
                write(os.path.join(content, "status", st, f"_index.{lang}.md"),
                      fm({"title": I18N[lang]["status_" + st], "status_id": st}))
            write(os.path.join(content, "units", f"_index.{lang}.md"), fm({"title": I18N[lang]["units"]}))
            for uid, zh, en, al in UNITS:
                write(os.path.join(content, "units", uid, f"_index.{lang}.md"),
                      fm({"title": (zh, en)[li], "unit_id": uid}))
            n_pages = max(1, -(-len(updates) // UPDATES_PER_PAGE))
            for page in range(1, n_pages + 1):
                title = I18N[lang]["updates"] if n_pages == 1 else \
                    I18N[lang]["updates_page"].format(page=page, pages=n_pages)
                path = (os.path.join(content, "updates", f"_index.{lang}.md") if page == 1
                        else os.path.join(content, "updates", "page", f"{page}.{lang}.md"))
                write(path, fm({"title": title, "pageno": page, "pages": n_pages}))
            # The reports: the whole plan's (the section page) and each
            # body's (a page of the section, at /units/<unit>/report/).
            write(os.path.join(content, "report", f"_index.{lang}.md"), fm({"title": I18N[lang]["report_heading"]}))
            for k, (uid, zh, en, _al) in enumerate(UNITS, 1):
                write(os.path.join(content, "report", f"{uid}.{lang}.md"),
                      fm({"title": I18N[lang]["report_unit_heading"].format(unit=(zh, en)[li]),
                          "slug": uid, "unit_id": uid, "weight": k}))
            for slug in ("methodology", "search"):
                write(os.path.join(content, f"{slug}.{lang}.md"),
                      fm({"title": I18N[lang][slug], "layout": slug, "weight": 100}))
            about = [a for a in ABOUT if a[0] == lang][0]
            write(os.path.join(content, f"about.{lang}.md"), fm({"title": about[1], "weight": 1, "layout": "prose"}, about[2]))
            for m in self.measures:
                write(os.path.join(content, m["collection"], f"{m['id']}.{lang}.md"),
                      fm(self.hugo_measure(m, li, ci, also, by_id), m["summary"][li] + "\n"))

    def updates(self):
        """Every progress entry of every defined indicator, newest period
        first, then in collection and measure order, as gongkai lists them:
        [collection, measure id, indicator index, entry index], the indexes
        into the Hugo front matter lists."""
        out = []
        for mi, m in enumerate(self.measures):
            for ii, ind in enumerate(m["indicators"]):
                if "ref" in ind:
                    continue
                for pi, p in enumerate(sorted_progress(ind)):
                    end = PERIOD_INFO[p["period"]][1]
                    out.append((-end.toordinal(), mi, f"indicator-{ind['id']}", [m["collection"], m["id"], ii, pi]))
        out.sort(key=lambda e: e[:3])
        return [e[3] for e in out]

    def hugo_value(self, rec, li):
        out = {"period": PERIOD_INFO[rec["period"]][2 + li]}
        if rec.get("op"):
            out["op"] = rec["op"]
        if rec.get("value") is not None:
            out["value"] = rec["value"]
        if rec.get("text"):
            out["text"] = rec["text"][li]
        return out

    def hugo_indicator(self, ind, li, defined_in, used_in):
        entries = sorted_progress(ind)
        numeric = [p for p in entries if p.get("value") is not None]
        x = {"id": ind["id"], "name": ind["name"][li]}
        if ind["unit"]:
            x["unit"] = ind["unit"][li]
        x["direction"] = ind["direction"]
        x["decimals"] = ind["decimals"]
        if ind["tolerance"] is not None:
            x["tolerance"] = ind["tolerance"]
        x["status"] = ind["status"]
        x["declared"] = ind["declared"]
        x["baseline"] = self.hugo_value(ind["baseline"], li)
        x["target"] = self.hugo_value(ind["target"], li)
        if numeric:
            x["latest"] = {"period": PERIOD_INFO[numeric[-1]["period"]][2 + li], "value": numeric[-1]["value"]}
        prog = []
        for p in entries:
            e = {"key": p["period"], "period": PERIOD_INFO[p["period"]][2 + li]}
            if p.get("value") is not None:
                e["value"] = p["value"]
            if p.get("text"):
                e["text"] = p["text"][li]
            if p.get("status"):
                e["status"] = p["status"]
            if p.get("note"):
                e["note"] = p["note"][li]
            e["source"] = {"title": p["source"]["title"][li], "url": p["source"]["url"]}
            if p["source"].get("date"):
                e["source"]["date"] = p["source"]["date"]
            prog.append(e)
        x["progress"] = prog
        if ind["note"]:
            x["note"] = ind["note"][li]
        if defined_in:
            x["defined_in"] = defined_in
        if used_in:
            x["also_used"] = used_in
        return x

    def link_of(self, m, li, ci):
        return {"path": f"/{m['collection']}/{m['id']}/",
                "title": f"{ci[m['collection']][1][li]} {m['number']} · {m['title'][li]}"}

    def hugo_measure(self, m, li, ci, also, by_id):
        inds = []
        statuses = []
        for ind in m["indicators"]:
            if "ref" in ind:
                c, mid, i = ind["ref"]
                inds.append(self.hugo_indicator(i, li, self.link_of(by_id[(c, mid)], li, ci), None))
                statuses.append(i["status"])
            else:
                used = [self.link_of(u, li, ci) for u in also.get(id(ind), [])]
                inds.append(self.hugo_indicator(ind, li, None, used))
                statuses.append(ind["status"])
        status = min(statuses, key=STATUS_ORDER.index) if statuses else "not-reported"
        fm = {
            "title": m["title"][li],
            "number": m["number"],
            "weight": m["number"],
            "collection": m["collection"],
            "category": m["category"],
            "categories": [f"{m['collection']}-{m['category']}"],
            "lead": m["lead"],
            "others": m["others"],
            "units": m["lead"] + m["others"],
            "status": status,
            "outputs": ["html", "embed"],
        }
        if m["assessment"]:
            fm["assessment"] = m["assessment"]
        fm["tasks"] = [t[li] for t in m["tasks"]]
        fm["indicators"] = inds
        if self.record != "none":
            fm["record_path"] = f"content/{m['collection']}/{m['id']}.yaml"
            fm["record"] = m.get("record") or dump(self.gongkai_measure(m))
        return fm


UNIT_BY_ID = {u[0]: u for u in UNITS}


def set_bodies(count):
    """Gives the site `count` bodies: the first of UNITS, then numbered ones."""
    del UNITS[count:]
    for k in range(len(UNITS) + 1, count + 1):
        UNITS.append((f"body-{k:05d}", f"第{k}单位", f"Body {k}", []))
    UNIT_BY_ID.clear()
    UNIT_BY_ID.update({u[0]: u for u in UNITS})

ABOUT = [
    ("zh", "关于本站",
     "本站公开示范区2024年度共同富裕工作要点的**指标、目标和进展**。\n\n"
     "数据由各责任单位按季度报送,经区共富办汇总后发布。状态的计算方法见[方法说明](../methodology/)。\n"),
    ("en", "About this site",
     "This site publishes the **indicators, targets and progress** of the Demonstration District "
     "common-prosperity work plan for 2024.\n\nThe responsible bodies report every quarter; the district "
     "office collects and publishes the figures. See the [methodology](../methodology/) for how statuses are worked out.\n"),
]

# --------------------------------------------------------------------------
# Hugo project files.

HUGO_TOML = """\
baseURL = "https://bench.example/"
defaultContentLanguage = "zh"
defaultContentLanguageInSubdir = false
disableKinds = ["rss", "sitemap", "robotsTXT"]
disableDefaultLanguageRedirect = true
enableRobotsTXT = false
timeZone = "Asia/Shanghai"

# A measure's embed page is a second output of the measure page (its
# front matter lists `outputs`), written under /embed/ with the same
# path: the page, its parameters and its rendered charts are shared with
# the HTML output instead of being read and built again from content files.
[outputFormats.embed]
mediaType = "text/html"
isHTML = true
path = "embed"
baseName = "index"
permalinkable = true
noAlternative = true

# A body's report is a page of the `report` section, published beside the
# body's own page.
[permalinks.page]
report = "/units/:slug/report/"

[taxonomies]
unit = "units"
category = "categories"
status = "status"

[params]
asOf = "2024-09-30"
collections = ["indicators", "achievements", "key-works", "reforms"]
statuses = ["achieved", "on-track", "at-risk", "missed", "not-reported", "not-assessed"]
periodsNewestFirst = ["2024-Q3", "2024-Q2", "2024-H1", "2024-Q1"]

[languages.zh]
weight = 1
label = "中文"
locale = "zh-CN"
title = "示范区2024年度共同富裕工作要点"
[languages.zh.params]
publisher = "示范区共同富裕示范区建设领导小组办公室"
notice = "本站数据均为基准测试生成的虚构数据。"
asOfText = "2024年9月30日"

[languages.en]
weight = 2
label = "English"
locale = "en"
title = "Demonstration District common-prosperity work plan for 2024"
[languages.en.params]
publisher = "Demonstration District Common Prosperity Leading Group Office"
notice = "Invented benchmark data. The English is an unofficial translation; the Chinese text prevails."
asOfText = "30 September 2024"

[markup.highlight]
noClasses = false

[markup.goldmark.renderer]
unsafe = false
[markup.goldmark.extensions]
table = true
strikethrough = true
footnote = true
"""

HUGO_LAYOUTS = {
    "baseof.html": r"""
<!DOCTYPE html>
<html lang="{{ site.Language.Lang }}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'none'; form-action 'self'">
<meta name="referrer" content="no-referrer">
<title>{{ if not .IsHome }}{{ .Title }} · {{ end }}{{ site.Title }}</title>
<meta name="description" content="{{ site.Title }} · {{ site.Params.publisher }}">
<link rel="canonical" href="{{ .Permalink }}">
{{ range .AllTranslations }}<link rel="alternate" hreflang="{{ .Language.Lang }}" href="{{ .Permalink }}">
{{ end }}<link rel="stylesheet" href="{{ "assets/style.css" | relURL }}">
</head>
<body class="page-{{ .Kind }}">
<a class="skip" href="#main">{{ i18n "skip" }}</a>
<header class="masthead">
  <div class="wrap masthead-inner">
    <p class="site-title"><a href="{{ "" | relLangURL }}">{{ site.Title }}</a></p>
    <nav class="languages" aria-label="{{ i18n "language" }}"><ul>{{ range .AllTranslations }}<li>{{ if eq .Language.Lang site.Language.Lang }}<span aria-current="true" lang="{{ .Language.Lang }}">{{ .Language.Label }}</span>{{ else }}<a href="{{ .RelPermalink }}" hreflang="{{ .Language.Lang }}" lang="{{ .Language.Lang }}">{{ .Language.Label }}</a>{{ end }}</li>{{ end }}</ul></nav>
  </div>
  {{ partialCached "mainnav.html" . site.Language.Lang .Section }}
</header>
<main id="main" class="wrap" tabindex="-1">
{{ block "main" . }}{{ end }}
</main>
<footer class="footer">
  <div class="wrap">
    <section class="notice" aria-label="{{ i18n "notice" }}"><p>{{ site.Params.notice }}</p></section>
    <dl class="facts">
      <div><dt>{{ i18n "as_of" }}</dt><dd><time datetime="{{ site.Params.asOf }}">{{ site.Params.asOfText }}</time></dd></div>
      <div><dt>{{ i18n "publisher" }}</dt><dd>{{ site.Params.publisher }}</dd></div>
    </dl>
    <p class="print-url">{{ i18n "print_url" }} {{ .Permalink }}</p>
  </div>
</footer>
</body>
</html>
""",
    "_partials/mainnav.html": r"""
<nav class="mainnav" aria-label="{{ i18n "main_nav" }}">
    <ul class="wrap">
      <li><a href="{{ "" | relLangURL }}">{{ i18n "home" }}</a></li>
      {{ $sec := .Section }}{{ range site.Params.collections }}{{ with site.GetPage (printf "/%s" .) }}<li><a href="{{ .RelPermalink }}"{{ if eq $sec .Section }} aria-current="page"{{ end }}>{{ .Title }}</a></li>{{ end }}{{ end }}
      <li><a href="{{ "units/" | relLangURL }}">{{ i18n "units" }}</a></li>
      <li><a href="{{ "updates/" | relLangURL }}">{{ i18n "updates" }}</a></li>
      <li><a href="{{ "methodology/" | relLangURL }}">{{ i18n "methodology" }}</a></li>
      <li><a href="{{ "search/" | relLangURL }}">{{ i18n "search" }}</a></li>
      <li><a href="{{ "about/" | relLangURL }}">{{ i18n "about" }}</a></li>
    </ul>
  </nav>
""",
    "_partials/measures-by-path.html": r"""
{{- /* Every page of the language by its path, built once per language
       (partialCached) so that a list of updates looks its measures up in
       a map instead of calling site.GetPage for each entry. */ -}}
{{- $s := newScratch -}}
{{- range site.RegularPages }}{{ $s.SetInMap "pages" .Path . }}{{ end -}}
{{- return $s.Get "pages" -}}
""",
    "_partials/status.html": r"""
<span class="status status-{{ . }}"><span class="status-symbol" aria-hidden="true">{{ i18n (printf "symbol_%s" .) }}</span> {{ i18n (printf "status_%s" .) }}</span>
""",
    "_partials/counts.html": r"""
{{- $pages := . -}}
<ul class="counts">{{ range site.Params.statuses }}{{ $n := len (where $pages "Params.status" .) }}{{ if gt $n 0 }}<li><a href="{{ printf "status/%s/" . | relLangURL }}" class="status status-{{ . }}"><span class="status-symbol" aria-hidden="true">{{ i18n (printf "symbol_%s" .) }}</span> {{ i18n (printf "status_%s" .) }}</a> <strong>{{ $n }}</strong></li>{{ end }}{{ end }}</ul>
""",
    "_partials/value.html": r"""
{{- $d := .d -}}{{- with .v -}}{{- with .op }}{{ index (dict ">=" "≥" ">" ">" "<=" "≤" "<" "<" "~" "≈" "=" "=") . }}{{ end }}{{ if isset . "value" }}{{ lang.FormatNumber $d .value }}{{ else }}{{ .text }}{{ end -}}{{- else -}}—{{- end -}}
""",
    "_partials/unitlinks.html": r"""
{{- $sep := .sep -}}{{- range $i, $u := .ids }}{{ if $i }}{{ $sep | safeHTML }}{{ end }}<a href="{{ printf "units/%s/" $u | relLangURL }}">{{ index (index hugo.Data.units $u) site.Language.Lang }}</a>{{ end -}}
""",
    "_partials/row.html": r"""
{{- $p := .page -}}{{- $lang := site.Language.Lang -}}
{{- $term := index $p.Params.categories 0 -}}
{{- $cat := index hugo.Data.categories $term -}}
<tr data-status="{{ $p.Params.status }}" data-category="{{ $p.Params.category }}" data-units=" {{ delimit $p.Params.units " " }} ">
<td data-value="{{ $p.Params.number }}">{{ $p.Params.number }}</td>
<th scope="row" data-value="{{ $p.Title }}"><a href="{{ $p.RelPermalink }}">{{ $p.Title }}</a></th>
{{ if .showCollection }}<td>{{ index (index hugo.Data.collections $p.Params.collection).title $lang }}</td>{{ end }}
<td><a href="{{ printf "categories/%s/" $term | relLangURL }}">{{ index $cat.title $lang }}</a></td>
<td>{{ partial "unitlinks.html" (dict "ids" $p.Params.lead "sep" "<br>") }}</td>
<td><ul class="cells">{{ range $p.Params.indicators }}<li><span class="cell-name">{{ .name }}</span>{{ with .unit }} <span class="unit">({{ . }})</span>{{ end }}<br><span class="trio"><span>{{ partial "value.html" (dict "v" .baseline "d" .decimals) }}</span> → <span>{{ partial "value.html" (dict "v" .latest "d" .decimals) }}{{ with .latest }} ({{ .period }}){{ end }}</span> → <span>{{ partial "value.html" (dict "v" .target "d" .decimals) }}</span></span></li>{{ end }}</ul></td>
<td data-value="{{ $p.Params.status }}">{{ partialCached "status.html" $p.Params.status $p.Params.status site.Language.Lang }}</td>
</tr>
""",
    "_partials/rows.html": r"""
{{- $show := .showCollection -}}
<div class="table-scroll" tabindex="0" role="region" aria-label="{{ .caption }}">
<table class="measures" data-sortable>
<caption>{{ .caption }}</caption>
<thead><tr><th scope="col">{{ i18n "number" }}</th><th scope="col">{{ i18n "measure" }}</th>{{ if $show }}<th scope="col">{{ i18n "collection" }}</th>{{ end }}<th scope="col">{{ i18n "category" }}</th><th scope="col">{{ i18n "lead" }}</th><th scope="col">{{ i18n "indicators_trio" }}</th><th scope="col">{{ i18n "status" }}</th></tr></thead>
<tbody>
{{- /* A measure's row is the same on every listing of a language, and a
       row partial in partialCached would outgrow Hugo's partial cache
       (measures × 2 × languages entries): keep each row on its page. */ -}}
{{ $key := cond $show "row-with-collection" "row" }}{{ range .pages }}{{ $row := .Store.Get $key }}{{ if not $row }}{{ $row = partial "row.html" (dict "page" . "showCollection" $show) }}{{ .Store.Set $key $row }}{{ end }}{{ $row }}{{ end }}
</tbody>
</table>
</div>
{{ if not .pages }}<p>{{ i18n "empty" }}</p>{{ end }}
""",
    "_partials/update.html": r"""
{{- $k := .key -}}
{{- $m := index .pages (printf "/%s/%s" (index $k 0) (index $k 1)) -}}
{{- $i := index $m.Params.indicators (int (index $k 2)) -}}
{{- $e := index $i.progress (int (index $k 3)) -}}
<li><p class="update-head"><span class="period">{{ $e.period }}</span> · <a href="{{ $m.RelPermalink }}#indicator-{{ $i.id }}">{{ $i.name }}</a></p>
<p><strong class="value">{{ if isset $e "value" }}{{ lang.FormatNumber $i.decimals $e.value }}{{ with $i.unit }} {{ . }}{{ end }}{{ else }}{{ $e.text }}{{ end }}</strong> {{ partialCached "status.html" $i.status $i.status site.Language.Lang }}</p>
{{ with $e.note }}<p class="note">{{ . | markdownify }}</p>{{ end }}
<p class="muted">{{ $m.Title }} · <a href="{{ $e.source.url }}" rel="external">{{ $e.source.title }}</a></p></li>
""",
    "_partials/stored.html": r"""
{{- /* A fragment that more than one output of a page shows (an
       indicator's chart and reason, on the measure page, its embed page
       and the reports; a measure's report row, on the whole report and a
       body's report) is rendered once and kept in the page's Store.
       partialCached would outgrow Hugo's partial cache at one entry per
       indicator and language. */ -}}
{{- $v := .page.Store.Get .key -}}
{{- if not $v }}{{ $v = partial .partial .context }}{{ .page.Store.Set .key $v }}{{ end -}}
{{- return $v -}}
""",
    "_partials/reason.html": r"""
<span class="why">{{ i18n "why" }}:</span> {{ i18n "latest" }} {{ partial "value.html" (dict "v" .latest "d" .decimals) }}{{ with .latest }} ({{ .period }}){{ end }}; {{ i18n "target" }} {{ partial "value.html" (dict "v" .target "d" .decimals) }} ({{ .target.period }}).{{- "" -}}
""",
    "_partials/chart.html": r"""
{{- /* The points and the scale are worked out once; the chart is drawn
       twice, wide (640) and narrow (280, for phones), as gongkai's. */ -}}
{{- $i := . -}}
{{- $pts := slice -}}{{- $vals := slice -}}
{{- with $i.baseline }}{{ if isset . "value" }}{{ $pts = $pts | append (dict "v" .value "label" .period "kind" "baseline") }}{{ $vals = $vals | append .value }}{{ end }}{{ end -}}
{{- range $i.progress }}{{ if isset . "value" }}{{ $pts = $pts | append (dict "v" .value "label" .period "kind" "progress") }}{{ $vals = $vals | append .value }}{{ end }}{{ end -}}
{{- with $i.target }}{{ if isset . "value" }}{{ $pts = $pts | append (dict "v" .value "label" .period "kind" "target") }}{{ $vals = $vals | append .value }}{{ end }}{{ end -}}
{{- if ge (len $pts) 2 -}}
{{- $lo := math.Min $vals -}}{{- $hi := math.Max $vals -}}
{{- $span := sub $hi $lo -}}{{- if eq $span 0.0 }}{{ $span = 1.0 }}{{ end -}}
{{- $ys := slice -}}{{- $texts := slice -}}
{{- range $pts }}{{ $ys = $ys | append (sub 200.0 (mul 180.0 (div (sub .v $lo) $span))) }}{{ $texts = $texts | append (printf "%s %s" .label (lang.FormatNumber $i.decimals .v)) }}{{ end -}}
{{- $loText := lang.FormatNumber $i.decimals $lo -}}{{- $hiText := lang.FormatNumber $i.decimals $hi -}}
<figure class="chart-figure">
{{- range $w := slice 640 280 -}}
{{- $wide := eq $w 640 -}}{{- $id := printf "chart-%s%s-t" $i.id (cond $wide "" "-n") -}}
{{- $right := sub (float $w) 24.0 -}}{{- $step := div (sub $right 64.0) (sub (len $pts) 1) -}}
<svg class="chart chart-{{ cond $wide "wide" "narrow" }}" viewBox="0 0 {{ $w }} 240" role="img" aria-labelledby="{{ $id }}"><title id="{{ $id }}">{{ $i.name }}</title>
<line class="chart-grid" x1="64" x2="{{ $right }}" y1="200" y2="200"/><text class="chart-axis" x="58" y="204" text-anchor="end">{{ $loText }}</text>
<line class="chart-grid" x1="64" x2="{{ $right }}" y1="20" y2="20"/><text class="chart-axis" x="58" y="24" text-anchor="end">{{ $hiText }}</text>
{{- $path := "" -}}
{{- range $k, $p := $pts -}}
{{- $x := add 64.0 (mul $step $k) -}}{{- $y := index $ys $k -}}
{{- $path = printf "%s%s%.1f %.1f" $path (cond (eq $k 0) "M" "L") $x $y -}}
<circle class="chart-{{ $p.kind }}" cx="{{ printf "%.1f" $x }}" cy="{{ printf "%.1f" $y }}" r="5"/><text class="chart-label" x="{{ printf "%.1f" $x }}" y="{{ printf "%.1f" (sub $y 10) }}" text-anchor="middle">{{ index $texts $k }}</text>
{{- end -}}
<path class="chart-progress-line" d="{{ $path }}"/></svg>
{{- end -}}
</figure>
{{- end -}}
""",
    "page.embed.html": r"""
{{- /* The embed output of a measure page (/embed/<collection>/<measure>/):
       for another site's iframe, no header, menu or footer. */ -}}
<!DOCTYPE html>
<html lang="{{ site.Language.Lang }}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'none'; form-action 'self'">
<meta name="referrer" content="no-referrer">
<meta name="robots" content="noindex">
<title>{{ .Title }} · {{ site.Title }}</title>
<link rel="stylesheet" href="{{ "assets/style.css" | relURL }}">
</head>
<body class="page-embed">
<main id="main" class="embed">
<p class="embed-collection">{{ .CurrentSection.Title }} · {{ .Params.number }}</p>
<h1>{{ .Title }}</h1>
<p class="measure-status">{{ i18n "status" }}: {{ partialCached "status.html" .Params.status .Params.status site.Language.Lang }} <span class="meta"><time datetime="{{ site.Params.asOf }}">{{ i18n "as_of" }} {{ site.Params.asOfText }}</time></span></p>
{{ range .Params.indicators }}
<section class="indicator" aria-labelledby="indicator-{{ .id }}-h">
<h2 id="indicator-{{ .id }}-h">{{ .name }}{{ with .unit }} <span class="unit">({{ . }})</span>{{ end }}</h2>
<p class="indicator-status">{{ partialCached "status.html" .status .status site.Language.Lang }} <span class="reason">{{ partial "stored.html" (dict "page" $ "key" (printf "reason-%s" .id) "partial" "reason.html" "context" .) }}</span></p>
{{ partial "stored.html" (dict "page" $ "key" (printf "chart-%s" .id) "partial" "chart.html" "context" .) }}
</section>
{{ end }}
{{ with .OutputFormats.Get "html" }}<p class="embed-more"><a href="{{ .Permalink }}" target="_top">{{ i18n "embed_more" }}: {{ $.Title }}</a></p>{{ end }}
<p class="embed-site">{{ site.Title }}</p>
</main>
</body>
</html>
""",
    "report/section.html": r"""
{{ define "main" }}{{ partial "report.html" (dict "page" . "unit" "") }}{{ end }}
""",
    "report/page.html": r"""
{{ define "main" }}{{ partial "report.html" (dict "page" . "unit" .Params.unit_id) }}{{ end }}
""",
    "_partials/report.html": r"""
{{- $p := .page -}}{{- $uid := .unit -}}{{- $lang := site.Language.Lang -}}
{{- /* The measures of the report: every measure, or the body's (its
       term page lists them), by collection. */ -}}
{{- $mine := slice -}}{{- if $uid }}{{ with site.GetPage (printf "/units/%s" $uid) }}{{ $mine = .Pages }}{{ end }}{{ end -}}
{{- $cols := slice -}}{{- $all := slice -}}{{- $led := 0 -}}
{{- range site.Params.collections }}{{ with site.GetPage (printf "/%s" .) }}
{{- $pages := .RegularPages.ByWeight -}}{{- if $uid }}{{ $pages = (where $mine "Section" .Section).ByWeight }}{{ end -}}
{{- if $pages }}{{ $cols = $cols | append (dict "page" . "pages" $pages) }}{{ $all = $all | append $pages }}{{ end -}}
{{- end }}{{ end -}}
{{- if $uid }}{{ $led = len (where $all "Params.lead" "intersect" (slice $uid)) }}{{ end -}}
<nav class="breadcrumb" aria-label="{{ i18n "breadcrumb" }}"><ol><li><a href="{{ "" | relLangURL }}">{{ i18n "home" }}</a></li>{{ if $uid }}<li><a href="{{ "units/" | relLangURL }}">{{ i18n "units" }}</a></li><li><a href="{{ printf "units/%s/" $uid | relLangURL }}">{{ index (index hugo.Data.units $uid) $lang }}</a></li>{{ end }}</ol></nav>
<p class="print-only report-source">{{ i18n "printed_from" (dict "url" $p.Permalink "date" site.Params.asOfText) }}</p>
<h1>{{ $p.Title }}</h1>
<p class="report-title">{{ site.Title }} · {{ site.Params.publisher }}</p>
<p class="lead-text">{{ if $uid }}{{ i18n "report_unit_intro" (dict "led" $led "shared" (sub (len $all) $led) "date" site.Params.asOfText) }}{{ else }}{{ i18n "report_intro" (dict "count" (len $all) "date" site.Params.asOfText) }}{{ end }}</p>
<p class="print-control"><button type="button" data-print hidden>{{ i18n "print" }}</button> <span class="nojs-only">{{ i18n "print_nojs" }}</span></p>
<section aria-labelledby="h-overview"><h2 id="h-overview">{{ i18n "overview" }}</h2>{{ partial "counts.html" $all }}</section>
{{ range $cols }}{{ $c := .page }}
<section class="report-collection" aria-labelledby="report-{{ $c.Section }}">
<h2 id="report-{{ $c.Section }}"><a href="{{ $c.RelPermalink }}">{{ $c.Title }}</a></h2>
{{ partial "counts.html" .pages }}
<div class="table-scroll" tabindex="0" role="region" aria-label="{{ $c.Title }}">
<table class="report-table"><caption>{{ $c.Title }}</caption>
<thead><tr><th scope="col">{{ i18n "number" }}</th><th scope="col">{{ i18n "measure" }}</th><th scope="col">{{ i18n "lead" }}</th>{{ if $uid }}<th scope="col">{{ i18n "role" }}</th>{{ end }}<th scope="col">{{ i18n "indicators" }}</th><th scope="col">{{ i18n "status" }}</th></tr></thead>
<tbody>{{ range .pages }}
{{- /* The row is the same on the whole report and on each body's but
       for the role: its two halves are rendered once per measure. */ -}}
<tr>{{ partial "stored.html" (dict "page" . "key" "report-head" "partial" "report-head.html" "context" .) }}{{ if $uid }}<td>{{ if in .Params.lead $uid }}{{ i18n "role_lead" }}{{ else }}{{ i18n "role_shared" }}{{ end }}</td>{{ end }}{{ partial "stored.html" (dict "page" . "key" "report-tail" "partial" "report-tail.html" "context" .) }}</tr>{{ end }}</tbody>
</table></div>
</section>
{{ end }}
{{ if $uid }}<p class="report-links"><a href="{{ "report/" | relLangURL }}">{{ i18n "full_report" }}</a></p>{{ else }}
<section class="report-links" aria-labelledby="h-unit-reports"><h2 id="h-unit-reports">{{ i18n "unit_reports" }}</h2>
<ul class="inline">{{ range $p.RegularPages.ByWeight }}<li><a href="{{ .RelPermalink }}">{{ index (index hugo.Data.units .Params.unit_id) $lang }}</a></li>{{ end }}</ul></section>{{ end }}
""",
    "_partials/report-head.html": r"""
<td class="num">{{ .Params.number }}</td><th scope="row"><a href="{{ .RelPermalink }}">{{ .Title }}</a></th><td>{{ partial "unitlinks.html" (dict "ids" .Params.lead "sep" "<br>") }}</td>{{- "" -}}
""",
    "_partials/report-tail.html": r"""
{{- $p := . -}}
<td><ul class="cells">{{ range .Params.indicators }}<li><span class="cell-name">{{ .name }}</span>{{ with .unit }} <span class="unit">({{ . }})</span>{{ end }}<br><span class="trio"><span>{{ partial "value.html" (dict "v" .baseline "d" .decimals) }}</span> → <span>{{ partial "value.html" (dict "v" .latest "d" .decimals) }}{{ with .latest }} ({{ .period }}){{ end }}</span> → <span>{{ partial "value.html" (dict "v" .target "d" .decimals) }}</span></span> {{ partialCached "status.html" .status .status site.Language.Lang }}<br><span class="reason">{{ partial "stored.html" (dict "page" $p "key" (printf "reason-%s" .id) "partial" "reason.html" "context" .) }}</span></li>{{ end }}</ul></td><td>{{ partialCached "status.html" .Params.status .Params.status site.Language.Lang }}</td>{{- "" -}}
""",
    "home.html": r"""
{{ define "main" }}
{{ $measures := where site.RegularPages "Section" "in" site.Params.collections }}
<h1>{{ site.Title }}</h1>
<p class="lead-text">{{ i18n "intro" (dict "collections" (len site.Params.collections) "measures" (len $measures)) }}</p>
<p class="report-link"><a href="{{ "report/" | relLangURL }}">{{ i18n "report_link" }}</a></p>
<section aria-labelledby="h-overall"><h2 id="h-overall">{{ i18n "overall" }}</h2>{{ partial "counts.html" $measures }}</section>
<section aria-labelledby="h-collections"><h2 id="h-collections">{{ i18n "by_collection" }}</h2>
<div class="cards">
{{ range site.Params.collections }}{{ with site.GetPage (printf "/%s" .) }}
{{ $pages := .RegularPages }}
<article class="card"><h3><a href="{{ .RelPermalink }}">{{ .Title }}</a> <span class="count">{{ len $pages }} {{ i18n "measures_unit" }}</span></h3>
{{ partial "counts.html" $pages }}
{{ $col := index hugo.Data.collections .Section }}
<ul class="category-list">{{ range $col.categories }}{{ $cp := where $pages "Params.category" .id }}<li><a href="{{ printf "categories/%s/" .term | relLangURL }}">{{ index .title site.Language.Lang }}</a> <span class="muted">{{ len $cp }} {{ i18n "measures_unit" }}</span>{{ partial "counts.html" $cp }}</li>{{ end }}</ul>
</article>
{{ end }}{{ end }}
</div></section>
<section aria-labelledby="h-latest"><h2 id="h-latest">{{ i18n "latest" }}</h2>
<ol class="updates">
{{ $byPath := partialCached "measures-by-path.html" . site.Language.Lang }}{{ range first 8 hugo.Data.updates }}{{ partial "update.html" (dict "pages" $byPath "key" .) }}{{ end }}
</ol>
<p><a href="{{ "updates/" | relLangURL }}">{{ i18n "all_updates" }}</a></p></section>
<section aria-labelledby="h-statuses"><h2 id="h-statuses">{{ i18n "statuses" }}</h2>
<dl class="legend">{{ range site.Params.statuses }}<div><dt>{{ partialCached "status.html" . . site.Language.Lang }}</dt><dd>{{ i18n (printf "meaning_%s" .) }}</dd></div>{{ end }}</dl></section>
{{ end }}
""",
    "section.html": r"""
{{ define "main" }}
{{ $col := index hugo.Data.collections .Section }}
<h1>{{ .Title }}</h1>
<div class="intro">{{ .Content }}</div>
{{ partial "counts.html" .RegularPages }}
<nav class="browse" aria-labelledby="h-browse"><h2 id="h-browse">{{ i18n "browse" }}</h2>
<p><span class="browse-label">{{ i18n "by_status" }}:</span> {{ range $k, $s := site.Params.statuses }}{{ if $k }} · {{ end }}<a href="{{ printf "status/%s/" $s | relLangURL }}">{{ i18n (printf "status_%s" $s) }}</a>{{ end }}</p>
<p><span class="browse-label">{{ i18n "by_category" }}:</span> {{ range $k, $c := $col.categories }}{{ if $k }} · {{ end }}<a href="{{ printf "categories/%s/" $c.term | relLangURL }}">{{ index $c.title site.Language.Lang }}</a>{{ end }}</p>
<p><span class="browse-label">{{ i18n "by_unit" }}:</span> <a href="{{ "units/" | relLangURL }}">{{ i18n "units" }}</a></p>
</nav>
{{ partial "rows.html" (dict "pages" .RegularPages.ByWeight "showCollection" false "caption" (i18n "caption" (dict "count" (len .RegularPages)))) }}
{{ end }}
""",
    "page.html": r"""
{{ define "main" }}
{{ $lang := site.Language.Lang }}
{{ $term := index .Params.categories 0 }}
{{ $cat := index hugo.Data.categories $term }}
{{ $colPage := .CurrentSection }}
<nav class="breadcrumb" aria-label="{{ i18n "breadcrumb" }}"><ol><li><a href="{{ "" | relLangURL }}">{{ i18n "home" }}</a></li><li><a href="{{ $colPage.RelPermalink }}">{{ $colPage.Title }}</a></li><li><a href="{{ printf "categories/%s/" $term | relLangURL }}">{{ index $cat.title $lang }}</a></li></ol></nav>
<h1><span class="number">{{ .Params.number }}</span> {{ .Title }}</h1>
<p class="measure-status">{{ i18n "status" }}: {{ partialCached "status.html" .Params.status .Params.status site.Language.Lang }}</p>
<dl class="facts measure-facts">
<div><dt>{{ i18n "collection" }}</dt><dd><a href="{{ $colPage.RelPermalink }}">{{ $colPage.Title }}</a></dd></div>
<div><dt>{{ i18n "category" }}</dt><dd><a href="{{ printf "categories/%s/" $term | relLangURL }}">{{ index $cat.title $lang }}</a></dd></div>
<div><dt>{{ i18n "plan_number" }}</dt><dd>{{ .Params.number }}</dd></div>
<div><dt>{{ i18n "lead" }}</dt><dd>{{ partial "unitlinks.html" (dict "ids" .Params.lead "sep" (i18n "list_separator")) }}</dd></div>
{{ with .Params.others }}<div><dt>{{ i18n "other_units" }}</dt><dd>{{ partial "unitlinks.html" (dict "ids" . "sep" (i18n "list_separator")) }}</dd></div>{{ end }}
{{ with .Params.assessment }}<div><dt>{{ i18n "assessment" }}</dt><dd>{{ index (index hugo.Data.assessment .) $lang }}</dd></div>{{ end }}
</dl>
<section aria-labelledby="h-summary"><h2 id="h-summary">{{ i18n "summary" }}</h2>{{ .Content }}</section>
{{ with .Params.tasks }}<section aria-labelledby="h-tasks"><h2 id="h-tasks">{{ i18n "tasks" }}</h2><ol class="tasks">{{ range . }}<li>{{ . | markdownify }}</li>{{ end }}</ol></section>{{ end }}
{{ with .Params.indicators }}
<section aria-labelledby="h-indicators"><h2 id="h-indicators">{{ i18n "indicators" }}</h2>
{{ range . }}
<article class="indicator" id="indicator-{{ .id }}" aria-labelledby="indicator-{{ .id }}-h">
<h3 id="indicator-{{ .id }}-h">{{ .name }}{{ with .unit }} <span class="unit">({{ . }})</span>{{ end }}</h3>
<div class="verdict"><p class="indicator-status">{{ partialCached "status.html" .status .status site.Language.Lang }}{{ if .declared }} <span class="declared">{{ i18n "declared_note" }}</span>{{ end }}</p>
<p class="reason">{{ partial "stored.html" (dict "page" $ "key" (printf "reason-%s" .id) "partial" "reason.html" "context" .) }}</p></div>
<p class="meta">{{ i18n "direction" }}: {{ i18n (printf "direction_%s" .direction) }}{{ with .tolerance }} · ±{{ . }}{{ end }}</p>
{{ with .defined_in }}<p class="meta">{{ i18n "defined_in" }}: <a href="{{ .path | relLangURL }}">{{ .title }}</a></p>{{ end }}
{{ with .also_used }}<p class="meta">{{ i18n "also_used" }}: {{ range $k, $u := . }}{{ if $k }}{{ i18n "list_separator" }}{{ end }}<a href="{{ $u.path | relLangURL }}">{{ $u.title }}</a>{{ end }}</p>{{ end }}
{{ partial "stored.html" (dict "page" $ "key" (printf "chart-%s" .id) "partial" "chart.html" "context" .) }}
{{ $i := . }}
<div class="table-scroll" tabindex="0" role="region" aria-label="{{ i18n "figures" }}: {{ .name }}">
<table class="figures"><caption>{{ i18n "figures" }}: {{ .name }}</caption>
<thead><tr><th scope="col">{{ i18n "kind" }}</th><th scope="col">{{ i18n "period" }}</th><th scope="col">{{ i18n "value" }}{{ with .unit }} ({{ . }}){{ end }}</th><th scope="col">{{ i18n "note" }}</th></tr></thead>
<tbody>
<tr class="fig-baseline"><th scope="row">{{ i18n "baseline" }}</th><td>{{ .baseline.period }}</td><td class="num">{{ partial "value.html" (dict "v" .baseline "d" .decimals) }}</td><td></td></tr>
{{ range .progress }}<tr class="fig-progress"><th scope="row">{{ i18n "progress" }}</th><td>{{ .period }}</td><td class="num">{{ if isset . "value" }}{{ lang.FormatNumber $i.decimals .value }}{{ else }}{{ .text }}{{ end }}</td><td>{{ with .status }}{{ partialCached "status.html" . . site.Language.Lang }} {{ end }}{{ with .note }}{{ . | markdownify }}{{ end }}<span class="source">{{ i18n "source" }}: <a href="{{ .source.url }}" rel="external">{{ .source.title }}</a>{{ with .source.date }} ({{ . }}){{ end }}</span></td></tr>{{ end }}
<tr class="fig-target"><th scope="row">{{ i18n "target" }}</th><td>{{ .target.period }}</td><td class="num">{{ partial "value.html" (dict "v" .target "d" .decimals) }}</td><td></td></tr>
</tbody></table></div>
{{ with .note }}<div class="note"><p class="note-label">{{ i18n "note" }}</p>{{ . | markdownify }}</div>{{ end }}
</article>
{{ end }}
</section>
{{ end }}
{{ with .Params.record }}<details class="record"><summary>{{ i18n "record" }}</summary>
<p>{{ i18n "record_intro" }} <code>{{ $.Params.record_path }}</code></p>
{{ if site.Params.highlightRecord }}{{ transform.Highlight . "yaml" }}{{ else }}<pre class="code"><code>{{ . }}</code></pre>{{ end }}
</details>{{ end }}
{{ end }}
""",
    "categories/term.html": r"""
{{ define "main" }}
{{ $colPage := site.GetPage (printf "/%s" .Params.collection) }}
<nav class="breadcrumb" aria-label="{{ i18n "breadcrumb" }}"><ol><li><a href="{{ "" | relLangURL }}">{{ i18n "home" }}</a></li><li><a href="{{ $colPage.RelPermalink }}">{{ $colPage.Title }}</a></li></ol></nav>
<h1>{{ $colPage.Title }}: {{ .Title }}</h1>
{{ partial "counts.html" .Pages }}
{{ partial "rows.html" (dict "pages" .Pages.ByWeight "showCollection" false "caption" (i18n "caption" (dict "count" (len .Pages)))) }}
{{ end }}
""",
    "status/term.html": r"""
{{ define "main" }}
<h1>{{ partialCached "status.html" .Params.status_id .Params.status_id site.Language.Lang }} {{ i18n "status_page" (dict "status" .Title) }}</h1>
<p class="meta">{{ i18n (printf "meaning_%s" .Params.status_id) }}</p>
{{ $pages := slice }}{{ range site.Params.collections }}{{ with site.GetPage (printf "/%s" .) }}{{ $pages = $pages | append (where .RegularPages.ByWeight "Params.status" $.Params.status_id) }}{{ end }}{{ end }}
{{ partial "rows.html" (dict "pages" $pages "showCollection" true "caption" (i18n "caption" (dict "count" (len $pages)))) }}
<nav class="browse"><h2>{{ i18n "other_statuses" }}</h2><ul class="inline">{{ range site.Params.statuses }}{{ if ne . $.Params.status_id }}<li><a href="{{ printf "status/%s/" . | relLangURL }}">{{ i18n (printf "status_%s" .) }}</a></li>{{ end }}{{ end }}</ul></nav>
{{ end }}
""",
    "units/term.html": r"""
{{ define "main" }}
{{ $id := .Params.unit_id }}{{ $u := index hugo.Data.units $id }}
{{ $led := where .Pages.ByWeight "Params.lead" "intersect" (slice $id) }}
{{ $shared := where .Pages.ByWeight "Params.others" "intersect" (slice $id) }}
<nav class="breadcrumb" aria-label="{{ i18n "breadcrumb" }}"><ol><li><a href="{{ "" | relLangURL }}">{{ i18n "home" }}</a></li><li><a href="{{ "units/" | relLangURL }}">{{ i18n "units" }}</a></li></ol></nav>
<h1>{{ .Title }}</h1>
<p class="report-link"><a href="{{ printf "units/%s/report/" $id | relLangURL }}">{{ i18n "report_unit_link" }}</a></p>
<dl class="facts">
<div><dt>{{ i18n "leads" }}</dt><dd>{{ len $led }}</dd></div>
<div><dt>{{ i18n "shares" }}</dt><dd>{{ len $shared }}</dd></div>
{{ with $u.aliases }}<div><dt>{{ i18n "aliases" }}</dt><dd lang="zh">{{ delimit . (i18n "list_separator") }}</dd></div>{{ end }}
{{ with $u.url }}<div><dt>{{ i18n "website" }}</dt><dd><a href="{{ . }}" rel="external">{{ . }}</a></dd></div>{{ end }}
</dl>
<h2>{{ i18n "unit_statuses" }}</h2>
{{ partial "counts.html" .Pages }}
{{ with $led }}<h2>{{ i18n "leads" }}</h2>{{ partial "rows.html" (dict "pages" . "showCollection" true "caption" (i18n "leads")) }}{{ end }}
{{ with $shared }}<h2>{{ i18n "shares" }}</h2>{{ partial "rows.html" (dict "pages" . "showCollection" true "caption" (i18n "shares")) }}{{ end }}
{{ end }}
""",
    "units/taxonomy.html": r"""
{{ define "main" }}
<h1>{{ i18n "units" }}</h1>
<p>{{ i18n "units_intro" }}</p>
<div class="table-scroll" tabindex="0" role="region" aria-label="{{ i18n "units" }}">
<table class="units-table" data-sortable><caption>{{ i18n "units" }}</caption>
<thead><tr><th scope="col">{{ i18n "units" }}</th><th scope="col">{{ i18n "leads" }}</th><th scope="col">{{ i18n "shares" }}</th><th scope="col">{{ i18n "unit_statuses" }}</th></tr></thead>
<tbody>{{ range .Pages }}{{ $id := .Params.unit_id }}{{ $led := where .Pages "Params.lead" "intersect" (slice $id) }}<tr>
<th scope="row" data-value="{{ .Title }}"><a href="{{ .RelPermalink }}">{{ .Title }}</a></th>
<td data-value="{{ len $led }}">{{ len $led }}</td>
<td data-value="{{ sub (len .Pages) (len $led) }}">{{ sub (len .Pages) (len $led) }}</td>
<td>{{ partial "counts.html" .Pages }}</td>
</tr>{{ end }}</tbody></table></div>
{{ end }}
""",
    "taxonomy.html": r"""
{{ define "main" }}
<h1>{{ .Title }}</h1>
<ul>{{ range .Pages }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a> <span class="muted">{{ len .Pages }}</span></li>{{ end }}</ul>
{{ end }}
""",
    "updates/section.html": r"""
{{ define "main" }}{{ partial "updates-page.html" . }}{{ end }}
""",
    "updates/page.html": r"""
{{ define "main" }}{{ partial "updates-page.html" . }}{{ end }}
""",
    "_partials/updates-page.html": r"""
{{- $per := 100 -}}{{- $n := .Params.pageno -}}{{- $pages := .Params.pages -}}
{{- $base := "updates/" | relLangURL -}}
<h1>{{ .Title }}</h1>
<p>{{ i18n "updates_intro" }}</p>
<ol class="updates">
{{ $byPath := partialCached "measures-by-path.html" . site.Language.Lang }}{{ range first $per (after (mul (sub $n 1) $per) hugo.Data.updates) }}{{ partial "update.html" (dict "pages" $byPath "key" .) }}{{ end }}
</ol>
{{ if gt $pages 1 }}<nav class="pagination" aria-label="{{ i18n "update_pages" }}"><ul class="inline">
{{- if gt $n 1 }}<li><a href="{{ if eq $n 2 }}{{ $base }}{{ else }}{{ printf "%spage/%d/" $base (sub $n 1) }}{{ end }}" rel="prev">{{ i18n "newer" }}</a></li>{{ end -}}
{{- $after := 0 }}{{ range seq $pages }}{{ $near := and (ge (add . 2) $n) (le . (add $n 2)) }}{{ if or (eq . 1) (eq . $pages) $near (and (eq . 2) (le $n 5)) (and (eq . (sub $pages 1)) (ge $n (sub $pages 4))) }}{{ if gt (sub . $after) 1 }}<li>…</li>{{ end }}{{ $after = . }}<li>{{ if eq . $n }}<span aria-current="page">{{ . }}</span>{{ else }}<a href="{{ if eq . 1 }}{{ $base }}{{ else }}{{ printf "%spage/%d/" $base . }}{{ end }}">{{ . }}</a>{{ end }}</li>{{ end }}{{ end -}}
{{- if lt $n $pages }}<li><a href="{{ printf "%spage/%d/" $base (add $n 1) }}" rel="next">{{ i18n "older" }}</a></li>{{ end -}}
</ul></nav>{{ end }}
""",
    "methodology.html": r"""
{{ define "main" }}
<h1>{{ i18n "methodology" }}</h1>
<p>{{ i18n "methodology_intro" }}</p>
<h2>{{ i18n "statuses" }}</h2>
<dl class="legend">{{ range site.Params.statuses }}<div><dt>{{ partialCached "status.html" . . site.Language.Lang }}</dt><dd>{{ i18n (printf "meaning_%s" .) }}</dd></div>{{ end }}</dl>
{{ end }}
""",
    "search.html": r"""
{{ define "main" }}
<h1>{{ i18n "search" }}</h1>
<form role="search" action="https://www.bing.com/search"><p><label for="q">{{ i18n "search" }}</label> <input id="q" name="q" type="search"> <button type="submit">{{ i18n "search" }}</button></p></form>
{{ end }}
""",
    "prose.html": r"""
{{ define "main" }}
<h1>{{ .Title }}</h1>
<div class="prose">{{ .Content }}</div>
{{ end }}
""",
    "404.html": r"""
{{ define "main" }}
<h1>{{ i18n "not_found" }}</h1>
<p><a href="{{ "" | relLangURL }}">{{ i18n "home" }}</a></p>
{{ end }}
""",
}

STYLE_CSS = """\
:root{--fg:#1b1b1b;--muted:#5a5a5a;--line:#d0d0d0;--accent:#0b5cad}
body{margin:0;font:16px/1.6 system-ui,sans-serif;color:var(--fg)}
.wrap{max-width:72rem;margin:0 auto;padding:0 1rem}
table{border-collapse:collapse;width:100%}th,td{border-bottom:1px solid var(--line);padding:.3rem .5rem;text-align:left;vertical-align:top}
.status{white-space:nowrap}.status-achieved{color:#1a7f37}.status-on-track{color:#0b5cad}.status-at-risk{color:#b35900}.status-missed{color:#b3261e}
.chart{width:100%;max-width:640px}.chart-grid{stroke:var(--line)}.chart-progress-line{fill:none;stroke:var(--accent);stroke-width:2}
"""

I18N = {
    "zh": {
        "site_title": "示范区2024年度共同富裕工作要点", "skip": "跳到正文", "language": "语言", "main_nav": "主菜单",
        "home": "总览", "units": "责任单位", "updates": "最新进展", "methodology": "方法说明", "search": "搜索",
        "about": "关于本站", "notice": "说明", "as_of": "数据截至", "publisher": "发布单位", "print_url": "网址:",
        "categories": "领域", "status_heading": "状态",
        "status_achieved": "已完成", "status_on-track": "进展顺利", "status_at-risk": "存在风险",
        "status_missed": "未完成", "status_not-reported": "暂无进展", "status_not-assessed": "未评估",
        "symbol_achieved": "✓", "symbol_on-track": "→", "symbol_at-risk": "!", "symbol_missed": "✗",
        "symbol_not-reported": "…", "symbol_not-assessed": "○",
        "meaning_achieved": "最新数值达到目标(“保持”类指标须在目标期结束时仍处于允许范围内)。",
        "meaning_on-track": "尚未达到目标,但不低于按进度应达到的水平。",
        "meaning_at-risk": "落后于按进度应达到的水平,或超出允许范围。",
        "meaning_missed": "目标期已结束,最新数值未达到目标。",
        "meaning_not-reported": "尚未报告进展数值。",
        "meaning_not-assessed": "已报告进展,但目标为定性目标且未声明状态。",
        "intro": "共{{ .collections }}类{{ .measures }}项。", "overall": "进展总览", "by_collection": "各类别状态",
        "measures_unit": "项", "latest": "最新", "all_updates": "全部进展", "statuses": "状态",
        "browse": "分类浏览", "by_status": "按状态", "by_category": "按领域", "by_unit": "按责任单位",
        "caption": "共{{ .count }}项", "number": "序号", "measure": "名称", "collection": "类别", "category": "领域",
        "lead": "牵头单位", "indicators_trio": "指标(基期 → 最新 → 目标)", "status": "状态", "empty": "暂无。",
        "breadcrumb": "当前位置", "plan_number": "计划序号", "other_units": "其他责任单位", "assessment": "指标属性",
        "summary": "概述", "tasks": "重点任务", "indicators": "指标", "declared_note": "此状态由数据声明,并非根据数值计算。",
        "why": "依据", "target": "目标值", "direction": "方向", "direction_increase": "越高越好",
        "direction_decrease": "越低越好", "direction_maintain": "保持在目标范围内", "direction_none": "无方向",
        "defined_in": "定义于", "also_used": "同时列于", "figures": "数值", "kind": "类型", "period": "时期",
        "value": "数值", "note": "备注", "baseline": "基期值", "progress": "进展", "source": "出处",
        "list_separator": "、", "status_page": "状态为“{{ .status }}”的事项", "other_statuses": "其他状态",
        "leads": "牵头", "shares": "参与", "aliases": "其他写法", "website": "网站", "unit_statuses": "所涉事项状态",
        "units_intro": "计划中列出的全部单位,及其牵头或参与的事项。", "updates_intro": "各项进展,按时间倒序排列。",
        "updates_page": "最新进展(第{page}页,共{pages}页)", "update_pages": "进展分页", "newer": "较新", "older": "较早",
        "methodology_intro": "本页说明如何根据数值计算各指标的状态。",
        "record": "原始记录(YAML)", "record_intro": "数据仓库中保存的原始记录。", "not_found": "页面不存在",
        "embed_more": "在本站查看详情", "report_heading": "进展报告", "report_unit_heading": "{unit}进展报告",
        "report_intro": "本计划全部{{ .count }}项,数据截至{{ .date }}。",
        "report_unit_intro": "本单位牵头的{{ .led }}项和参与的{{ .shared }}项,数据截至{{ .date }}。",
        "report_link": "全部事项打印版报告", "report_unit_link": "本单位事项打印版报告", "print": "打印或另存为PDF",
        "print_nojs": "如需打印本报告或另存为PDF,请使用浏览器的“打印”命令(Ctrl+P,Mac上为⌘P)。",
        "overview": "状态概览", "unit_reports": "各单位报告", "full_report": "全部事项报告", "role": "职责",
        "role_lead": "牵头", "role_shared": "参与", "reason": "依据", "printed_from": "打印自{{ .url }} · 数据截至{{ .date }}",
    },
    "en": {
        "site_title": "Demonstration District common-prosperity work plan for 2024", "skip": "Skip to content",
        "language": "Language", "main_nav": "Main menu", "home": "Overview", "units": "Responsible bodies",
        "updates": "Latest progress", "methodology": "Methodology", "search": "Search", "about": "About this site",
        "notice": "Notice", "as_of": "Data as of", "publisher": "Publisher", "print_url": "Address:",
        "categories": "Categories", "status_heading": "Status",
        "status_achieved": "Achieved", "status_on-track": "On track", "status_at-risk": "At risk",
        "status_missed": "Missed", "status_not-reported": "Not reported", "status_not-assessed": "Not assessed",
        "symbol_achieved": "✓", "symbol_on-track": "→", "symbol_at-risk": "!", "symbol_missed": "✗",
        "symbol_not-reported": "…", "symbol_not-assessed": "○",
        "meaning_achieved": "The latest value meets the target (for \"maintain\", the target period has ended within the tolerance).",
        "meaning_on-track": "Not yet achieved, but at or ahead of the expected path.",
        "meaning_at-risk": "Behind the expected path, or outside the tolerance band.",
        "meaning_missed": "The target period has ended and the latest value does not meet the target.",
        "meaning_not-reported": "No progress value has been reported yet.",
        "meaning_not-assessed": "Progress has been reported, but the target is qualitative and no status was declared.",
        "intro": "{{ .measures }} measures in {{ .collections }} collections.", "overall": "Progress overview",
        "by_collection": "Status by collection", "measures_unit": "measures", "latest": "Latest",
        "all_updates": "All progress", "statuses": "Statuses", "browse": "Browse", "by_status": "By status",
        "by_category": "By category", "by_unit": "By responsible body", "caption": "{{ .count }} measures",
        "number": "No.", "measure": "Measure", "collection": "Collection", "category": "Category", "lead": "Lead",
        "indicators_trio": "Indicators (baseline → latest → target)", "status": "Status", "empty": "None.",
        "breadcrumb": "You are here", "plan_number": "Plan number", "other_units": "Other responsible bodies",
        "assessment": "Assessment", "summary": "Summary", "tasks": "Key tasks", "indicators": "Indicators",
        "declared_note": "This status is declared in the data, not computed from the figures.", "why": "Why",
        "target": "Target", "direction": "Direction", "direction_increase": "Higher is better",
        "direction_decrease": "Lower is better", "direction_maintain": "Stay within the target band",
        "direction_none": "No direction", "defined_in": "Defined in", "also_used": "Also listed in",
        "figures": "Figures", "kind": "Kind", "period": "Period", "value": "Value", "note": "Note",
        "baseline": "Baseline", "progress": "Progress", "source": "Source", "list_separator": ", ",
        "status_page": "Measures with status \u201c{{ .status }}\u201d", "other_statuses": "Other statuses",
        "leads": "Leads", "shares": "Shares", "aliases": "Other names", "website": "Website",
        "unit_statuses": "Status of its measures",
        "units_intro": "Every body named in the plan, with the measures it leads or shares.",
        "updates_intro": "Every progress entry, newest first.",
        "updates_page": "Updates, page {page} of {pages}", "update_pages": "Pages of updates", "newer": "Newer", "older": "Older",
        "methodology_intro": "How each indicator's status is worked out from the figures.",
        "record": "Original record (YAML)", "record_intro": "The record as kept in the data repository.", "not_found": "Page not found",
        "embed_more": "Full details on the site", "report_heading": "Progress report",
        "report_unit_heading": "{unit}: progress report",
        "report_intro": "All {{ .count }} measures of the plan, with data as of {{ .date }}.",
        "report_unit_intro": "The measures this body leads ({{ .led }}) or shares ({{ .shared }}), with data as of {{ .date }}.",
        "report_link": "Printable report of the whole plan", "report_unit_link": "Printable report of this body's measures",
        "print": "Print or save as PDF",
        "print_nojs": "To print this report or save it as a PDF, use your browser's Print command (Ctrl+P, or ⌘P on a Mac).",
        "overview": "Status overview", "unit_reports": "Reports of each body", "full_report": "The whole plan's report",
        "role": "Role", "role_lead": "Lead", "role_shared": "Shares", "reason": "Why",
        "printed_from": "Printed from {{ .url }} · data as of {{ .date }}",
    },
}


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("n", type=int, help="number of measures")
    ap.add_argument("outdir", help="output folder (its gongkai/ and hugo/ are replaced)")
    ap.add_argument("--seed", type=int, default=20240930)
    ap.add_argument("--hugo-record", default="highlight", choices=["highlight", "plain", "none"],
                    help="how Hugo measure pages show the YAML record, as gongkai's do "
                         "(highlight: with Hugo's highlighter, the default; plain: unhighlighted; none: left out)")
    ap.add_argument("--bodies", type=int, default=len(UNITS),
                    help=f"responsible bodies (default {len(UNITS)}; at least 5, as a measure names up to 5)")
    args = ap.parse_args(argv)
    if args.n < 1:
        ap.error("N must be at least 1")
    if args.bodies < 5:
        ap.error("--bodies must be at least 5")
    set_bodies(args.bodies)
    gen = Generator(args.n, args.seed, args.hugo_record).build()
    for sub in ("gongkai", "hugo"):
        shutil.rmtree(os.path.join(args.outdir, sub), ignore_errors=True)
    gen.write_gongkai(os.path.join(args.outdir, "gongkai"))
    gen.write_hugo(os.path.join(args.outdir, "hugo"))
    n_ind = sum(1 for m in gen.measures for i in m["indicators"] if "ref" not in i)
    n_ref = sum(1 for m in gen.measures for i in m["indicators"] if "ref" in i)
    print(f"{args.n} measures, {n_ind} indicators, {n_ref} references -> {args.outdir}", file=sys.stderr)


if __name__ == "__main__":
    main()
