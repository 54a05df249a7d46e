"""Realistic but invented Chinese enterprise names and the places they sit in.

A name is 地名 + 字号 + 行业 + 组织形式 (``镇江恒拓航空部件有限公司``). The 字号 is two characters
drawn from a fixed list, so names look real while no invented firm is meant to be a real one;
the rows that carry them are marked ``illustrative`` in the data.
"""

from __future__ import annotations

import random
from typing import NamedTuple

__all__ = ["Place", "POOL_PLACES", "POOL_PLACE_WEIGHTS", "TRADE_CHARS", "trade_name", "company_name"]

#: Characters used in invented 字号 (trade names): common, auspicious, technical.
TRADE_CHARS = "".join(dict.fromkeys(
    "恒拓瑞晟鼎泰宏昇嘉禾睿博卓越铭远弘毅凯捷骏诚翔宇润达昊天聚芯锐驰启航盛源"
    "华通精工汇川晨曦峰岚新锦星辰耀朗蓝澜明德致力安永固信实维科智联"
    "云帆海纳正道冠宸祥和优东昶"
))  # dict.fromkeys keeps the order and drops repeats, so the two characters always differ

_SUFFIXES = ("有限公司", "有限公司", "有限公司", "科技有限公司", "股份有限公司")


class Place(NamedTuple):
    """A county-level place of the external pool, with its admin code (for credit codes)."""

    province: str
    city: str
    county: str
    admin_code: str


#: Places of the external pool. Admin codes are the public GB/T 2260 codes as remembered;
#: they only seed invented credit codes.
POOL_PLACES: tuple[Place, ...] = tuple(
    Place(*row.split(","))
    for row in """\
江苏省,苏州市,昆山市,320583
江苏省,苏州市,常熟市,320581
江苏省,苏州市,吴江区,320509
江苏省,无锡市,江阴市,320281
江苏省,无锡市,宜兴市,320282
江苏省,无锡市,新吴区,320214
江苏省,常州市,武进区,320412
江苏省,常州市,新北区,320411
江苏省,常州市,溧阳市,320481
江苏省,南京市,江宁区,320115
江苏省,南京市,浦口区,320111
江苏省,南通市,如皋市,320682
江苏省,扬州市,仪征市,321081
江苏省,扬州市,江都区,321012
江苏省,泰州市,靖江市,321282
江苏省,泰州市,泰兴市,321283
上海市,上海市,浦东新区,310115
上海市,上海市,闵行区,310112
上海市,上海市,嘉定区,310114
上海市,上海市,松江区,310117
浙江省,杭州市,余杭区,330110
浙江省,杭州市,萧山区,330109
浙江省,宁波市,北仑区,330206
浙江省,宁波市,慈溪市,330282
浙江省,嘉兴市,海宁市,330481
浙江省,绍兴市,诸暨市,330681
浙江省,台州市,温岭市,331081
安徽省,合肥市,肥西县,340123
安徽省,合肥市,长丰县,340121
安徽省,芜湖市,鸠江区,340207
安徽省,滁州市,天长市,341181
安徽省,马鞍山市,当涂县,340521
广东省,深圳市,南山区,440305
广东省,深圳市,宝安区,440306
广东省,深圳市,龙岗区,440307
广东省,广州市,黄埔区,440112
广东省,佛山市,顺德区,440606
北京市,北京市,海淀区,110108
北京市,北京市,顺义区,110113
天津市,天津市,滨海新区,120116
山东省,青岛市,黄岛区,370211
湖北省,武汉市,江夏区,420115
四川省,成都市,双流区,510116
陕西省,西安市,阎良区,610114
辽宁省,沈阳市,浑南区,210112
福建省,宁德市,蕉城区,350902
福建省,厦门市,海沧区,350205
湖南省,长沙市,长沙县,430121""".splitlines()
)

_PROVINCE_WEIGHT = {"江苏省": 3.0, "上海市": 2.5, "浙江省": 2.0, "安徽省": 1.5, "广东省": 1.5}
#: Sampling weights of :data:`POOL_PLACES`: the Yangtze delta first, as real pools are.
POOL_PLACE_WEIGHTS: tuple[float, ...] = tuple(_PROVINCE_WEIGHT.get(p.province, 0.8) for p in POOL_PLACES)


def trade_name(rng: random.Random) -> str:
    """Two distinct characters from :data:`TRADE_CHARS` (two RNG draws: cheap at a million names)."""
    size = len(TRADE_CHARS)
    first = int(rng.random() * size)
    second = (first + 1 + int(rng.random() * (size - 1))) % size
    return TRADE_CHARS[first] + TRADE_CHARS[second]


def company_name(rng: random.Random, place: str, industry: str, *, joint_stock: bool = False,
                 trade: str | None = None) -> str:
    """``place`` (without 市/区/县) + 字号 (``trade`` or a random one) + ``industry`` + legal form."""
    short_place = place[:-1] if len(place) > 2 and place[-1] in "市区县" else place
    suffix = "股份有限公司" if joint_stock else rng.choice(_SUFFIXES)
    if suffix.startswith("科技") and industry.endswith("科技"):
        suffix = "有限公司"
    return f"{short_place}{trade or trade_name(rng)}{industry}{suffix}"
