"""Write the bundled Zhenjiang sample (src/chaingap/sample/zhenjiang/) deterministically.

Run from the repository root: ``python scripts/make_sample.py`` (or give another folder).
The districts, chains and named projects follow public reports on Zhenjiang, Jiangsu (see
the ``sources`` in dataset.yaml); every enterprise, figure and date not in those reports is
invented and marked ``illustrative`` in the row itself.

The analysis's findings are planted on purpose: each link has a planned status (missing,
weak, normal, strong) and the local and pool counts and revenues are solved so that the
location quotient of a normal link is 1 (by count and by revenue, against the graph and
against benchmarks.csv), of a strong link about 2.5, of a weak link about 0.3 by count and
0.1 by revenue. PLANTED.md lists the result and the script checks it before writing.
"""

from __future__ import annotations

import argparse
import random
import shutil
import sys
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

from chaingap.sample.creditcode import mint
from chaingap.sample.history import CHAIN_CODES, Project, make_commitments, make_history, money_wan
from chaingap.sample.names import POOL_PLACE_WEIGHTS, POOL_PLACES, company_name, trade_name
from chaingap.sample.tables import FileSink, write_yaml

SEED = 20240330
AS_OF = date(2025, 6, 30)
RATIO = 8.0  # pool firms per local firm in a normal link (count), and pool revenue per local revenue
TARGET_LQ = {"strong": 3.0, "normal": 1.0, "weak": 0.3}  # before the local firms join the benchmark
TARGET_LQ_REVENUE = {"strong": 3.0, "normal": 1.0, "weak": 0.1}
LOCAL_COUNT = {"strong": (10, 13), "normal": (3, 4), "weak": (1, 2), "missing": (0, 0)}
SUBLINK_COUNT = (5, 7)
REVENUE_BOOST = {"strong": 2.5, "normal": 1.0, "weak": 0.2}
BENCHMARK_SCALE = 55  # national totals ~ 55 times what the graph holds
ILLUSTRATIVE = "illustrative (invented for the chaingap sample)"
PUBLIC_Q1 = "镇江:跑好产业强市高质量'第一棒' (Q1 2024 project report, republished 2024-09-24)"
PUBLIC_STAGES = PUBLIC_Q1 + "; signing dates other than 2024-03-30 and later stages illustrative"

SOURCES = [
    {"id": "q1-2024", "title": PUBLIC_Q1,
     "used_for": "the named projects, their investment, districts and the 2024-03-30 signing"},
    {"id": "aerospace-2024", "title": "reports of 2024 on Zhenjiang aerospace (aitewo.net news-2118; 163.com JCR6H4D4055634P6)",
     "used_for": "aerospace as one of 8 key chains; aluminium and composite structural parts as its strength"},
    {"id": "dev-zone-2024", "title": "js.ifeng.com/c/8pf3dH8DZ2u (economic-development zone industries, 2024)",
     "used_for": "new energy (power batteries, photovoltaics), new materials, aerospace, biomedicine in 镇江新区"},
    {"id": "hightech-zone-2024", "title": "tomorrow-never-dies.com/chanyeyaowen/31754.html (high-tech zone, 2024)",
     "used_for": "ship and offshore equipment and semiconductors in 镇江高新区"},
    {"id": "yangzhong-2021", "title": "jsnews.jschina.com.cn/jsyw/202105/t20210504_2775278.shtml",
     "used_for": "扬中 electrical equipment, new energy and auto parts; 丹阳 medical devices and eyewear"},
    {"id": "gb2260", "title": "GB/T 2260 administrative division codes", "used_for": "admin codes of 镇江市 and its units"},
    {"id": "gb4754", "title": "GB/T 4754-2017 国民经济行业分类", "used_for": "industry codes on links"},
    {"id": "illustrative", "title": ILLUSTRATIVE,
     "used_for": "every enterprise, the pool, revenues, flags, supply ties, products, brands, benchmarks, "
                 "parks and bases, the unnamed projects, and project stages after signing"},
]

# --------------------------------------------------------------------------------------
# Districts: id, name, kind, parent, admin code, source
DISTRICTS = [
    ("zhenjiang", "镇江市", "city", "", "321100", "gb2260"),
    ("jingkou", "京口区", "district", "zhenjiang", "321102", "gb2260"),
    ("runzhou", "润州区", "district", "zhenjiang", "321111", "gb2260"),
    ("dantu", "丹徒区", "district", "zhenjiang", "321112", "gb2260"),
    ("danyang", "丹阳市", "county_city", "zhenjiang", "321181", "gb2260"),
    ("yangzhong", "扬中市", "county_city", "zhenjiang", "321182", "gb2260"),
    ("jurong", "句容市", "county_city", "zhenjiang", "321183", "gb2260"),
    ("zjxq", "镇江新区", "dev_zone", "zhenjiang", "", "dev-zone-2024"),
    ("zjgx", "镇江高新区", "hightech_zone", "zhenjiang", "", "hightech-zone-2024"),
    ("aero-park", "镇江新区航空航天产业园", "park", "zjxq", "", "illustrative"),
    ("eyewear-park", "丹阳眼镜产业园", "park", "danyang", "", "illustrative"),
    ("electric-park", "扬中智能电气产业园", "park", "yangzhong", "", "illustrative"),
    ("datalake-park", "润州数据湖产业园", "park", "runzhou", "", "q1-2024"),
]
_ADMIN = {d[0]: d[4] for d in DISTRICTS}
_ADMIN_OF = {"zjxq": "321100", "zjgx": "321100", "aero-park": "321100", "eyewear-park": "321181",
             "electric-park": "321182", "datalake-park": "321111"}
_PLACE_OF = {"danyang": "丹阳", "yangzhong": "扬中", "jurong": "句容", "eyewear-park": "丹阳",
             "electric-park": "扬中"}
_ROADS = ["长江路", "学府路", "金港大道", "丁卯桥路", "经十五路", "港南路", "新区大道", "云阳路", "三茅路", "华阳路"]

# --------------------------------------------------------------------------------------
# Chains. A link row: id | name | name_en | segment | code | keywords | status | parent
# status: S strong, N normal, W weak, M missing. Feeds: "a>b" pairs (ids without the prefix).
_STATUS = {"S": "strong", "N": "normal", "W": "weak", "M": "missing"}

CLUSTERS = [
    ("high-end-equipment", "高端装备制造", "High-end equipment", ["aero", "ship", "elec"]),
    ("new-energy", "新能源", "New energy", ["ne", "nev"]),
    ("new-materials", "新材料", "New materials", ["nm"]),
    ("digital-health", "新一代信息技术与生命健康", "Digital technology and life sciences", ["semi", "bio"]),
]

CHAINS = {
    "aero": ("航空航天", "Aerospace", {"zjxq": 4, "aero-park": 4, "zjgx": 1, "dantu": 1}, """
materials|航空金属材料|Aviation metal stock|upstream||航空铝材;钛合金棒材|N|
prepreg|航空预浸料|Aerospace prepregs|upstream||预浸料;环氧树脂基|W|
forgings|航空锻铸件|Aerospace forgings and castings|upstream|3392|锻件;精密铸造|N|
chips|航电芯片与元器件|Avionics chips and components|upstream||航电芯片;机载元器件|M|
fasteners|航空紧固件|Aerospace fasteners|upstream|3482|紧固件;航空标准件|N|
al-parts|铝合金结构件|Aluminium alloy structural parts|midstream||铝合金结构件;钣金件;机加件|S|
composite-parts|复合材料结构件|Composite structural parts|midstream|3062|复合材料结构件;蜂窝夹层|S|
engine-parts|航空发动机零部件|Aero-engine parts|midstream||发动机叶片;燃烧室|M|
airborne|机载设备与起落架|Airborne equipment and landing gear|midstream|3744|机载设备;起落架|W|
interior|客舱内饰|Cabin interiors|midstream||客舱内饰;航空座椅|N|
space|航天器零部件|Spacecraft components|midstream|3742|卫星;航天器|N|
fuselage|机身大部件装配|Fuselage section assembly|midstream||机身段;大部件装配|M|
aircraft|通用飞机与无人机整机|General aircraft and UAVs|downstream|3741|通用飞机;无人机|N|
evtol|低空飞行器|Low-altitude aircraft (eVTOL)|downstream|3749|eVTOL;低空经济|N|
mro|航空维修|Aircraft maintenance (MRO)|downstream|4343|航空维修;MRO|N|
""", "materials>al-parts forgings>engine-parts forgings>space materials>space prepreg>composite-parts "
     "fasteners>fuselage al-parts>fuselage composite-parts>fuselage chips>airborne engine-parts>aircraft "
     "airborne>aircraft interior>aircraft fuselage>aircraft al-parts>evtol composite-parts>evtol "
     "airborne>evtol aircraft>mro"),
    "ship": ("船舶海工", "Ship and offshore equipment", {"zjgx": 4, "dantu": 3, "yangzhong": 2, "jingkou": 1}, """
steel|船用钢材|Marine steel plate|upstream|3130|船板;船用钢|N|
engine|船用主机|Marine main engines|upstream|3412|船用柴油机;双燃料主机|M|
propulsion|推进器与轴系|Propellers and shafting|upstream||螺旋桨;轴系|W|
electric|船舶电气与自动化|Marine electrical and automation|upstream||船舶电气;配电板|S|
deck|甲板机械|Deck machinery|midstream|3734|锚绞机;克令吊|S|
outfit|舾装件|Outfitting parts|midstream||舾装件;舱口盖|N|
smart|智能船舶系统|Smart ship systems|midstream||智能船舶;综合船桥|M|
lng|液货围护系统|LNG cargo containment systems|midstream||LNG围护;殷瓦钢|M|
block|船体分段|Hull blocks|midstream||船体分段;分段制造|N|
hull|金属船舶建造|Steel ship building|downstream|3731|散货船;集装箱船|N|
special|游艇与特种船|Yachts and special vessels|downstream|3733|游艇;公务船|W|
offshore|海洋工程装备|Offshore engineering equipment|downstream|3737|海工平台;风电安装船|N|
repair|船舶修理与改装|Ship repair and conversion|downstream|4342|船舶修理;改装|N|
""", "steel>block steel>outfit engine>hull propulsion>hull propulsion>special electric>smart electric>hull "
     "deck>hull deck>offshore outfit>hull smart>hull lng>hull block>hull block>offshore hull>repair"),
    "elec": ("智能电气", "Smart electrical equipment", {"yangzhong": 5, "electric-park": 3, "zjxq": 1, "jurong": 1}, """
copper|铜材与导体|Copper stock and conductors|upstream|3251|铜排;铜杆|N|
insulation|绝缘材料|Insulation materials|upstream||绝缘材料;环氧浇注|W|
igbt|功率半导体器件|Power semiconductors (IGBT)|upstream||IGBT;功率模块|M|
sensor|智能传感器|Smart sensors|upstream|3983|传感器;智能传感|M|
switchgear|开关设备|Switchgear|midstream|3823|开关柜;环网柜|S|
breaker|断路器|Circuit breakers|midstream||断路器;真空断路器|S|switchgear
busway|母线槽与桥架|Busways and cable trays|midstream|3829|母线槽;桥架|S|
transformer|变压器|Transformers|midstream|3821|变压器;箱变|N|
cable|电线电缆|Wires and cables|midstream|3831|电线;电缆|N|
protection|继电保护与自动化|Protection relays and automation|midstream||继电保护;配网自动化|N|
grid|智能电网成套装备|Smart-grid complete equipment|downstream||成套设备;智能配电|N|
charging|充换电设备|Charging and swapping equipment|downstream||充电桩;换电站|W|
platform|电力物联网运维平台|Power IoT operation platforms|downstream||电力物联网;运维平台|N|
""", "copper>cable copper>busway copper>switchgear insulation>switchgear insulation>transformer "
     "igbt>switchgear igbt>charging sensor>switchgear sensor>protection switchgear>grid busway>grid "
     "transformer>grid cable>grid protection>grid grid>platform charging>platform"),
    "ne": ("新能源", "New energy (batteries, photovoltaics)", {"zjxq": 5, "jurong": 2, "yangzhong": 2, "dantu": 1}, """
lithium|锂盐与前驱体|Lithium salts and precursors|upstream|2613|碳酸锂;前驱体|W|
cathode|正极材料|Cathode materials|upstream||正极材料;磷酸铁锂|N|
anode|负极材料|Anode materials|upstream|3091|负极材料;人造石墨|M|
electrolyte|电解液|Electrolytes|upstream|2669|电解液;六氟磷酸锂|M|
separator|隔膜|Separators|upstream|2921|隔膜;湿法隔膜|N|
silicon|多晶硅与硅片|Polysilicon and wafers|upstream||多晶硅;单晶硅片|W|
cell|动力电池电芯|Power battery cells|midstream|3841|锂离子电池;电芯|S|
pack|电池包与BMS|Battery packs and BMS|midstream|3849|电池包;BMS|N|
pv-cell|光伏电池片|PV cells|midstream|3825|光伏电池片;TOPCon|S|
pv-module|光伏组件|PV modules|midstream||光伏组件;双面组件|N|
inverter|逆变器|Inverters|midstream||逆变器;PCS|N|
storage|储能系统|Energy storage systems|downstream||储能系统;储能电站|N|
pv-plant|光伏电站|PV plants|downstream|4416|光伏电站;分布式光伏|N|
recycle|电池回收利用|Battery recycling|downstream|4210|电池回收;梯次利用|M|
""", "lithium>cathode lithium>electrolyte cathode>cell anode>cell electrolyte>cell separator>cell cell>pack "
     "pack>storage pack>recycle silicon>pv-cell pv-cell>pv-module pv-module>pv-plant inverter>pv-plant "
     "inverter>storage"),
    "nev": ("新能源汽车及零部件", "New-energy vehicles and parts", {"yangzhong": 3, "danyang": 3, "jurong": 2, "jingkou": 2}, """
al-sheet|汽车铝板|Automotive aluminium sheet|upstream||汽车铝板;轻量化铝材|W|
chips|车规级芯片|Automotive-grade chips|upstream||车规芯片;MCU|M|
motor|驱动电机与动力总成|Drive motors and powertrains|upstream|3812|驱动电机;电驱总成|N|
wiring|线束与汽车电器|Wiring harnesses and electrics|upstream||线束;汽车电器|N|
econtrol|电控系统|Electronic control systems|midstream||电控;整车控制器|W|
parts|汽车精密零部件|Precision auto parts|midstream|3670|汽车零部件;精密件|S|
seat|座椅与内饰|Seats and interiors|midstream||汽车座椅;内饰件|S|
body|车身及覆盖件|Bodies and panels|midstream|3660|车身;冲压件|N|
chassis|底盘与制动|Chassis and brakes|midstream||底盘;制动器|N|
thermal|热管理系统|Thermal management systems|midstream||热管理;热泵空调|M|
adas|智能驾驶系统|Automated driving systems|midstream||智能驾驶;激光雷达|M|
vehicle|新能源整车|New-energy vehicles|downstream|3612|新能源汽车;乘用车|W|
service|汽车后市场服务|Automotive aftermarket services|downstream||汽车后市场;维保|N|
""", "al-sheet>body al-sheet>parts chips>econtrol chips>adas motor>vehicle wiring>vehicle econtrol>vehicle "
     "parts>thermal parts>chassis parts>vehicle seat>vehicle body>vehicle chassis>vehicle thermal>vehicle "
     "adas>vehicle vehicle>service"),
    "nm": ("新材料", "New materials (carbon fibre, high-performance alloys)", {"dantu": 4, "zjxq": 3, "jingkou": 2, "danyang": 1}, """
precursor|碳纤维原丝|Carbon-fibre precursor|upstream|2826|原丝;聚丙烯腈|M|
resin|树脂基体|Resin matrices|upstream|2651|环氧树脂;合成树脂|N|
alloy-ingot|合金熔铸|Alloy melting and casting|upstream|3240|铝合金锭;合金熔铸|N|
rare|稀有金属材料|Rare-metal materials|upstream|3239|稀有金属;钽铌|W|
cf|碳纤维|Carbon fibre|midstream||碳纤维;碳丝|W|
al-sheet|高性能铝合金板带|High-performance aluminium plate and strip|midstream|3252|铝板带;铝合金型材|S|
ti|钛合金材料|Titanium alloys|midstream|3259|钛合金;钛材|N|
pipes|新型管材与应用材料|New pipes and applied materials|midstream|2922|管材;PE管|N|
coating|功能涂层材料|Functional coatings|midstream|2641|涂料;功能涂层|N|
cf-products|碳纤维复合材料制品|Carbon-fibre composite products|downstream||碳纤维制品;复合材料制品|M|
al-foil|电池铝箔|Battery aluminium foil|downstream||电池铝箔;涂碳铝箔|M|
al-auto|汽车轻量化铝部件|Automotive lightweight aluminium parts|downstream||轻量化;铝部件|S|
testing|材料检测评价|Materials testing|downstream|7452|材料检测;检测服务|N|
""", "precursor>cf resin>cf-products resin>pipes resin>coating cf>cf-products alloy-ingot>al-sheet rare>ti "
     "al-sheet>al-foil al-sheet>al-auto coating>al-auto cf-products>testing al-auto>testing ti>testing"),
    "semi": ("新一代信息技术", "New-generation IT and semiconductors", {"zjgx": 5, "zjxq": 3, "runzhou": 2}, """
wafer|硅片与衬底|Silicon wafers and substrates|upstream|3985|硅片;衬底|N|
sic|第三代半导体衬底与外延|Wide-bandgap substrates and epitaxy|upstream||碳化硅;氮化镓|M|
chem|电子化学品与特气|Electronic chemicals and gases|upstream||电子特气;湿化学品|W|
equip|半导体设备|Semiconductor equipment|upstream|3562|半导体设备;刻蚀机|M|
design|芯片设计|Chip design|midstream|6520|芯片设计;IC设计|W|
fab|晶圆制造|Wafer fabrication|midstream|3973|集成电路制造;晶圆|N|
power|功率器件与模块|Power devices and modules|midstream|3972|功率器件;智能功率模块|M|
packaging|封装测试|Packaging and testing|midstream||封装;测试|S|
components|电子元件|Passive electronic components|midstream|3981|电容;电感|S|
pcb|印制电路板|Printed circuit boards|midstream|3982|PCB;电路板|N|
display|显示模组|Display modules|downstream|3974|显示模组;液晶|N|
iot|物联网终端|IoT devices|downstream|3922|物联网;智能终端|N|
software|工业软件|Industrial software|downstream|6513|工业软件;MES|N|
datacenter|数据中心与算力服务|Data centres and computing services|downstream|6450|数据中心;算力|N|
""", "wafer>fab sic>power chem>fab equip>fab design>fab fab>packaging power>packaging packaging>iot "
     "packaging>display components>pcb pcb>iot pcb>display iot>datacenter software>datacenter"),
    "bio": ("生物医药", "Biomedicine and medical devices", {"zjxq": 3, "danyang": 4, "jurong": 1, "runzhou": 2}, """
api|化学原料药|Active pharmaceutical ingredients|upstream|2710|原料药;中间体|N|
excipient|药用辅料与包材|Excipients and packaging|upstream|2780|药用辅料;药包材|W|
materials|生物医用材料|Biomedical materials|upstream||医用高分子;生物材料|M|
optical|光学树脂与镜片材料|Optical resins and lens materials|upstream||光学树脂;镜片材料|N|
drug|化学药品制剂|Chemical drug formulations|midstream|2720|制剂;片剂|N|
biologics|生物药品|Biologics|midstream|2761|生物药;疫苗|N|
vet|兽用生物制品|Veterinary biologicals|midstream|2750|兽用疫苗;兽药|W|
ivd|体外诊断试剂|In-vitro diagnostics|midstream||体外诊断;IVD|M|
device|医疗器械|Medical devices|midstream|3581|医疗器械;监护设备|S|
consumables|医用耗材|Medical consumables|midstream|3584|医用耗材;注射器|S|device
eyewear|眼镜与视光产品|Eyewear and optometry products|downstream|3587|眼镜;视光|S|
lens|眼镜镜片|Spectacle lenses|downstream||镜片;树脂镜片|S|eyewear
frame|眼镜架|Spectacle frames|downstream||镜架;钛架|S|eyewear
cro|医药研发外包|Contract research (CRO)|downstream|7340|CRO;临床试验|M|
distribution|医药流通|Pharmaceutical distribution|downstream|5151|医药流通;医药批发|N|
""", "api>drug api>vet excipient>drug excipient>biologics materials>device optical>eyewear drug>distribution "
     "biologics>distribution ivd>distribution device>distribution cro>drug cro>biologics"),
}
# Eyewear firms sit in 丹阳; electrical strengths in 扬中 (public reports).
LINK_DISTRICTS = {"bio-eyewear": {"danyang": 2, "eyewear-park": 6}, "bio-lens": {"danyang": 2, "eyewear-park": 6},
                  "bio-frame": {"danyang": 2, "eyewear-park": 6}, "bio-device": {"danyang": 5, "zjxq": 2},
                  "bio-consumables": {"danyang": 5, "zjxq": 2}, "aero-al-parts": {"aero-park": 6, "zjxq": 3},
                  "aero-composite-parts": {"aero-park": 6, "zjxq": 3}}


@dataclass
class Link:
    id: str
    chain: str
    name: str
    name_en: str
    segment: str
    code: str
    keywords: list[str]
    status: str
    parent: str
    local: int = 0
    pool: int = 0
    local_revenue: float = 0.0
    pool_revenue: float = 0.0
    firms: list[str] = field(default_factory=list)
    pool_firms: list[str] = field(default_factory=list)


def parse_chains() -> tuple[dict[str, Link], dict[str, list[tuple[str, str]]]]:
    links: dict[str, Link] = {}
    feeds: dict[str, list[tuple[str, str]]] = {}
    for chain, (_, _, _, table, feed_text) in CHAINS.items():
        for line in table.strip().splitlines():
            lid, name, name_en, segment, code, keywords, status, parent = line.split("|")
            links[f"{chain}-{lid}"] = Link(f"{chain}-{lid}", chain, name, name_en, segment, code,
                                           keywords.split(";"), _STATUS[status], f"{chain}-{parent}" if parent else "")
        feeds[chain] = [(f"{chain}-{a}", f"{chain}-{b}") for a, b in (e.split(">") for e in feed_text.split())]
    codes = [link.code for link in links.values() if link.code]
    assert len(codes) == len(set(codes)), "industry codes must be unique across links"
    return links, feeds


# --------------------------------------------------------------------------------------
def plan_counts(links: dict[str, Link], rng: random.Random) -> None:
    """Local and pool counts per link so that every planted status is unambiguous.

    With r = RATIO pool firms per local firm, a present link i gets pool n_i * r / t_i (t its
    target LQ). The missing links of a chain take what is left, r * (L_c - sum n_i / t_i), so
    every chain (and the whole graph) holds r pool firms per local firm and a normal link's
    LQ is exactly 1 whether it is computed within the chain or over all chains.
    """
    for chain in CHAINS:
        members = [link for link in links.values() if link.chain == chain]
        while True:
            for link in members:
                low, high = SUBLINK_COUNT if link.parent and link.status == "strong" else LOCAL_COUNT[link.status]
                link.local = rng.randint(low, high)
            present = [link for link in members if link.status != "missing"]
            missing = [link for link in members if link.status == "missing"]
            slack = sum(link.local for link in members) - sum(link.local / TARGET_LQ[link.status] for link in present)
            if slack * RATIO >= 12 * len(missing):
                break
        for link in present:
            link.pool = round(link.local * RATIO / TARGET_LQ[link.status])
        spare = round(slack * RATIO)
        for k, link in enumerate(missing):
            link.pool = spare // len(missing) + (1 if k < spare % len(missing) else 0)


def industry_word(link: Link, rng: random.Random) -> str:
    """The 行业 part of an invented firm's name: an all-Chinese keyword of 2-5 characters."""
    words = [w for w in link.keywords + [link.name] if 2 <= len(w) <= 5 and all("\u4e00" <= ch <= "\u9fff" for ch in w)]
    return rng.choice(words) if words else link.name[:4]


def lognormal_parts(rng: random.Random, n: int, total: float, sigma: float = 0.9) -> list[float]:
    """``n`` lognormal draws rescaled to sum to ``total`` (skewed sizes, exact link totals)."""
    draws = [rng.lognormvariate(0.0, sigma) for _ in range(n)]
    scale = total / sum(draws)
    return [d * scale for d in draws]


# --------------------------------------------------------------------------------------
def _money_cell(rng: random.Random, wan: float) -> str:
    """Revenue as written in a ledger: mostly 万元 numbers, some 亿元 texts."""
    if wan >= 20_000 and rng.random() < 0.25:
        return f"{wan / 10_000:.4f}亿元".replace("0亿元", "亿元")
    return f"{wan:.1f}"


def _flag(value: bool) -> str:
    return "1" if value else ""


#: The outreach log: (enterprise, date, kind, note), every row invented (illustrative).
OUTREACH = [
    ("X00098", "2023-08-22", "visit", "赴常州实地走访，了解机载元器件扩产需求"),
    ("X00098", "2023-09-15", "talk", "洽谈落户扬中，用地与配套条件"),
    ("X00098", "2023-10-09", "signed", "签约航电芯片与元器件项目"),
    ("X00876", "2024-03-05", "visit", "走访功率模块产线"),
    ("X00876", "2024-04-20", "declined", "近期无新增产能计划"),
    ("X00338", "2024-12-02", "declined", "总部暂缓异地投资"),
    ("X00338", "2025-05-15", "talk", "重新接洽，愿意考察镇江新区"),
    ("X00087", "2024-11-12", "visit", "赴无锡走访航电芯片企业"),
    ("X00087", "2025-01-08", "talk", "洽谈封装测试环节落地"),
    ("X00087", "2025-03-18", "declined", "已在无锡扩产，暂无在镇江投资意向"),
    ("X01278", "2025-02-14", "visit", "走访人造石墨负极企业"),
    ("X01278", "2025-04-09", "talk", "洽谈负极材料一体化项目"),
]


class SampleWriter:
    def __init__(self, dest: Path) -> None:
        self.rng = random.Random(SEED)
        self.dest = dest
        self.links, self.feeds = parse_chains()
        plan_counts(self.links, self.rng)
        self.sink = FileSink(dest)
        self.index = 0
        self.names: set[str] = set()
        self.firm_revenue: dict[str, float] = {}
        self.firm_name: dict[str, str] = {}
        self.firm_code: dict[str, str] = {}
        self.firm_trade: dict[str, str] = {}
        self.local_ids: list[str] = []

    def unique_name(self, place: str, industry: str, joint_stock: bool) -> tuple[str, str]:
        """A name no other firm of the sample has, and its 字号."""
        while True:
            trade = trade_name(self.rng)
            name = company_name(self.rng, place, industry, joint_stock=joint_stock, trade=trade)
            if name not in self.names:
                self.names.add(name)
                return name, trade

    def next_code(self, admin_code: str) -> str:
        self.index += 1
        return mint(self.index, admin_code, salt=SEED)

    # ----------------------------------------------------------------------------------
    def districts(self) -> None:
        titles = {source["id"]: source["title"] for source in SOURCES}
        for did, name, kind, parent, admin, source in DISTRICTS:
            self.sink.row("districts", [did, name, kind, parent, admin, _flag(source == "illustrative"),
                                        titles[source]])

    def chains_yaml(self) -> dict:
        clusters = []
        for cid, name, name_en, chain_ids in CLUSTERS:
            chains = []
            for chain in chain_ids:
                zh, en = CHAINS[chain][0], CHAINS[chain][1]
                chain_links = []
                for link in self.links.values():
                    if link.chain != chain:
                        continue
                    entry = {"id": link.id, "name": link.name, "name_en": link.name_en, "segment": link.segment}
                    if link.parent:
                        entry["parent"] = link.parent
                    if link.code:
                        entry["codes"] = [link.code]
                    entry["keywords"] = link.keywords
                    chain_links.append(entry)
                chains.append({"id": chain, "name": f"{zh}产业链", "name_en": f"{en} chain", "acyclic": True,
                               "links": chain_links, "feeds": [list(edge) for edge in self.feeds[chain]]})
            clusters.append({"id": cid, "name": name, "name_en": name_en, "chains": chains})
        return {"clusters": clusters}

    # ----------------------------------------------------------------------------------
    def _local_revenues(self) -> None:
        for link in self.links.values():
            if link.local:
                boost = REVENUE_BOOST[link.status]
                link.local_revenue = sum(self.rng.lognormvariate(8.5, 0.9) * boost for _ in range(link.local))
        for chain in CHAINS:
            members = [link for link in self.links.values() if link.chain == chain]
            present = [link for link in members if link.status != "missing"]
            missing = [link for link in members if link.status == "missing"]
            for link in present:
                link.pool_revenue = link.local_revenue * RATIO / TARGET_LQ_REVENUE[link.status]
            slack = sum(l.local_revenue for l in present) - sum(
                l.local_revenue / TARGET_LQ_REVENUE[l.status] for l in present)
            assert slack > 0, f"chain {chain}: strong revenue too small to plant the statuses"
            for link in missing:
                link.pool_revenue = slack * RATIO * link.pool / sum(m.pool for m in missing)

    def pool(self) -> None:
        rng = self.rng
        place_cum, total = [], 0.0
        for weight in POOL_PLACE_WEIGHTS:
            total += weight
            place_cum.append(total)
        signals = ("2025年增资扩产", "拟新建华东生产基地", "IPO募投项目扩产", "新设子公司", "产能外溢寻址")
        number = 0
        for link in self.links.values():
            missing_siblings = [m for m in self.links.values() if m.chain == link.chain and m.status == "missing"]
            for revenue in lognormal_parts(rng, link.pool, link.pool_revenue, sigma=1.1):
                number += 1
                place = rng.choices(POOL_PLACES, cum_weights=place_cum)[0]
                firm_id = f"X{number:05d}"
                listed = revenue > 300_000 and rng.random() < 0.6
                name, self.firm_trade[firm_id] = self.unique_name(place.city, industry_word(link, rng), listed)
                code = self.next_code(place.admin_code)
                links_cell = link.id
                if link.status in ("normal", "missing") and missing_siblings and rng.random() < 0.06:
                    other = rng.choice([m for m in missing_siblings if m is not link] or [link])
                    if other is not link:
                        links_cell = f"{link.id}:0.7;{other.id}:0.3"
                        other.pool_firms.append(firm_id)
                industry_code = link.code
                if link.code and links_cell == link.id and rng.random() < 0.04:
                    links_cell = ""  # assigned by the loader from the industry code
                link.pool_firms.append(firm_id)
                self.firm_revenue[firm_id], self.firm_name[firm_id], self.firm_code[firm_id] = revenue, name, code
                founded = AS_OF - timedelta(days=rng.randint(400, 28 * 365))
                self.sink.row("pool", [
                    firm_id, name, code, place.province, place.city, place.county, links_cell, industry_code,
                    _money_cell(rng, revenue), f"{max(50.0, revenue * rng.uniform(0.03, 0.3)):.0f}",
                    founded.isoformat(), _flag(listed), _flag(rng.random() < 0.12), _flag(rng.random() < 0.45),
                    _flag(revenue >= 2_000), _flag(listed and rng.random() < 0.3), "",
                    f"{link.name}的研发、生产和销售", "",
                    rng.choice(signals) if rng.random() < 0.08 else "", "1", ILLUSTRATIVE,
                ])

    def enterprises(self) -> None:
        rng = self.rng
        number = 0
        strong_of = {chain: [l for l in self.links.values() if l.chain == chain and l.status == "strong"]
                     for chain in CHAINS}
        for link in self.links.values():
            if not link.local:
                continue
            weights = LINK_DISTRICTS.get(link.id) or CHAINS[link.chain][2]
            revenues = sorted(lognormal_parts(rng, link.local, link.local_revenue, sigma=0.9), reverse=True)
            for rank, revenue in enumerate(revenues):
                number += 1
                firm_id = f"ZJ{number:04d}"
                district = rng.choices(list(weights), weights=list(weights.values()))[0]
                place = _PLACE_OF.get(district, "镇江")
                listed = revenue > 150_000 and rng.random() < 0.5
                parent_id = ""
                if link.pool_firms and rng.random() < 0.07:  # branch of a group in the pool
                    parent_id = link.pool_firms[rng.randrange(len(link.pool_firms))]
                    name = f"{self.firm_trade[parent_id]}({place}){industry_word(link, rng)}有限公司"
                    if name in self.names:
                        name = self.unique_name(place, industry_word(link, rng), False)[0]
                    self.names.add(name)
                else:
                    name = self.unique_name(place, industry_word(link, rng), listed)[0]
                code = self.next_code(_ADMIN.get(district) or _ADMIN_OF[district])
                links_cell = link.id
                others = [s for s in strong_of[link.chain] if s is not link]
                if link.status == "strong" and others and rng.random() < 0.12:
                    other = rng.choice(others)
                    links_cell = f"{link.id}:0.6;{other.id}:0.4"
                    other.firms.append(firm_id)
                elif link.code and link.status in ("normal", "strong") and rng.random() < 0.1:
                    links_cell = ""  # only an industry code: the loader assigns the link
                link.firms.append(firm_id)
                self.local_ids.append(firm_id)
                self.firm_revenue[firm_id], self.firm_name[firm_id], self.firm_code[firm_id] = revenue, name, code
                founded = AS_OF - timedelta(days=rng.randint(400, 30 * 365))
                leader = link.status == "strong" and rank == 0
                capital = revenue * rng.uniform(0.03, 0.25)
                capital_cell = f"{capital / 7.1:.0f}万美元" if rng.random() < 0.05 else f"{max(50.0, capital):.0f}"
                district_name = dict((d[0], d[1]) for d in DISTRICTS)[district]
                self.sink.row("enterprises", [
                    firm_id, name, code, district, links_cell, link.code, _money_cell(rng, revenue), capital_cell,
                    founded.isoformat(), _flag(listed or (leader and revenue > 100_000)),
                    _flag(rng.random() < (0.25 if link.status == "strong" else 0.1)),
                    _flag(rng.random() < 0.5), _flag(revenue >= 2_000), _flag(leader), parent_id,
                    f"{link.name}的研发、制造、销售;技术服务", f"镇江市{district_name}{rng.choice(_ROADS)}{rng.randint(1, 300)}号",
                    "2025年拟增资扩产" if rng.random() < 0.06 else "", "1", ILLUSTRATIVE,
                ])

    # ----------------------------------------------------------------------------------
    def supply(self) -> None:
        """Supply ties along feeds-into edges; pool suppliers in missing links serve local strengths."""
        rng = self.rng
        seen: set[tuple[str, str]] = set()

        def tie(supplier: str, customer: str) -> None:
            if supplier != customer and (supplier, customer) not in seen:
                seen.add((supplier, customer))
                self.sink.row("supply", [supplier, customer, "", "1"])

        for chain, edges in self.feeds.items():
            for up, down in edges:
                a, b = self.links[up], self.links[down]
                for _ in range(6):
                    if a.firms and b.firms and rng.random() < 0.4:
                        tie(rng.choice(a.firms), rng.choice(b.firms))
                    if a.pool_firms and b.firms:  # 以商招商: outside suppliers of local firms
                        tie(rng.choice(a.pool_firms), rng.choice(b.firms))
                    if a.firms and b.pool_firms and rng.random() < 0.5:
                        tie(rng.choice(a.firms), rng.choice(b.pool_firms))

    def projects(self) -> None:
        rng = self.rng
        stages = ("signed", "landed", "started", "in_database", "in_statistics", "producing", "reached_output")
        public = [
            ("ZJP2024-001", "日丰集团新型应用材料华东研发生产基地", "zjxq", "nm-pipes", "日丰集团", "60亿元", "started", date(2024, 3, 12)),
            ("ZJP2024-002", "诺贝丽斯轻量化高端汽车铝板项目", "jingkou", "nev-al-sheet", "诺贝丽斯", "3亿美元", "landed", date(2024, 3, 18)),
            ("ZJP2024-003", "英弗耐斯第三代半导体功率驱动芯片及智能功率模块项目", "zjxq", "semi-power", "武汉英弗耐斯", "", "landed", date(2024, 3, 30)),
            ("ZJP2024-004", "金宇(丹阳)生物医药基地", "danyang", "bio-vet", "金宇", "", "started", date(2024, 2, 26)),
            ("ZJP2024-005", "年产50万辆国民乘用车项目", "jurong", "nev-vehicle", "", "", "signed", date(2024, 3, 8)),
            ("ZJP2024-006", "蜂巢易创产业园二期", "yangzhong", "nev-motor", "蜂巢易创", "", "producing", date(2024, 1, 22)),
            ("ZJP2024-007", "碳纤维产品制造项目", "dantu", "nm-cf-products", "", "", "started", date(2024, 3, 5)),
            ("ZJP2024-008", "数据湖产业园", "runzhou", "semi-datacenter", "", "", "landed", date(2024, 2, 20)),
            ("ZJP2024-009", "PD协议芯片设计及制造项目", "zjgx", "semi-design", "", "", "started", date(2024, 3, 22)),
        ]
        rows = []
        for pid, name, district, link, investor, money, stage, signed in public:
            rows.append((pid, name, district, link, investor, "", money, stage, signed, "formal", PUBLIC_STAGES))
        # illustrative projects: none that reached 开工 targets a missing link (only ZJP2024-007 does)
        zones = ["zjxq", "zjgx", "danyang", "yangzhong", "jurong", "dantu", "jingkou", "runzhou"]
        present = [l for l in self.links.values() if l.status != "missing" and not l.parent]
        missing = [l for l in self.links.values() if l.status == "missing"]
        for k in range(26):
            if k < 6:
                link, stage = missing[(k * 5) % len(missing)], stages[k % 2]  # signed or landed only
            else:
                link, stage = rng.choice(present), rng.choice(stages)
            investor_id = rng.choice(link.pool_firms) if link.pool_firms and rng.random() < 0.7 else ""
            investor = self.firm_name[investor_id] if investor_id else f"{trade_name(rng)}产业投资有限公司"
            amount = rng.lognormvariate(10.8, 0.8)
            money = f"{amount / 10_000:.1f}亿元" if rng.random() < 0.8 else f"{amount / 71_000 * 10_000:.0f}万美元"
            signed = date(2023, 6, 1) + timedelta(days=rng.randint(0, 640))
            agreement = "framework" if rng.random() < 0.12 else "formal"
            rows.append((f"ZJP-I{k + 1:03d}", f"{link.name}项目(示例{k + 1})", rng.choice(zones), link.id, investor,
                         self.firm_code[investor_id] if investor_id and rng.random() < 0.6 else "", money, stage,
                         signed, agreement, ILLUSTRATIVE))
        existing = []
        for pid, name, district, link, investor, code, money, stage, signed, agreement, source in rows:
            day, events = signed, []
            for step in stages[: stages.index(stage) + 1]:
                events.append((step, day))
                day += timedelta(days=rng.randint(20, 110))
                day = min(day, AS_OF)
            wan, foreign = money_wan(money)
            info = self.links[link]
            industry = info.code if info.code and 13 <= int(info.code[:2]) <= 43 else CHAIN_CODES[info.chain]
            existing.append(Project(pid, name, district, link, info.chain, investor, code, money, wan, foreign,
                                    agreement, industry, events, source))
        links = {l.id: (l.chain, l.status, l.parent, l.code, l.name) for l in self.links.values()}
        history = self.history = make_history(existing, links, SEED + 7, AS_OF)
        for project in existing + history.projects:
            illustrative = project.source == ILLUSTRATIVE
            self.sink.row("projects", [project.id, project.name, project.district, project.link, project.chain,
                                       project.investor, project.credit_code, project.money, project.stage,
                                       project.signed.isoformat(), project.agreement, _flag(illustrative),
                                       project.source, project.industry_code, project.land_mu])
            for step, day in project.events:
                self.sink.row("project_stages", [project.id, step, day.isoformat()])
        for project_id, day, origin, target, credit in history.transfers:
            self.sink.row("project_transfers", [project_id, day.isoformat(), origin, target, credit, "1", ILLUSTRATIVE])
        for year, district, count, money in history.targets:
            self.sink.row("targets", [year, district, count, money, "1", ILLUSTRATIVE])
        for project_id, kind, record, day, amount in make_commitments(existing + history.projects, SEED + 11):
            self.sink.row("project_commitments", [project_id, kind, record, day.isoformat(), amount, "1", ILLUSTRATIVE])

    def products_bases_benchmarks(self) -> None:
        rng = self.rng
        number = 0
        for link in self.links.values():
            for firm in link.firms[: 3 if link.status == "strong" else 1]:
                number += 1
                brand = f"{trade_name(rng)}" if rng.random() < 0.6 else ""
                self.sink.row("products", [f"PR{number:04d}", f"{link.keywords[-1]}({link.name})", firm, link.id,
                                           brand, "1"])
        bases = [
            ("base-aero", "镇江新区航空航天产业基地", "zjxq", "aero"), ("base-ship", "镇江高新区船舶海工产业基地", "zjgx", "ship"),
            ("base-elec", "扬中智能电气产业基地", "yangzhong", "elec"), ("base-ne", "镇江新区新能源产业基地", "zjxq", "ne"),
            ("base-nev", "扬中汽车零部件产业基地", "yangzhong", "nev"), ("base-nm", "丹徒新材料产业基地", "dantu", "nm"),
            ("base-semi", "镇江高新区半导体产业基地", "zjgx", "semi"), ("base-bio", "丹阳医疗器械与眼镜产业基地", "danyang", "bio"),
        ]
        for row in bases:
            self.sink.row("bases", list(row) + ["1", ILLUSTRATIVE])
        for link in self.links.values():
            count = (len(link.firms) + len(link.pool_firms)) * BENCHMARK_SCALE * rng.uniform(0.97, 1.03)
            revenue = (link.local_revenue + link.pool_revenue) * BENCHMARK_SCALE * rng.uniform(0.97, 1.03)
            self.sink.row("benchmarks", [link.id, round(count), f"{revenue:.0f}", "1", ILLUSTRATIVE])

    def outreach(self) -> None:
        """The illustrative outreach log (走访记录, docs/pipeline.md): no random draws, so the other
        tables stay as they were. X00087, the first candidate of aero-chips, declined within the
        year before as_of and is held back; X00876 declined before that year and is ranked again;
        X00338 declined, then talked again; X00098 signed the project it invests in."""
        for row in OUTREACH:
            self.sink.row("outreach", [*row, "1", ILLUSTRATIVE])

    def dataset_yaml(self) -> dict:
        return {
            "id": "zhenjiang",
            "name": "镇江市重点产业链 (示例数据)",
            "name_en": "Zhenjiang key industry chains (sample)",
            "region": "zhenjiang",
            "as_of": AS_OF.isoformat(),
            "currency": {"unit": "万元", "rates": {"USD": 7.10, "EUR": 7.70}},
            "illustrative": True,
            "source": "chaingap sample: districts, chains and named projects from public reports; the rest invented",
            "note": ("Modelled on public facts about Zhenjiang, Jiangsu. Every enterprise (local and pool) is "
                     "invented and carries illustrative=1; real names appear only as the investors of the "
                     "projects the public record names. PLANTED.md lists the findings planted on purpose."),
            "sources": SOURCES,
        }

    def run(self) -> None:
        self._local_revenues()
        self.districts()
        self.pool()
        self.enterprises()
        self.supply()
        self.projects()
        self.products_bases_benchmarks()
        self.outreach()
        self.sink.close()
        write_yaml(self.dest / "dataset.yaml", self.dataset_yaml())
        write_yaml(self.dest / "chains.yaml", self.chains_yaml())
        (self.dest / "PLANTED.md").write_text(planted_markdown(self), encoding="utf-8", newline="\n")


# --------------------------------------------------------------------------------------
def location_quotients(writer: SampleWriter) -> dict[str, tuple[float, float]]:
    """LQ by count and by revenue of every link, against local + pool (shares ignored)."""
    links = writer.links.values()
    local_n = sum(len(l.firms) for l in links)
    all_n = local_n + sum(len(l.pool_firms) for l in links)
    local_r = sum(l.local_revenue for l in links)
    all_r = local_r + sum(l.pool_revenue for l in links)
    result = {}
    for l in links:
        n_share = len(l.firms) / local_n / ((len(l.firms) + len(l.pool_firms)) / all_n)
        r_share = l.local_revenue / local_r / ((l.local_revenue + l.pool_revenue) / all_r)
        result[l.id] = (n_share, r_share)
    return result


def planted_markdown(writer: SampleWriter) -> str:
    lq = location_quotients(writer)
    feeds = [edge for edges in writer.feeds.values() for edge in edges]
    filler = next(p for p in writer.history.projects if p.link == "nm-cf-products" and p.counts and p.stage == "started")
    being_filled = {"nm-cf-products": f"{filler.id} {filler.name} ({filler.money}, 开工; ZJP2024-007 碳纤维产品制造项目 is "
                                      "at 开工 too, but states no amount, so it does not count: docs/pipeline.md)"}
    lines = [
        "# Findings planted in the Zhenjiang sample",
        "",
        "Written by `scripts/make_sample.py` (seed %d). Every enterprise is invented; the counts" % SEED,
        "and revenues are solved so that each status holds under any reasonable threshold:",
        "",
        "- **missing**: no local enterprise in the link at all (the pool has candidates);",
        "- **being_filled**: missing, and a project targeting it has reached 开工 (started);",
        "- **weak**: 1-2 small local firms; location quotient about 0.3 by count and 0.1 by revenue;",
        "- **strong**: 10-13 large local firms (5-7 on a sub-link); LQ about 2.5 by count and revenue;",
        "- **normal**: 3-4 local firms; LQ 1.0 by count and by revenue.",
        "",
        "LQ is computed against all enterprises in the graph (local + pool, each firm counted in",
        "every link it lists); benchmarks.csv holds 55x those totals (±3%), so LQ against it agrees.",
        "Extension (延链) links are missing (or being filled) or weak links with a feeds-into edge to or",
        "from a strong link (sub-link ties do not count).",
        "",
        "| chain | link | name | status | local firms | pool firms | LQ count | LQ revenue | extension |",
        "| --- | --- | --- | --- | --- | --- | --- | --- | --- |",
    ]
    for link in writer.links.values():
        status = link.status
        if link.id in being_filled:
            status = "being_filled"
        neighbours = {b for a, b in feeds if a == link.id} | {a for a, b in feeds if b == link.id}
        extension = link.status in ("missing", "weak") and any(writer.links[n].status == "strong" for n in neighbours)
        n_lq, r_lq = lq[link.id]
        lines.append(f"| {link.chain} | {link.id} | {link.name} | {status} | {len(link.firms)} | "
                     f"{len(link.pool_firms)} | {n_lq:.2f} | {r_lq:.2f} | {'yes' if extension else ''} |")
    lines += ["", "Being filled: " + "; ".join(f"`{k}` by {v}" for k, v in being_filled.items()) + ".", ""]
    return "\n".join(lines)


def check(writer: SampleWriter) -> None:
    """Stop before writing a sample whose planted statuses are not unambiguous."""
    for link_id, (n_lq, r_lq) in location_quotients(writer).items():
        status = writer.links[link_id].status
        ok = {
            "missing": not writer.links[link_id].firms,
            "weak": n_lq < 0.5 and r_lq < 0.5,
            "normal": 0.85 <= n_lq <= 1.15 and 0.85 <= r_lq <= 1.15,
            "strong": n_lq > 2.0 and r_lq > 2.0,
        }[status]
        if not ok:
            raise SystemExit(f"{link_id}: planned {status} but LQ {n_lq:.2f} (count) {r_lq:.2f} (revenue)")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("dest", nargs="?", type=Path, default=Path("src/chaingap/sample/zhenjiang"))
    args = parser.parse_args(argv)
    if args.dest.exists():
        shutil.rmtree(args.dest)
    writer = SampleWriter(args.dest)
    writer.run()
    check(writer)
    size = sum(p.stat().st_size for p in args.dest.iterdir())
    print(f"wrote {args.dest} ({size / 1024:.0f} KiB): {writer.sink.counts}", file=sys.stderr)


if __name__ == "__main__":
    main()
