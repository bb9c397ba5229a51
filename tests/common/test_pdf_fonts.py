"""Every script in a PDF is drawn with a font that has its glyphs."""

from tradefair.common.pdf_fonts import ARABIC, CHINESE, JAPANESE, KOREAN, LATIN, font_markup, visual


def test_runs_of_other_scripts_get_their_own_font():
    markup = font_markup("نتائج 第十二届博览会 (CNY)", base_font=LATIN, language="ar")
    assert markup == f'<font name="{ARABIC}">نتائج </font><font name="{CHINESE}">第十二届博览会 (CNY)</font>'


def test_the_base_font_needs_no_markup_and_text_is_escaped():
    assert font_markup("成交额 <CNY> & 7.29亿元", base_font=CHINESE, language="zh-hans") == (
        "成交额 &lt;CNY&gt; &amp; 7.29亿元"
    )


def test_han_follows_the_reader_and_hangul_has_its_font():
    assert font_markup("東京", base_font=LATIN, language="ja") == f'<font name="{JAPANESE}">東京</font>'
    assert (
        font_markup("Kumho 금호", base_font=LATIN, language="en")
        == f'Kumho <font name="{KOREAN}">금호</font>'
    )


def test_arabic_is_put_in_visual_order_with_mirrored_brackets():
    assert visual("حجم (CNY)").startswith("(CNY)")


def test_latin_inside_arabic_leaves_the_arabic_font_which_has_no_latin_letters():
    from tradefair.common.pdf_fonts import covers, font_runs

    assert not covers(ARABIC, "C") and covers(ARABIC, "ب")
    runs = font_runs(visual("لزيارة Changchun في"), language="ar")
    assert [font for font, _run in runs] == [ARABIC, LATIN, ARABIC]
    assert "Changchun" in dict((run.strip(), font) for font, run in runs)


def test_simplified_han_missing_from_the_japanese_collection_falls_back_to_chinese():
    from tradefair.common.pdf_fonts import covers, font_runs

    assert not covers(JAPANESE, "东") and covers(JAPANESE, "東")
    assert font_runs("東北亚", language="ja") == [(JAPANESE, "東北"), (CHINESE, "亚")]
