"""One set of byline rules: the label vocabulary, how several names are split, and what a name looks like.

Two readers share them. A portal's byline selector points at the byline itself, so everything left once the
labels are gone is the byline (``split_bylines``; an outlet named after ``来源：`` is kept: OFweek's sub-sites
credit one there). Generic extraction guesses where bylines are, so it keeps only what looks like a person's
name (``split_authors``).
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from newscrawl.extract.text import CJK_CHARACTER, normalize_space

#: Latin labels, always followed by a space ("By Jane Doe", "von Max Muster").
LATIN_LABELS = ("by", "from", "von", "par", "por", "door", "di", "af", "av", "written by", "posted by",
                "reported by", "text:")
#: Chinese labels of the people who wrote (and of the editors, who stand in for them on many portals).
PERSON_LABELS = ("本文作者", "作者", "記者", "记者", "撰文", "撰稿", "采写", "通讯员", "编译")
EDITOR_LABELS = ("责任编辑", "責任編輯", "责编", "编辑")
#: Short labels read as labels only with a mark after them ("文/", "整理："): "文" alone starts many words.
MARKED_LABELS = ("文", "图文", "文图", "整理")
#: Labels of the outlet a story comes from, never of a person.
OUTLET_LABELS = ("来源", "來源", "稿源", "出处", "quelle", "source", "fuente", "fonte")
_MARKS = r"[:：/|｜丨]"


def _alternatives(words: Iterable[str]) -> str:
    return "|".join(re.escape(word) for word in sorted(words, key=len, reverse=True))


def _label_pattern(*, outlets: bool) -> re.Pattern[str]:
    cjk = (*PERSON_LABELS, *EDITOR_LABELS, *([label for label in OUTLET_LABELS if not label.isascii()]
                                             if outlets else ()))
    return re.compile(
        rf"^\s*(?:{_alternatives(LATIN_LABELS)})\s+"
        rf"|^\s*(?:{_alternatives(cjk)})\s*{_MARKS}?\s*"
        rf"|^\s*(?:{_alternatives(MARKED_LABELS)})\s*{_MARKS}\s*",
        re.IGNORECASE,
    )


#: A person's label (or an editor's) in front of a byline.
LABEL = _label_pattern(outlets=False)
#: The same, or an outlet's label: what a portal's byline element may start with.
LABEL_OR_OUTLET = _label_pattern(outlets=True)
SOURCE_LABEL = re.compile(rf"^(?:{_alternatives(OUTLET_LABELS)})\s*[:：]", re.IGNORECASE)

#: Between several names: "A and B", "A, B, and C" (the serial comma), "甲、乙", "A, B", "A / B".
AUTHOR_SPLIT = re.compile(
    r"\s*,?\s+(?:and|und|et|y|e|og|och|en|i)\s+|\s*(?:&|,|，|、|;|；|\||｜|/|\s和\s)\s*|\s{2,}"
    r"|\s+[•·]\s+",  # "Jane Doe • 5 min read"; a dot without spaces joins a transliterated name ("乔治·华盛顿")
    re.IGNORECASE
)
#: Bracketed notes, e-mail addresses and social handles: a byline's "Tom Warren@tomwarren" (name and handle in
#: two links) names Tom Warren.
NAME_NOISE = re.compile(r"\s*(?:\(.*?\)|（.*?）|\[.*?\]|【.*?】|<.*?>|\S+@\S+\.\w+|@\w{1,30}(?![\w.@]))\s*")
NOT_A_NAME = re.compile(
    r"^(?:staff|editor|editors|editorial|admin|administrator|reporter|correspondent|team|news|redaktion|"
    r"agencies|agency|agenturen|agences|agencias|agenzie|wire|anonymous|unknown|guest|author|authors|more|follow|share|contact|"
    r"by|von|par|por|door|przez|"  # a byline's label left alone on its line
    # a role after the name ("Jane Doe, Staff Writer")
    r"(?:(?:senior|staff|contributing|special|chief|deputy|managing|associate|executive|political|foreign|"
    r"science|tech|technology|business|sports|freelance)\s+)+(?:writer|editor|reporter|correspondent|"
    r"contributor|columnist|journalist|producer)s?|contributor|columnist|journalist|"
    r"本报记者|记者|本报|编辑|作者|佚名|未知|匿名|网友|小编|新华社|新华网|中新网|人民网|央视网)$",
    re.IGNORECASE,
)
# Degrees and credentials printed after a name ("By Brenda Goodman, MA"): split off at the comma, they are no name.
CREDENTIAL = re.compile(r"^(?:MA|MS|MSc|MBA|MD|MPH|MFA|PhD|Ph\.D\.?|DO|RN|BSN|BA|BS|BSc|JD|DDS|DVM|PharmD|CPA|CFA|RD)$")
KOREAN_TITLE = re.compile(r"\s*(?:기자|특파원|논설위원|선임기자)(?:\s*외\s*\d+명)?$")
# Japanese names (kanji and kana, often with a space) and Korean names (hangul syllables).
OTHER_CJK_NAME = re.compile(
    r"^(?:(?=.*[\u3040-\u30ff\s])[\u3040-\u30ff\u4e00-\u9fff]{1,5}\s?[\u3040-\u30ff\u4e00-\u9fff]{1,5}"
    r"|[\uac00-\ud7af]{2,5})$"
)
#: A Chinese name: two to four ideographs, or a transliterated name joined by "·".
CJK_NAME = re.compile(r"^(?:[\u4e00-\u9fff]{2,4}|[\u4e00-\u9fff]{1,6}[·•][\u4e00-\u9fff·•]{1,10})$")


#: "CSDN.NET", "example.com": a site's name.
DOMAIN = re.compile(r"^[\w-]+(?:\.[\w-]+)*\.[A-Za-z]{2,6}$")


def clean_name(text: str) -> str | None:
    """``text`` as a person's name (label, bracketed notes and e-mail addresses removed), or None."""
    text = normalize_space(NAME_NOISE.sub(" ", text))
    text = LABEL.sub("", text).strip(" .:：-–—|·•*")
    text = KOREAN_TITLE.sub("", text).strip()
    if not text or len(text) > 60 or NOT_A_NAME.match(text) or CREDENTIAL.match(text) or is_url(text) \
            or SOURCE_LABEL.match(text):
        return None
    if any(character.isdigit() for character in text) or text[0] in "(（[【<":
        return None
    if CJK_CHARACTER.search(text):
        return text if CJK_NAME.match(text) or OTHER_CJK_NAME.match(text) else None
    words = text.split()
    if len(words) > 5 or not any(word[0].isupper() for word in words):
        return None
    return text


_WITH_COAUTHORS = re.compile(
    r"\s*[(（]\s*(?:avec|with|mit|con|com|met|med)\s+(?:(?:additional\s+)?reporting\s+(?:by|from)\s+)?([^()（）]+)[)）]",
    re.IGNORECASE)
_URL_IN_TEXT = re.compile(r"(?:https?://|www\.)\S+", re.IGNORECASE)


def is_url(text: str) -> bool:
    return text.startswith(("http://", "https://", "//", "www."))


def split_authors(values: Iterable[str]) -> list[str]:
    """Names from byline strings: labels (``By``, ``作者：``, ``文/``) removed, ``A and B`` / ``甲、乙`` split,
    non-names dropped, duplicates removed, order kept."""
    names: list[str] = []
    for value in values:
        # Co-authors in brackets join the list ("Martin Untersinger (avec Damien Leloup et Morgane Tual)"); other
        # notes and links go before the split: the "/" of "Bradley M. Kuhn (http://ebb.org/bkuhn/)" is no separator.
        value = _WITH_COAUTHORS.sub(r", \1", value)
        value = LABEL.sub("", normalize_space(_URL_IN_TEXT.sub(" ", NAME_NOISE.sub(" ", value))))
        for part in AUTHOR_SPLIT.split(value):
            name = clean_name(part)
            if name and name not in names:
                names.append(name)
    return names


def split_bylines(values: list[str] | str) -> list[str]:
    """What a portal's byline element names: labels (作者：, 文/, 记者, By, 来源：…) removed, several names split,
    duplicates dropped; nothing else is judged (the portal's selector says this is the byline)."""
    texts = [values] if isinstance(values, str) else values
    names: list[str] = []
    for text in texts:
        for part in AUTHOR_SPLIT.split(LABEL_OR_OUTLET.sub("", normalize_space(text))):
            part = LABEL_OR_OUTLET.sub("", part).strip()
            if part and part not in names:
                names.append(part)
    return names


# ------------------------------------------------------------------------------------ Chinese bylines in text

#: Common Chinese surnames, simplified and traditional: a name found after a byline label must start with one.
#: This is what keeps prose ("记者注意到", "经历了近") and outlets ("参考消息", "网易") out of the authors.
SURNAMES = frozenset(
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖萧田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢"
    "姜崔钟谭陆汪范金石廖贾夏韦付傅方白邹孟熊秦邱丘江尹薛闫阎段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤常温"
    "康施文牛樊葛邢安齐易乔伍庞颜倪庄聂章鲁岳翟殷詹申欧耿关兰焦俞左柳甘祝包宁尚符舒阮柯纪梅童凌毕单季裴霍涂成苗"
    "谷盛曲翁冉骆蓝路游辛靳管柴蒙鲍华喻祁蒲房滕屈饶解牟艾尤阳时穆农司卓古吉缪简车项连芦麦褚娄窦戚岑景党宫费卜冷"
    "晏席卫米柏宗瞿桂全佟应臧闵苟邬边卞姬师和仇栾隋商刁沙荣巫寇桑郎甄丛仲虞敖巩明佘池查麻苑迟邝官封谈匡鞠惠荆乐"
    "冀郁胥南班储原栗燕楚鄢劳谌奚皮粟冼蔺楼盘满闻位厉伊仝区郜海阚花权强帅屠豆朴盖练廉禹井祖漆巴丰支卿国狄平计索"
    "宣晋相初门云容敬扈晁芮都普阙浦戈伏鹿薄邸雍辜羊乌母裘亓修邰赫杭况那宿鲜印逯隆茹诸战慕危玉银亢嵇公哈湛宾戎勾"
    "茅利於居揭干但尉斯元束檀衣信展阴昝智幸奉植衡富尧闭"
    "張劉陳楊黃趙吳孫馬鄭謝韓馮鄧蕭葉蘇呂盧鍾譚陸賈韋鄒閆閻龍陶賀顧龔錢嚴萬溫莊聶魯嶽歐關蘭紀畢單塗駱藍遊鮑饒"
    "車項連蘆麥婁竇黨費衛臧閔鄔邊欒榮鄺樂羅許湯鄔魏薛賴侯洪黎"
)
COMPOUND_SURNAMES = ("欧阳", "歐陽", "司马", "司馬", "诸葛", "諸葛", "上官", "东方", "東方", "皇甫", "尉迟", "公孙",
                     "慕容", "令狐", "宇文", "长孙", "夏侯", "轩辕", "端木", "独孤", "南宫", "西门", "呼延", "申屠")
#: Labels of the people who wrote, in the order a chain reads ("采写：南都记者 X": the last label names X).
WRITER_LABELS = ("本文作者", "作者", "撰文", "撰稿", "采写", "执笔", "記者", "记者", "通讯员", "通訊員", "编译",
                 "原创", "文/图", "文图", "图文")
#: Roles printed right after a name ("陈智 整合", "路闻卓立编译", "张三 摄"): the role goes, the name stays.
_ROLE_AFTER_NAME = re.compile(r"(?:整合|综合|報導|报道|编译|編譯|撰写|整理|发自\S*|發自\S*)$")
_PHOTO_AFTER_NAME = re.compile(r"(?:摄影|攝影|摄|攝|供图|图)$")
_PLACEHOLDERS = frozenset(("未知", "佚名", "网络", "網絡", "网络整理", "本站", "小编", "网友", "匿名", "不详", "综合",
                           "整合", "报道", "编译", "摄影", "实习生", "见习", "特约", "首席", "本报", "本台", "本刊",
                           # buttons beside a byline ("关注", "分享"), never a name
                           "关注", "關注", "分享", "收藏", "评论", "評論", "举报", "订阅", "点赞", "登录", "注册",
                           "更多"))
_WRITER_LABEL = re.compile(
    r"(?:本文作者|作者|撰文|撰稿|采写|执笔|記者|记者|通讯员|通訊員)\s*[:：/｜|丨]?\s*"
    r"|(?:编译|文字)\s*[:：/｜|丨]\s*|原创\s*[:：/｜丨]\s*|原创\s+(?!\|)"  # "原创 | 观天下": two links of a menu
    r"|(?<![\u4e00-\u9fff])(?:文/图|文图|图文|文)\s*[:：/｜|丨]\s*|(?<![\u4e00-\u9fff])文\s+(?=[\u4e00-\u9fff]{2,4}\s*[）)】\]])"
)
# "责任编辑：李四", "编辑/李四", and "编辑 李四" (a space, then a name).
_EDITOR_LABEL = re.compile(
    r"(?:责任编辑|責任編輯|责编|責編|编辑|編輯)(?:\s*[:：/｜|丨]\s*|\s+(?=[\u4e00-\u9fff]))"
)
# Not "请注明出处：<URL>", the reprint notice.
_SOURCE_LABEL_IN_TEXT = re.compile(
    r"(?<!图片)(?<!圖片)(?<!图)(?<!注明)(?:信息来源|来源于|来源|來源|稿源|出处)\s*[:：]\s*"
)
#: Endings of outlets, desks and accounts ("证券时报", "观察者网", "新浪科技"): never a person's name.
_OUTLET_ENDING = re.compile(
    r"(?:报|報|网|網|社|台|刊|新闻|新聞|频道|頻道|号|號|中心|杂志|雜誌|科技|财经|財經|传媒|傳媒|媒体|媒體|平台|工作室|编辑部|"
    r"编辑|部|局|厅|委|会|院|所|站|公司|集团)$"
)
# Where a byline ends: brackets closing, sentence marks, line and field separators, a digit (a date), or the
# next label.
_BYLINE_END = re.compile(
    r"[）)】\]」。，,；;！!？?\n|｜丨:：／\d]|责任编辑|責任編輯|责编|编辑|編輯|来源|來源|校对|摄影|攝影|图片|時間|时间|日期|发布|發布"
    r"|微信号|公众号"  # a WeChat account's ID and name follow: "原创 kingname 未闻Code 微信号 itskingname"
    r"|[（(]"  # a note on the writer: "作者：张三（北京大学教授）"
    r"|(?<![\u4e00-\u9fff])[图摄]\s*[/／:：]"  # the photographer's label: "文/张三 图/李四"
)
_NAME_SEPARATORS = re.compile(r"\s*(?:[、,，&;；/]|\s和\s|\s+)\s*")
# Between the names of a list, spaces aside: a Latin name's words are one name ("Tony Stark").
_LIST_SEPARATORS = re.compile(r"\s*(?:[、,，&;；/]|\s和\s)\s*")
_LATIN_FULL_NAME = re.compile(r"^[A-Z][a-z]+(?:[ -][A-Z][a-z]+|\s[A-Z]\.){1,3}$")
_LATIN_HANDLE = re.compile(r"^[A-Za-z][A-Za-z0-9_.-]{1,30}$")
_STAFF_CODE = re.compile(r"(?:_|\s+)[A-Z]{1,4}\d{2,}$")
# "（王煌忠／台中報導）", "記者陳嘉寧／桃園機場報導": the writer, a slash, where the story was filed from.
_NAME_SLASH_FILED = re.compile(
    r"(?:^|[（(\s])([\u4e00-\u9fff]{2,4})\s*[／/]\s*[\u4e00-\u9fff]{2,8}(?:報導|报道|電|电|特稿|專訪|专访)"
)
# "中央社記者邱俊欽桃園傳真": a name run on into the place it was filed from (most places have two characters).
_NAME_THEN_PLACE = re.compile(r"^([\u4e00-\u9fff]{2,4})[\u4e00-\u9fff]{2}(?:傳真|传真|電|电)$")
_BRACKETED_NAME = re.compile(r"[（(]\s*([\u4e00-\u9fff]{2,4})\s*[）)]\s*$")


def is_chinese_name(text: str) -> bool:
    """Two to four ideographs starting with a common surname, or a transliterated name joined by "·"."""
    if "·" in text or "•" in text:
        return bool(CJK_NAME.match(text)) and len(text) >= 3
    if not 2 <= len(text) <= 4 or not all("\u4e00" <= character <= "\u9fff" for character in text):
        return False
    if text in _PLACEHOLDERS:
        return False
    return text[0] in SURNAMES or text.startswith(COMPOUND_SURNAMES)


def is_pen_name(token: str) -> bool:
    """A name after a label with a mark ("执笔/叨叨姐"): two to four ideographs that are no outlet or placeholder."""
    return (2 <= len(token) <= 4 and all("\u4e00" <= character <= "\u9fff" for character in token)
            and token not in _PLACEHOLDERS and not _OUTLET_ENDING.search(token) and not NOT_A_NAME.match(token))


def _names_in(segment: str, *, marked: bool, dated: bool = False) -> list[str]:
    """Names in the text after a label; ``dated``: a date follows it ("记者邱俊欽桃園19日電")."""
    names: list[str] = []
    tokens = [token for piece in _LIST_SEPARATORS.split(segment.strip())
              for token in ([piece] if _LATIN_FULL_NAME.match(piece) else _NAME_SEPARATORS.split(piece))]
    if dated and tokens and len(tokens[-1]) > 4 and not tokens[-1].endswith(("傳真", "传真", "電", "电")):
        tokens[-1] += "電"  # the dateline's "N日電" was cut at the digit
    for token in tokens:
        token = token.strip(" .·•*-–—")
        if not token:
            continue
        stripped = _ROLE_AFTER_NAME.sub("", token)
        if is_chinese_name(stripped) or (marked and is_pen_name(stripped)):
            names.append(stripped)
        elif len(stripped) > 4 and (filed := _NAME_THEN_PLACE.match(stripped)) and is_chinese_name(filed.group(1)):
            names.append(filed.group(1))
        elif not NOT_A_NAME.match(token) and (
            (_LATIN_HANDLE.match(token) and "." not in token) or _LATIN_FULL_NAME.match(token)
        ):
            names.append(token)  # a handle ("biaoffeng") or a Latin name ("Tony Stark")
    return names


def _segment_after(text: str, start: int) -> tuple[str, bool]:
    """The text from ``start`` to where the byline ends, and whether a date follows it."""
    end = _BYLINE_END.search(text, start)
    stop = end.start() if end else len(text)
    segment = text[start:stop][:40]
    if stop < len(text) and text[stop] in ":：" and (label := _LABEL_BEFORE_COLON.search(segment)):
        segment = segment[: label.start()]  # "张三 阅读：1234": the word before a colon is the next label
    return segment, stop < len(text) and text[stop].isdigit()


_LABEL_BEFORE_COLON = re.compile(r"(?<=\s)\S{1,6}\s*$")
# The break between two text nodes in a joined dateline ("作者： | 周宇" from "作者：<a>周宇</a>").
_NODE_BREAK = re.compile(r"\s*\|\s*")


def _after_node_break(text: str, start: int) -> int:
    """Where the name after a label ending in a mark starts: past the break when the name is an element of its
    own (a link to the writer's page, a span), so that the break is not read as the byline's end."""
    if text[:start].rstrip()[-1:] in _LABEL_MARKS:
        following = _NODE_BREAK.match(text, start)
        if following:
            return following.end()
    return start


_LABEL_MARKS = frozenset(":：/／|｜丨")


def _names_across_node_breaks(text: str) -> str:
    """A joined dateline with the break removed between a list mark and the next name: "作者：张三、 | 李四" (each name
    a link of its own) lists two writers. A break after a name stays: the next element may be another slot."""
    if " | " not in text:
        return text
    pieces = text.split(" | ")
    joined = [pieces[0]]
    for piece in pieces[1:]:
        previous, name = joined[-1].rstrip(), piece.strip()
        if previous and (name in _LIST_MARKS or (
                previous[-1] in _LIST_MARKS and (is_chinese_name(name) or _LATIN_FULL_NAME.match(name)))):
            joined[-1] = previous + name  # "张三 | 、 | 李四": the mark between two links is a node too
        else:
            joined.append(piece)
    return " | ".join(joined)


_LIST_MARKS = frozenset("、,，;；")


def chinese_writers(text: str) -> list[str]:
    """The writers a Chinese byline text names after a label (作者：, 记者, 文/, 采写：, 执笔/…), photographers
    (X 摄), editors (责任编辑) and outlets (来源) left out; names must have a person's shape."""
    names: list[str] = []
    text = _names_across_node_breaks(text)
    for match in _WRITER_LABEL.finditer(text):
        segment, dated = _segment_after(text, _after_node_break(text, match.end()))
        following = _WRITER_LABEL.search(segment)
        if following:
            before = segment[: following.start()]
            if not before.strip() or not (before[-1].isspace() or before[-1] in _NAME_LIST_MARKS):
                continue  # a chain ("采写：南都记者 X"): the last label names the writers
            segment = before  # "本报记者 陈晨 通讯员 刘洋": each label names its own writers
        if _PHOTO_AFTER_NAME.search(segment.strip()):
            continue  # "每经记者 张蕊 摄": a photographer
        marked = bool(re.search(r"[:：/｜|丨]", match.group(0)))
        for name in _names_in(segment, marked=marked, dated=dated):
            if name not in names:
                names.append(name)
    for filed in _NAME_SLASH_FILED.finditer(text):
        if is_chinese_name(filed.group(1)) and filed.group(1) not in names:
            names.append(filed.group(1))
    return names


_NAME_LIST_MARKS = frozenset("、,，;；|｜丨")


def has_editor_label(text: str) -> bool:
    """Whether ``text`` (a page's HTML, say) holds an editor label followed by what may be a name."""
    return _EDITOR_LABEL.search(text) is not None


# Where an editor credit ends: marks, the next label (a proofreader, a reviewer, a designer is no editor).
_EDITORS_END = re.compile(
    r"[）)】\]。，,；;|｜丨\n]|来源|來源|作者|记者|時間|时间|日期|\s{2,}"
    r"|校对|校對|审核|審核|审校|審校|终审|終審|统筹|統籌|监制|監製|出品|排版|美编|美編|设计|設計|摄影|攝影|主编|主編|策划|策劃"
    r"|评论|評論|阅读|閱讀|浏览|瀏覽|点击|點擊|分享|[:：]\s*\d"  # the counts printed after the credit ("故渊评论：0")
)


def chinese_editors(text: str) -> list[str]:
    """Names after 责任编辑 / 责编 / 编辑, staff codes (``杨倩_NF4425``) removed."""
    names: list[str] = []
    for match in _EDITOR_LABEL.finditer(text):
        segment = text[_after_node_break(text, match.end()) :]
        end = _EDITORS_END.search(segment)
        segment = segment[: end.start() if end else len(segment)][:40]
        for token in re.split(r"\s*[、,，&/]\s*|\s+(?=[\u4e00-\u9fff])", segment.strip()):
            token = _STAFF_CODE.sub("", token.strip())
            pen_name = 2 <= len(token) <= 6 and CJK_CHARACTER.match(token) and is_pen_name(token[:4])
            editor = token and (is_chinese_name(token) or pen_name or _LATIN_HANDLE.match(token))
            if editor and token not in names:
                names.append(token)
    return names


def chinese_source(text: str) -> str | None:
    """The outlet after 来源： / 稿源： / 出处：, as printed."""
    match = _SOURCE_LABEL_IN_TEXT.search(text)
    if not match:
        return None
    # The outlet may be a node of its own after the label ("来源： | 新华网 | 57 | 人参与"): separators first go.
    rest = text[match.end() :].lstrip(_SLOT_SEPARATORS)
    end = _SOURCE_END.search(rest)
    source = rest[: end.start() if end else len(rest)][:40]
    if not source or source in _UNCREDITED or _NEXT_LABEL.match(source) or "://" in source:
        return None  # "来源： 发布时间：…": the label left empty; an address is no outlet
    return source


_NEXT_LABEL = re.compile(r"(?:发布|發布|发表|發表|更新|时间|時間|日期|作者|记者|記者|编辑|編輯|责编|浏览|阅读)")


#: What separates the slots of a dateline ("2019-05-17 · 新华网 | 编辑：…"), spaces included.
_SLOT_SEPARATORS = " \t\n\u3000|｜丨·•⋅/"
# Where an outlet's name ends: brackets, sentence marks, separators, spaces, a year, or the reader counts a portal
# prints right after it ("新华网57人参与11评论").
_SOURCE_END = re.compile(r"[）)】\]。，,；;|｜丨·•⋅\n\s]|\d{4}|\d+\s*(?:人参与|评论|條評論|条评论|阅读)")


def outlet_slot(text: str) -> str | None:
    """The outlet printed in an element of its own beside the date (``<a class="source">参考消息</a>``,
    "来源：新华网"): its text, a label removed, when it reads as a name (no date, count or sentence)."""
    labelled = chinese_source(text)
    if labelled:
        return labelled
    name = text.strip(_SLOT_SEPARATORS)
    if not name or len(name) > 20 or _SOURCE_END.search(name) or not CJK_CHARACTER.search(name):
        return None
    return name if name not in _UNCREDITED and not _NOT_AN_OUTLET.search(name) else None


def outlet_beside_the_date(dateline: str) -> str | None:
    """The outlet printed unlabelled in the slot next to the date of a dateline whose slots are joined with
    `` | `` ("2019年09月11日01:53 | 新浪科技", "新华社 | 2020-01-03 18:13", "石佳/中国青年报 | 2019-09-24 09:10",
    "2019-09-26 10:56:28 证券时报网"), when it ends as outlets' names do (报, 网, 社, 科技…); else None."""
    parts = [part.strip() for part in dateline.split(" | ")[:12]]
    for index, part in enumerate(parts):
        date = _DATE_AND_TIME.search(part)
        if date is None:
            continue
        following = next((slot for slot in parts[index + 1 : index + 3] if slot), "")
        previous = parts[index - 1] if index else ""
        for slot in (part[date.end() :], part[: date.start()], previous, following):
            last = slot.rsplit("/", 1)[-1]
            name = _BRACKETED_NOTE.sub("", last).strip(_SLOT_SEPARATORS)
            outlet = outlet_slot(name) if name else None
            # "游民星空[整理]": a site credited with compiling the story is an outlet whatever its name ends with
            # (a person credited so, "张三[整理]", is not).
            person = outlet is not None and len(outlet) <= 3 and is_chinese_name(outlet)  # four: 游民星空
            compiled = _COMPILED_NOTE.search(last) is not None and not person
            if outlet and (_OUTLET_ENDING.search(outlet) or compiled):
                return outlet
        return None  # only the first date of the dateline is the article's
    return None


_DATE_AND_TIME = re.compile(r"(?:19|20)\d{2}[-/.年]\d{1,2}[-/.月]\d{1,2}日?\s*(?:\d{1,2}:\d{2}(?::\d{2})?)?")
# A note saying the outlet compiled, translated or reprinted the story.
_COMPILED_NOTE = re.compile(r"[\[【（(](?:整理|编译|編譯|转载|轉載|综合|綜合)[\]】）)]\s*$")
# A note after the outlet's name: "游民星空[整理]", "新华网（综合）".
_BRACKETED_NOTE = re.compile(r"\s*[\[【（(][^\]】）)]{1,6}[\]】）)]\s*$")


# Slots beside the date that are no outlet: labels, actions, counts.
_NOT_AN_OUTLET = re.compile(r"[:：]|原创|分享|收藏|评论|關注|关注|订阅|字体|举报|阅读|浏览|打印|转载|作者|编辑")


#: What 来源 says when it credits nobody: the site's own work, "the web".
_UNCREDITED = frozenset(("本站原创", "本站", "原创", "网络", "網絡", "互联网", "网络整理", "未知"))


def bracketed_writer(text: str) -> str | None:
    """A name in brackets closing the body's last line ("（张巨峰）", "(李楠)"): the writer's signature."""
    match = _BRACKETED_NAME.search(text)
    return match.group(1) if match and is_chinese_name(match.group(1)) else None
