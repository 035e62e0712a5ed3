"""Chinese bylines read from text: writers after their labels, editors and outlets apart, prose rejected."""

from __future__ import annotations

import pytest

from newscrawl.extract.bylines import (
    bracketed_writer,
    chinese_editors,
    chinese_source,
    chinese_writers,
    has_editor_label,
    is_chinese_name,
    outlet_beside_the_date,
    outlet_slot,
    split_bylines,
)


@pytest.mark.parametrize(
    ("text", "writers"),
    [
        ("作者：胡平", ["胡平"]),
        # Each label names its own writers; a chain of labels ("采写：南都记者 X") names them once.
        ("本报记者 陈晨 通讯员 刘洋", ["陈晨", "刘洋"]),
        ("记者 陈晨、通讯员 刘洋", ["陈晨", "刘洋"]),
        ("采写：南都记者 余毅菁 向雪妮", ["余毅菁", "向雪妮"]),
        ("2020-04-17 15:30:21 作者：张三 阅读：1234", ["张三"]),  # the word before a colon is the next label
        ("作者：Tony Stark、张三", ["Tony Stark", "张三"]),  # a Latin name's words are one name
        ("原创 | 观天下 | 双语", []),  # two links of a menu, joined as the dateline windows join text nodes
        ("原创：张三", ["张三"]),
        ("原创 kingname 未闻Code 未闻Code 微信号 itskingname 功能介绍", ["kingname"]),  # a WeChat ID is no name
        ("文/张三 图/李四", ["张三"]),  # the photographer's label ends the writers
        ("作者：张三（北京大学教授）", ["张三"]),  # a note on the writer in brackets
        ("文/本报记者 张三 李四", ["张三", "李四"]),
        ("记者 王建宏 张攀", ["王建宏", "张攀"]),
        ("来源：某某日报 作者：王五", ["王五"]),
        ("【作者：李明】", ["李明"]),
        ("新京报讯（记者 陆一夫）", ["陆一夫"]),
        ("长江网10月4日讯（记者陈智 整合）", ["陈智"]),
        ("采写：南都见习记者 林子沛", ["林子沛"]),
        ("执笔/叨叨姐、胡一刀&李小飞刀", ["叨叨姐", "胡一刀", "李小飞刀"]),
        ("（中央社記者邱俊欽桃園19日電）", ["邱俊欽"]),
        ("警方將進一步釐清死因。（王煌忠／台中報導）", ["王煌忠"]),
        ("原创 kingname 未闻Code", ["kingname"]),
    ],
)
def test_writers_after_their_labels(text: str, writers: list[str]) -> None:
    assert chinese_writers(text) == writers


@pytest.mark.parametrize(
    "text",
    [
        "记者注意到，该公司的股价",  # prose after a label
        "记者了解到，经历了近十年",
        "作者：网络整理",  # a placeholder
        "作者：未知",
        "作者：证券时报",  # an outlet
        "图片来源：每经记者 张蕊 摄",  # a photographer
        "责任编辑：杨倩",  # an editor
        "来源：新华网",  # an outlet
    ],
)
def test_no_writer(text: str) -> None:
    assert chinese_writers(text) == []


def test_editors_and_outlets_are_their_own() -> None:
    assert chinese_editors("责任编辑：杨倩_NF4425") == ["杨倩"]
    assert chinese_editors("(责编：牛镛、岳弘彬)") == ["牛镛", "岳弘彬"]
    assert chinese_editors("作者：未知     责任编辑：棒棒不是糖") == ["棒棒不是糖"]
    assert chinese_editors("来源：新京报 记者 张三 编辑 李四") == ["李四"]  # a space after the label
    assert chinese_editors("责编：故渊评论：0") == ["故渊"]  # IT之家: the comment count glued to the name
    assert has_editor_label("<li>责任编辑: 刘响&nbsp;</li>") and not has_editor_label("<a>编辑推荐</a><p>正文</p>")
    assert chinese_source("来源：证券市场红周刊 作者：王五") == "证券市场红周刊"
    assert chinese_source("来源：本站原创") is None  # credits nobody


def test_a_name_in_brackets_closing_the_body_signs_it() -> None:
    assert bracketed_writer("……实现轻松换新。(李楠)") == "李楠"
    assert bracketed_writer("山西品牌丝路行正式启动。（张巨峰）") == "张巨峰"
    assert bracketed_writer("全文完。（完）") is None


def test_a_chinese_name_has_a_surname_and_two_to_four_characters() -> None:
    assert is_chinese_name("欧阳修") and is_chinese_name("張三") and is_chinese_name("王文")
    assert not is_chinese_name("表示") and not is_chinese_name("注意到") and not is_chinese_name("网易")
    assert not is_chinese_name("关注")  # a button beside the byline


def test_portal_bylines_keep_what_the_selector_points_at() -> None:
    assert split_bylines("作者：张三 | 来源：OFweek物联网") == ["张三", "OFweek物联网"]


@pytest.mark.parametrize(
    ("text", "outlet"),
    [
        ("来源：证券市场红周刊 作者：王五", "证券市场红周刊"),
        ("2019年09月09日 18:13:22 | 来源： | 新华网 | 57 | 人参与 | 11 | 评论", "新华网"),  # a node of its own
        ("2019年09月09日 18:13:22来源：新华网57人参与11评论", "新华网"),  # the reader counts printed after it
        ("来源： 发布时间：2019-09-09", None),  # the label left empty
        ("如若转载，请注明出处：https://mp.ofweek.com/iot/a245714183312", None),  # a reprint notice
        ("来源：https://example.com/a", None),
    ],
)
def test_the_outlet_after_its_label(text: str, outlet: str | None) -> None:
    assert chinese_source(text) == outlet


@pytest.mark.parametrize(
    ("text", "outlet"),
    [
        ("参考消息", "参考消息"),
        ("来源：新华网", "新华网"),
        (" 澎湃新闻 ⋅", "澎湃新闻"),
        ("2019年11月25日 18:57 参考消息", None),  # the date and the outlet: the outlet's own element is read
        ("12评论 ⋅", None),
        ("原创", None),
        ("分享到", None),
        ("The Associated Press", None),  # read on Chinese pages only, where an outlet has Chinese characters
        ("网络", None),  # "the web" credits nobody
    ],
)
def test_the_outlet_in_an_element_of_its_own(text: str, outlet: str | None) -> None:
    assert outlet_slot(text) == outlet


@pytest.mark.parametrize(
    ("dateline", "outlet"),
    [
        ("2019年09月11日01:53 |  | 新浪科技 |  | 我有话说( | 1307 | 人参与)", "新浪科技"),  # gne sina/4
        ("新华社 | 2020-01-03 18:13 | 字号 | 超大", "新华社"),  # gne thepaper/3
        ("石佳/中国青年报 | 2019-09-24 09:10 | 字号", "中国青年报"),  # writer/outlet, gne thepaper/1
        ("2019-09-26 10:56:28 证券时报网 | 分享", "证券时报网"),  # gne hexun
        ("张三 | 2020-01-01 10:00 | 分享", None),  # a person's name is no outlet
        # No outlet's ending, but credited with compiling the story: an outlet (gne gamersky's label); a person
        # credited so is not.
        ("2019-09-05 11:10 游民星空[整理] | 1", "游民星空"),
        ("2019-09-05 11:10 张伟[整理] | 1", None),
        ("2019-09-05 11:10 游民星空 | 1", None),  # neither: not certain
        ("编辑推荐 | 热门文章 | 更多", None),  # no date
    ],
)
def test_the_outlet_in_the_slot_beside_the_date(dateline: str, outlet: str | None) -> None:
    assert outlet_beside_the_date(dateline) == outlet
