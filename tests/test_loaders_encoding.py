"""Text tables decode in the fixed order UTF-8-BOM, UTF-8, GB18030, then a detector."""

from __future__ import annotations

import codecs
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from chaingap.loaders.encoding import decode_text, detect_encoding

DATA = Path(__file__).parent / "data"
TEXT = "企业名称,所属环节\n镇江锂源新材料有限公司,B01\n"


def test_short_gbk_file_decodes_as_gbk_not_korean():
    """Detectors guess cp949 or similar for a few GBK characters; the fixed order does not."""
    data = (DATA / "short_gbk.csv").read_bytes()
    assert detect_encoding(data) == "gb18030"
    assert decode_text(data) == "名称,环节\n镇江锂源,正极\n"


@pytest.mark.parametrize("encoded, encoding", [
    (codecs.BOM_UTF8 + TEXT.encode("utf-8"), "utf-8-sig"),
    (TEXT.encode("utf-8"), "utf-8"),
    (TEXT.encode("gbk"), "gb18030"),
    (TEXT.encode("gb2312"), "gb18030"),
    (TEXT.encode("gb18030"), "gb18030"),
])
def test_each_common_encoding_reads_back_the_same_text(encoded, encoding):
    assert detect_encoding(encoded) == encoding
    assert decode_text(encoded) == TEXT


def test_bom_is_dropped_even_with_an_explicit_utf8_override():
    assert decode_text(codecs.BOM_UTF8 + b"id\n", encoding="utf-8") == "id\n"


def test_explicit_encoding_wins_over_the_order():
    text = "公司名稱,臺灣\n"
    assert decode_text(text.encode("big5"), encoding="big5") == text


def test_wrong_explicit_encoding_is_an_error_not_mojibake():
    with pytest.raises(UnicodeDecodeError):
        decode_text(TEXT.encode("gbk"), encoding="utf-8")


@settings(deadline=None)  # timing on a busy CI machine is not what is tested
@given(st.text(max_size=50))
def test_any_utf8_text_round_trips(text):
    assert decode_text(text.encode("utf-8")) == text
