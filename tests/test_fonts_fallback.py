"""Without any system CJK font, charts still draw Chinese with the font chaingap installs."""

from __future__ import annotations

import yaml

from chaingap.report import fonts


def test_the_installed_noto_font_has_every_sample_label(sample_dir):
    chains = yaml.safe_load((sample_dir / "chains.yaml").read_text(encoding="utf-8"))
    text = yaml.safe_dump(chains, allow_unicode=True)
    [noto] = fonts._installed_noto()
    assert fonts.missing_glyphs(noto, "".join(ch for ch in text if ord(ch) > 0x2E80)) == []


def test_the_installed_font_is_found_when_the_machine_has_none(monkeypatch):
    monkeypatch.setattr(fonts, "CJK_FAMILIES", ())
    monkeypatch.setattr(fonts, "KNOWN_FILES", ())
    monkeypatch.setattr(fonts, "_bundled_files", lambda: [])
    monkeypatch.delenv(fonts.FONT_ENV, raising=False)
    fonts.cjk_font_path.cache_clear()
    try:
        assert fonts.cjk_font_path().endswith("NotoSansCJK-Regular.ttc")
    finally:
        fonts.cjk_font_path.cache_clear()
