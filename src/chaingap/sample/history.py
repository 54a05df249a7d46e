"""Two years of invented project history for the Zhenjiang sample, solved so that the pipeline
figures of the sample are the published ones (docs/pipeline.md, docs/sample.md).

The public Q1 2024 report gives: 106 projects above the threshold (+130.4% on Q1 2023, 42.7%
of the annual target), 641.5亿元 (+261.8%, 53.5% of target), 90.6% manufacturing, 67.9% in
the 8 key chains; the 2023 cohort as of 2024-03-31: 82.6% landed, 53.9% started, 40.6% in
statistics. Those figures fix whole numbers: Q1 2023 has 46 projects and 177.3亿元, the 2024
target is 248 projects and 1199亿元, and the 2023 cohort has 219 projects of which 181 landed,
118 started and 89 entered statistics by 2024-03-31 (the only cohort size from 100 to 259
whose three rates round to the published ones). The projects already in the sample count as
they are; the rows made here fill the rest, every one marked illustrative. Framework
agreements, projects below the threshold, foreign projects in 美元 and transfers between
districts are among them; none of them reaches 开工 on a missing link, so the gap statuses of
the sample's links stay as planted (one counted project keeps 碳纤维制品 being filled).
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal

__all__ = ["Project", "History", "make_history", "make_commitments", "PUBLISHED", "STAGE_STEPS", "USD_RATE"]

STAGE_STEPS = ("signed", "landed", "started", "in_database", "in_statistics", "producing", "reached_output")
USD_RATE = 7.1
DOMESTIC_MIN = 10_000        # 万元
FOREIGN_MIN_USD = 1_000      # 万美元
AS_OF_2024Q1 = date(2024, 3, 31)

#: The published figures as whole numbers (see the module docstring).
PUBLISHED = {"q1_2024": 106, "q1_2024_investment": 6_415_000, "q1_2023": 46, "q1_2023_investment": 1_773_000,
             "target_2024": 248, "target_2024_investment": 11_990_000, "manufacturing": 96, "key_chain": 72,
             "cohort_2023": 219, "landed": 181, "started": 118, "in_statistics": 89}

#: A manufacturing industry code (GB/T 4754) per chain, for links that carry none.
CHAIN_CODES = {"aero": "3741", "ship": "3731", "elec": "3821", "ne": "3841", "nev": "3670", "nm": "3062",
               "semi": "3972", "bio": "2720"}
_NON_MANUFACTURING = ("6510", "5941", "7320", "6450", "7212", "5139")
_OTHER_MANUFACTURING = ("3411", "3489", "2929", "3360", "3190", "2231", "3599", "3130")
_OTHER_NAMES = ("智能装备制造项目", "高端金属结构件项目", "精密注塑件项目", "环保装备项目", "特种纸项目",
                "精密模具项目", "工业气体项目", "现代物流园项目", "企业总部项目", "检验检测服务项目",
                "数字经济产业园项目", "供应链管理中心项目")
_ZONES = ("zjxq", "zjgx", "danyang", "yangzhong", "jurong", "dantu", "jingkou", "runzhou")
ILLUSTRATIVE = "illustrative (invented for the chaingap sample)"


@dataclass
class Project:
    id: str
    name: str
    district: str
    link: str              # "" for a project outside the key chains
    chain: str
    investor: str
    credit_code: str
    money: str             # the investment cell
    wan: float             # the investment in 万元 (at USD_RATE)
    foreign: bool
    agreement: str
    industry_code: str
    events: list[tuple[str, date]]
    source: str = ILLUSTRATIVE
    land_mu: str = ""

    @property
    def stage(self) -> str:
        return self.events[-1][0]

    @property
    def signed(self) -> date:
        return self.events[0][1]

    @property
    def counts(self) -> bool:
        if self.agreement == "framework" or not self.money:
            return False
        return self.wan / USD_RATE >= FOREIGN_MIN_USD if self.foreign else self.wan >= DOMESTIC_MIN

    @property
    def manufacturing(self) -> bool:
        code = self.industry_code
        return bool(code) and (code[0] == "C" or (code[:2].isdigit() and 13 <= int(code[:2]) <= 43))

    def stage_on(self, day: date) -> int:
        reached = [STAGE_STEPS.index(stage) for stage, on in self.events if on <= day]
        return max(reached, default=-1)


@dataclass
class History:
    projects: list[Project] = field(default_factory=list)
    transfers: list[tuple[str, date, str, str, str]] = field(default_factory=list)
    targets: list[tuple[int, str, int, str]] = field(default_factory=list)


def money_wan(cell: str) -> tuple[float, bool]:
    """万元 and foreign-ness of a sample money cell (亿元, 万元, 亿美元, 万美元)."""
    if not cell:
        return 0.0, False
    for unit, factor, foreign in (("亿美元", 10_000 * USD_RATE, True), ("万美元", USD_RATE, True),
                                  ("亿元", 10_000, False), ("万元", 1, False)):
        if cell.endswith(unit):
            return float(cell[: -len(unit)]) * factor, foreign
    raise ValueError(cell)


def _events(rng: random.Random, signed: date, asof_stage: int, final_stage: int, end: date) -> list[tuple[str, date]]:
    """Stage events from signing: the first ``asof_stage`` + 1 steps by 2024-03-31 (when signed
    before it), the rest after it, up to ``final_stage`` and no later than ``end``."""
    events = [(STAGE_STEPS[0], signed)]
    day = signed
    for step in range(1, final_stage + 1):
        if step <= asof_stage:
            room = (AS_OF_2024Q1 - day).days
            gap = max(1, min(room // max(1, asof_stage - step + 2), rng.randint(20, 90)))
        else:
            day = max(day, AS_OF_2024Q1)
            gap = rng.randint(15, 80)
        day = min(day + timedelta(days=gap), end)
        events.append((STAGE_STEPS[step], day))
    return events


def _split(rng: random.Random, total: int, n: int, floor: int, step: int = 100) -> list[int]:
    """``n`` amounts in 万元 (multiples of ``step``), each >= ``floor``, adding up to ``total``."""
    weights = [rng.lognormvariate(0, 0.7) for _ in range(n)]
    spare = total - floor * n
    if spare < 0:
        raise ValueError("total below n x floor")
    amounts = [floor + int(spare * w / sum(weights)) // step * step for w in weights]
    amounts[0] += total - sum(amounts)
    return amounts


def make_history(existing: list[Project], links: dict[str, tuple[str, str, str, str, str]], seed: int,
                 end: date) -> History:
    """The rows to add to ``existing`` (links: id -> (chain, status, parent, code, name))."""
    rng = random.Random(seed)
    history = History()
    present = sorted(l for l, (_, status, parent, _, _) in links.items() if status != "missing" and not parent)
    number = 0

    def code_of(link: str) -> str:
        chain, _, _, code, _ = links[link]
        return code if code and 13 <= int(code[:2]) <= 43 else CHAIN_CODES[chain]

    def new(signed: date, counted_wan: int | None, *, key: bool, mfg: bool, asof_stage: int, final_stage: int,
            foreign: bool = False, agreement: str = "formal", money: str | None = None, link: str | None = None) -> Project:
        nonlocal number
        number += 1
        if key:
            link = link or rng.choice(present)
            chain = links[link][0]
            code = code_of(link) if mfg else rng.choice(_NON_MANUFACTURING)
            name = f"{links[link][4]}项目(示例H{number})"
        else:
            link, chain = "", ""
            code = rng.choice(_OTHER_MANUFACTURING if mfg else _NON_MANUFACTURING)
            name = f"{rng.choice(_OTHER_NAMES)}(示例H{number})"
        if money is None:
            if foreign:
                usd = round(counted_wan / USD_RATE / 10) * 10
                money, wan = f"{usd}万美元", usd * USD_RATE
            elif counted_wan != int(counted_wan):
                money, wan = f"{counted_wan}万元", float(counted_wan)
            else:
                money, wan = f"{int(counted_wan) / 10_000:g}亿元", float(counted_wan)
        else:
            wan, foreign = money_wan(money)
        project = Project(f"ZJP-H{number:03d}", name, rng.choice(_ZONES), link, chain, f"示例投资方H{number}有限公司", "",
                          money, wan, foreign, agreement, code,
                          _events(rng, signed, asof_stage, max(final_stage, asof_stage), end),
                          land_mu=str(rng.choice((30, 45, 60, 80, 120, 150, 200, 260))) if mfg else "")
        history.projects.append(project)
        return project

    def day_in(first: date, last: date) -> date:
        return first + timedelta(days=rng.randint(0, (last - first).days))

    counted = [p for p in existing if p.counts]
    q1_23 = [p for p in counted if date(2023, 1, 1) <= p.signed <= date(2023, 3, 31)]
    q1_24 = [p for p in counted if date(2024, 1, 1) <= p.signed <= date(2024, 3, 31)]
    cohort = [p for p in counted if p.signed.year == 2023]

    # the 2023 cohort: as-of stages so that 181 landed, 118 started, 89 in statistics on 2024-03-31
    need = {"in_statistics": PUBLISHED["in_statistics"], "started": PUBLISHED["started"], "landed": PUBLISHED["landed"]}
    have = {name: sum(p.stage_on(AS_OF_2024Q1) >= STAGE_STEPS.index(name) for p in cohort) for name in need}
    size = PUBLISHED["cohort_2023"] - len(cohort)
    stats = need["in_statistics"] - have["in_statistics"]
    started = need["started"] - have["started"] - stats
    landed = need["landed"] - have["landed"] - stats - started
    plan = [4] * stats + [rng.choice((2, 3)) for _ in range(started)] + [1] * landed
    plan += [0] * (size - len(plan))
    rng.shuffle(plan)
    q1_size = PUBLISHED["q1_2023"] - len(q1_23)
    q1_amounts = _split(rng, PUBLISHED["q1_2023_investment"] - int(sum(p.wan for p in q1_23)), q1_size, 12_000)
    later_amounts = _split(rng, 52_000 * (size - q1_size), size - q1_size, 11_000)
    for index, asof in enumerate(plan):
        in_q1 = index < q1_size
        signed = day_in(date(2023, 1, 3), date(2023, 3, 31)) if in_q1 else day_in(date(2023, 4, 1), date(2023, 12, 28))
        amount = q1_amounts[index] if in_q1 else later_amounts[index - q1_size]
        foreign = index % 9 == 4
        if foreign and in_q1:
            foreign = False     # Q1 2023's total is exact in 万元: keep its projects in 元
        final = min(6, asof + rng.choice((0, 0, 1, 2)))
        new(signed, amount, key=rng.random() < 0.7, mfg=rng.random() < 0.88, asof_stage=asof, final_stage=final,
            foreign=foreign)

    # Q1 2024: 106 counting (96 manufacturing, 72 in the key chains), 641.5亿元 in all
    size = PUBLISHED["q1_2024"] - len(q1_24)
    mfg_left = PUBLISHED["manufacturing"] - sum(p.manufacturing for p in q1_24)
    key_left = PUBLISHED["key_chain"] - sum(bool(p.link) for p in q1_24)
    left = Decimal(PUBLISHED["q1_2024_investment"]) - sum(Decimal(str(round(p.wan, 4))) for p in q1_24)
    amounts: list = _split(rng, int(left), size, 11_000)
    amounts[0] += left - int(left)      # the cents of the 美元 projects: the first one is written in 万元
    kinds = [(k < key_left, None) for k in range(size)]
    mfg_flags = [True] * mfg_left + [False] * (size - mfg_left)
    rng.shuffle(mfg_flags)
    if not mfg_flags[0]:                                     # the first one fills 碳纤维制品: manufacturing
        swap = mfg_flags.index(True)
        mfg_flags[0], mfg_flags[swap] = True, False
    for index, ((key, _), mfg) in enumerate(zip(kinds, mfg_flags)):
        link = "nm-cf-products" if index == 0 else None      # keeps 碳纤维制品 being filled (开工)
        final = 2 if index == 0 else rng.choice((0, 0, 1, 1, 2, 3))
        signed = day_in(date(2024, 1, 2), date(2024, 3, 29))
        new(signed, amounts[index], key=key, mfg=mfg, asof_stage=0, final_stage=final, link=link)

    # never counted: framework agreements and projects below the threshold (some at 开工)
    for k, (money, agreement) in enumerate((("12亿元", "framework"), ("8.5亿元", "framework"), ("3000万美元", "framework"),
                                             ("6000万元", "formal"), ("9800万元", "formal"), ("800万美元", "formal"),
                                             ("4500万元", "formal"), ("20亿元", "framework"))):
        signed = day_in(date(2023, 2, 1), date(2023, 11, 30)) if k % 2 else day_in(date(2024, 1, 5), date(2024, 3, 28))
        new(signed, None, key=True, mfg=True, asof_stage=1 if signed.year == 2023 else 0,
            final_stage=2 + k % 3, money=money, agreement=agreement)

    # transfers (项目流转): a few cohort projects moved on, the first district keeping part of the credit
    moved = [p for p in history.projects if p.signed.year == 2023 and p.counts][3:40:6]
    for project, credit in zip(moved, ("0.5", "0.4", "1", "0.3", "0.5", "0.6", "0.5")):
        origin = project.district
        target = next(zone for zone in _ZONES if zone != origin and zone[0] != origin[0])
        on = project.signed + timedelta(days=rng.randint(10, 60))
        history.transfers.append((project.id, on, origin, target, credit))
        project.district = target

    history.targets = [(2024, "", PUBLISHED["target_2024"], f"{PUBLISHED['target_2024_investment'] / 10_000:g}亿元"),
                       (2023, "", 200, "900亿元")]
    shares = {"zjxq": 0.22, "zjgx": 0.14, "danyang": 0.12, "yangzhong": 0.11, "jurong": 0.11, "dantu": 0.11,
              "jingkou": 0.10, "runzhou": 0.09}
    for zone in _ZONES:
        history.targets.append((2024, zone, round(PUBLISHED["target_2024"] * shares[zone]),
                                f"{round(PUBLISHED['target_2024_investment'] * shares[zone] / 10_000)}亿元"))
    return history


def make_commitments(projects: list[Project], seed: int) -> list[tuple[str, str, str, date, str]]:
    """Illustrative contracted commitments and actuals (project_commitments) of a few projects
    that count and signed in Q1 2023: investment of half the total by a year after signing, and
    a yearly tax from 2024; some met, some not, so the monthly report has laggards to list.
    Rows: (project, kind, record, date, amount). Its own random stream and read by no figure of
    the sample's Q1 2024 report, so those figures and the gap statuses are unchanged."""
    rng = random.Random(seed)
    chosen = sorted((p for p in projects if p.counts and not p.foreign
                     and date(2023, 1, 1) <= p.signed <= date(2023, 3, 31)), key=lambda p: p.id)[::6][:8]
    rows: list[tuple[str, str, str, date, str]] = []
    for index, project in enumerate(chosen):
        due = project.signed + timedelta(days=365)
        committed = round(project.wan * 0.5)
        met = index % 3 == 0
        reached = committed + 100 * rng.randint(1, 20) if met else round(committed * rng.uniform(0.3, 0.8))
        rows.append((project.id, "investment", "committed", due, f"{committed}万元"))
        rows.append((project.id, "investment", "actual", due - timedelta(days=rng.randint(5, 40)), f"{reached}万元"))
        if index % 2 == 0:
            tax = round(project.wan * 0.02)
            rows.append((project.id, "tax", "committed", date(2024, 1, 1), f"{tax}万元"))
            if index % 4 == 0:
                rows.append((project.id, "tax", "actual", date(2024, 3, 15), f"{round(tax * 0.6)}万元"))
    return rows
