"""Check-worthiness: named features of a sentence, the exclusions, and the context across
sentences.

Every feature has a name and a one-line description (FEATURES). The learned model
(factcheck/extract/model.py) turns a sentence's features, and its meaning vector where the
sentence encoder is on, into a probability; `factcheck extract --all` prints the probability
and the features that moved it most, so a reviewer can see why a sentence was or was not
proposed. Some kinds of text are never claims whatever their probability (EXCLUSIONS:
captions, bylines, e-mail addresses, copyright lines, navigation, questions, bare transitions).

The rules describe news writing in general (Korean and English), not particular articles; the
weights are learned (bench/train_worthiness.py), not set by hand.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Feature:
    name: str
    description: str


FEATURES: dict[str, Feature] = {f.name: f for f in (
    Feature("quantity", "a number, amount, share or count (1200억 원, 60%, 네 곳, $2.4 billion, "
                        "three times)"),
    Feature("date", "a date or time reference (2027년, 25일, 올해, last year, in March)"),
    Feature("attribution", "a statement attributed to a source (밝혔다, 말했다, ~에 따르면, said, "
                           "according to)"),
    Feature("named_speaker", "the speaker is named (a person or organisation, or he/she "
                             "referring to one named just before)"),
    Feature("direct_quote", "a direct quotation"),
    Feature("record", "a superlative or record (사상 최대, 처음으로, largest, record)"),
    Feature("prediction", "a forecast, plan or target (전망이다, 예정이다, will, plans to)"),
    Feature("attributed_prediction", "a forecast or plan that a named source makes"),
    Feature("named_entity", "names an organisation, product, person or place"),
    Feature("several_named_entities", "names two or more of them"),
    Feature("quoted_name", "a name set in single quotes, as Korean news marks products "
                           "(‘코어원’)"),
    Feature("headline", "the article's headline"),
    Feature("inherited_subject", "no subject of its own (or a pronoun: it, he, they, the "
                                 "company, 그는, 회사는), and the previous sentence of the "
                                 "paragraph names it (a person or organisation)"),
    Feature("official_account", "police, prosecutors, a court, fire service, ministry or agency "
                                "as subject or source (경찰은, 재판부는, police said)"),
    Feature("study_or_survey", "reports what a study, survey or analysis found (연구 결과, "
                               "조사에서, a study found)"),
    Feature("past_event", "tells what happened, in the past tense (했다, 숨졌습니다, was "
                          "arrested, rose)"),
    Feature("negation", "a denial or negated statement (없다, 않았다, 부인했다, not, denied)"),
    Feature("refers_back", "opens by summing up what came before (이로써, 이는, 이처럼, This, "
                           "That, Such): the writer's framing more often than a fact"),
    Feature("first_person", "the writer's own voice outside quotes (우리, 저희, we, our, I)"),
    Feature("nothing_concrete", "no number, date, name, source, quote or record at all"),
    Feature("no_sentence_end", "ends without a full stop or a Korean final ending: a heading, "
                               "label or list line"),
    Feature("short", "a short sentence (up to 5 Korean or 7 English words)"),
    Feature("long", "a long sentence (over 20 Korean or 30 English words)"),
    Feature("korean", "a Korean sentence (the base rate differs by language)"),
    Feature("anonymous_source", "the source is unnamed (업계 관계자, people familiar with the "
                                "matter)"),
    Feature("anonymous_quote", "a direct quotation from an unnamed source (an opinion nobody "
                               "can be held to)"),
    Feature("hedge_or_opinion", "the writer's hedge or opinion (지켜봐야 한다, should, "
                                "deserves)"),
)}

EXCLUSIONS: dict[str, str] = {
    "caption": "photo or graphic caption, also with its credit after it or on the next line "
               "((사진=...), Name/Outlet, 홍길동 기자, (Photo: ...)), or an on-screen name strap "
               "([인터뷰] 이름 / 직함)",
    "byline": "byline, credit, sign-off, reporter bio or time-stamp line in any layout (기자, "
              "By ..., Reporting by ..., 입력 ..., header lines with |)",
    "email": "contains an e-mail address",
    "copyright": "copyright or reprint notice",
    "navigation": "navigation or promotion: related links and the list under such a heading, "
                  "breadcrumbs, tags, sponsor lines, share/subscribe/app prompts, comment and "
                  "reaction counters, tip-line appeals, link lines",
    "question": "a question",
    "transition": "a bare transition or framing sentence with nothing to check, or a fragment "
                  "without words",
    "run_on": "over 1000 characters: a list, table or page chrome, not one sentence",
}
MAX_SENTENCE_CHARS = 1000


@dataclass
class SentenceScore:
    text: str
    language: str
    kind: str = "body"  # "headline", "subheadline" or "body"
    paragraph: int = 0
    # The named features the sentence shows (FEATURES), in FEATURES order.
    features: list[str] = field(default_factory=list)
    excluded: str | None = None
    speaker: str | None = None
    # The blank-line paragraph the sentence is in (-1: headline or subheadline).
    group: int = -1
    # The subject carried over from the previous sentence, when the sentence has none.
    inherited: str | None = None
    # Filled by the model: the probability that the sentence is a check-worthy claim, the
    # terms that made it (name, contribution to the log-odds; largest first), and whether it
    # reached the threshold.
    probability: float = 0.0
    contributions: list[tuple[str, float]] = field(default_factory=list)
    proposed: bool = False

    @property
    def checkworthy(self) -> bool:
        return self.excluded is None and self.proposed

    def model_inputs(self) -> dict[str, float]:
        return dict.fromkeys(self.features, 1.0)


# ---------------------------------------------------------------- exclusions

_CAPTION = re.compile(
    r"[(\[（【<]\s*(?:사진|그래픽|자료|이미지|영상|출처|제공|photo|photos|photograph|image|picture|"
    r"graphic|video|illustration|credit|courtesy|file photo)\s*(?:제공|출처)?\s*(?:=|:|/|by\b)",
    re.IGNORECASE)
# "(AP Photo/Ahn Young-joon)", "[연합뉴스 자료사진]", "... 지나고 있다. 2026.3.12/뉴스1",
# "사진=딥코어" or "사진 제공: 딥코어" without brackets, "Photo by Jane Doe", "Image credit: ...".
_CAPTION_CREDIT = re.compile(
    r"[(\[][^)\]]{0,40}\b(?:Photo|Photograph|Images)\b[^)\]]{0,60}[)\]]|"
    r"(?:^|[\s/])사진\s?(?:제공|출처)?\s?[=:]|\b(?:[Pp]hoto|[Ii]mage|[Pp]icture)\s+(?:[Cc]redit|"
    r"[Cc]ourtesy)\b|\b[Pp]hoto(?:graph)?\s+by\s+[A-Z]|"
    r"[(\[][^)\]]{0,30}자료\s?사진[^)\]]{0,30}[)\]]|"
    r"\d{4}\.\s?\d{1,2}\.\s?\d{1,2}\.?\s*/\s*[^\s/]{2,12}$")
# Time stamps and update lines of the page: "입력 2026.03.12 10:30", "Updated: March 12, 2026".
# A lone agency credit closing the text: "/연합뉴스", "/ Reuters".
_AGENCY_LINE = re.compile(r"^/\s*[^\s/]{2,20}$")
# A wire credit and a broadcast sign-off: "Lena Marsh in Columbus contributed to this report.",
# "지금까지 백암군에서 NBS 뉴스 정해린입니다."
_SIGN_OFF = re.compile(
    r"\bcontributed (?:reporting )?to this (?:report|story|article)\.?$|"
    r"(?:뉴스|방송|TV|라디오)\s?[가-힣]{2,4}입니다\.?$", re.IGNORECASE)
_PAGE_STAMP = re.compile(
    r"^(?:입력|수정|승인|등록|기사입력|최종수정|업데이트|송고|published|updated|posted|"
    r"last updated)\s*[:：]?\s*(?:\d|[A-Z][a-z]{2,8}\.?\s+\d)", re.IGNORECASE)
_CAPTION_EDGE = re.compile(
    r"^(?:▲|△|■\s*사진|photo\s*:|image\s*:|pictured\s*:)|"
    r"(?:getty images|shutterstock|afp via getty images|ap photo|reuters/[A-Z][a-z]+)\)?\.?$",
    re.IGNORECASE)
# A credit after a caption's last full stop: "... in 1963. Greg Tolliver/Fairhaven Gazette",
# "... on Sunday. (Pacific Wire/Inés Carrasco)", "(Northland Sentinel file photo)",
# "Photograph: Ben Harlow/Oceanic Images", "... 있다. 윤서진 기자", "... 있다. 사진공동취재단",
# "... 있다. ⓒ게티이미지", "[은하소방서 제공. 재판매 및 DB 금지]".
_TRAILING_CREDIT = re.compile(
    r"[.!]\s*\(?[A-Z][\w.'’-]*(?:\s+[A-Z][\w.'’-]*){0,3}(?:\s?/\s?[A-Z][\w.'’-]*"
    r"(?:\s+[\w.'’-]+){0,3}){1,3}\)?\s*$|"
    r"\([^()]{0,40}\b(?:file\s+)?(?:photo|photograph|image)s?\b[^()]{0,20}\)\s*$|"
    r"\b(?:Photograph|Photos?|Image|Picture|Illustration|Graphic|Credit)\s*:\s*\S.{0,60}$|"
    # A parenthesised credit after the last stop: "... HC-1500. (Consumer Product Safety Board)",
    # "(J. Alvarez for The Ledger)".
    r"[.!]\s*\((?:[A-Z][\w.&'’-]*\s?){1,6}\)\s*$|"
    r"[.!]\s*\([^()]{2,40}\bfor (?:the )?[A-Z][^()]{1,30}\)\s*$|"
    r"[.!]\s*(?:[가-힣]{2,4}\s?기자|[(\[]?\s?(?:사진)?공동\s?취재단\s?[)\]]?|ⓒ\s?\S{1,20}|"
    r"[\[(][^\])]{0,30}제공[^\])]{0,40}[\])])\s*$|"
    r"^[^\[\]]{0,80}[\[(][^\])]{0,30}(?:제공|DB\s?금지)[^\])]{0,40}[\])]\s*$|"
    r"\(courtesy\b[^()]{0,60}\)\s*$|\((?:영상|화면)\s?(?:갈무리|캡처|캡쳐)\)\s*$|"
    r"[.!]\s*/\s?\S{2,20}(?:\s?(?:DB|자료\s?사진|제공))?\s*$|"
    r"[.!]\s*[가-힣A-Za-z·]{2,20}(?:\s[가-힣A-Za-z]{1,12})?\s?제공\s*$|"
    r"[.!]\s*\([^()]{2,60}[/|][^()]{2,60}\)\s*$|"
    # A credit on a line of its own: "(Andrew Hale/The Capital Observer)", "(Tribune staff
    # photo)", "(Courtesy of ...)".
    r"^\((?:[^()]{2,60}[/|][^()]{2,60}|[^()]{0,40}\b(?:photo|photograph|image)s?\b[^()]{0,20}|"
    r"courtesy\b[^()]{0,60})\)$", re.IGNORECASE)
# On-screen name straps of a broadcast script: "[인터뷰] 김순자 / 송천군 하상리 주민",
# "[녹취] 정태민 / 위원장", "김순자 / 주민".
_NAME_STRAP = re.compile(
    r"^(?:[\[【(<][^\]】)>]{1,12}[\]】)>]\s*)?(?P<name>[^\s/\[\]]{2,12}(?:\s[^\s/]{1,12}){0,2})"
    r"\s?/\s?[^/.!?]{2,40}$")
# Credits of a broadcast or a feature: "촬영기자: 이재훈", "영상편집 : 김민",
# "Photos by Omar Pratt".
_CREDIT_LINE = re.compile(
    r"^(?:촬영(?:기자)?|영상\s?(?:취재|편집|디자인)?|편집|그래픽|CG|디자인|취재(?:기자)?|VJ|"
    r"화면\s?제공|자료\s?제공|사진|글|구성|연출|앵커)\s?[:：=]\s?\S|"
    r"^(?:Story|Words|Text|Photos?|Video|Graphics?|Illustrations?|Design|Camera|Produced|"
    r"Edited)\s+(?:by\b|:)", re.IGNORECASE)
# Parts of a time stamp: dates, clock times, weekdays, zones and the words around them.
_STAMP_PARTS = re.compile(
    r"\d+|(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)\w*\.?|"
    r"(?:mon|tue|wed|thu|fri|sat|sun)\w*\.?|[월화수목금토일]"
    r"(?:요일)?|[ap]\.?m\.?|gmt|utc|kst|edt|est|pdt|pst|cet|cest|bst|jst|오전|오후|"
    r"입력|수정|송고(?:시간)?|승인|등록|게재|발행|업데이트|기사\s?입력|최종\s?수정|"
    r"published|updated|posted|aired|filed|last|modified|ago|hours?|minutes?|mins?|at|on|et|"
    r"년|월|일|시|분|"
    r"호|제|·|[-–—/:.,()|+]", re.IGNORECASE)
# A line of a page's header: "사회 | 새솔신문 | 이도현 기자", "SportsNight | Broadcast transcript".
_PIPE_LINE = re.compile(r"\s[|｜]\s")


def _is_time_stamp(text: str) -> bool:
    """Only date, time and stamp words, and at least one digit: "2026.09.11 (목) 20:48",
    "October 4, 2026 11:02 PM GMT+3", "송고시간 2026-05-07 15:52"."""
    text = re.sub(r"^[\[【(][^\]】)]{1,20}[\]】)]\s*", "", text)  # "[뉴스데스크] 2026/10/14"
    return (bool(re.search(r"\d", text)) and len(text) <= 80
            and not _STAMP_PARTS.sub(" ", text).strip())


_WORDLIKE = re.compile(r"[가-힣]{2}|[A-Za-z]{2}")
_SENTENCE_FINAL = re.compile(r"[.!?。][\"”’')\]]*\s*$")
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_COPYRIGHT = re.compile(
    r"©|ⓒ|\(c\)\s*\d{4}|\bcopyright\b|all rights reserved|저작권자|무단\s?전재|재배포\s?금지|"
    r"무단\s?복제|AI\s?학습\s?(?:및\s?)?활용\s?금지", re.IGNORECASE)
# "[테크브리프 김하늘 기자]", "[한빛일보=김하늘·이지은 기자]", "김하늘 기자 kim@...",
# "글=김하늘 기자".
_KO_BYLINE = re.compile(
    r"^[\[(【<]?[^\]\n]{0,30}?[가-힣]{2,4}(?:\s?[·,]\s?[가-힣]{2,4})*\s?(?:기자|특파원|객원기자|"
    r"인턴기자|선임기자|전문기자|수습기자|논설위원|칼럼니스트|통신원)(?:\s*[=\])）】>]|\s*$|\s+\S+@)")
_EN_BYLINE = re.compile(
    r"^[(\[]?(?:by\s+[A-Z][\w.'’-]+(?:\s+[A-Z][\w.'’-]+){0,3}\s*(?:,|\band\b|$|[|·•—–-])|"
    r"(?:additional\s+)?(?:reporting|editing|writing|edited|written|compiled|translated)\s+by\b|"
    r"(?:staff|special)\s+(?:writer|correspondent)\b)",
    re.IGNORECASE)
_NAVIGATION = re.compile(
    r"^[\s▶☞▷►→■□◆◇※+\-\[<【]*(?:관련\s?기사|관련\s?뉴스|많이\s?본\s?(?:기사|뉴스)|인기\s?기사|"
    r"추천\s?기사|기사\s?제보|(?:[\w ]{1,12}\s)?제보하기|구독하기|구독|좋아요|댓글|공유하기|"
    r"related(?:\s+(?:articles?|stories|coverage|news))?\s*:|read more|also read|see also|"
    r"more from|"
    r"recommended|most read|subscribe|sign up|follow us|share this|click here|advertisement|"
    r"trending)(?=\W|$)|"
    # A bracketed label over a link: "[백산일보 주요뉴스] ...", "[관련기사] ...".
    r"^\[(?:관련|[^\]]{0,20}(?:주요\s?(?:뉴스|기사)|관련\s?(?:뉴스|기사)|많이\s?본|"
    r"인기\s?(?:뉴스|기사)))\]|"
    # A link invitation without a sentence end: "See full results: ...", "Markets: See live
    # quotes and charts", "Watch: ...".
    r"^(?:[\w ]{1,20}:\s*)?(?:see|watch|read|listen to|view|download|get)\b[^.!?]*$|"
    # A story type over a link: "Explainer: What's at stake ...", "Factbox: ...".
    r"^(?:explainer|analysis|factbox|fact box|watch|live|listen|podcast|opinion|graphic|"
    r"video|photos|gallery|timeline|q&a)\s*:\s*[^.!?]*$|"
    # Tags, sponsors, reader prompts and counters, anywhere on the page.
    r"^(?:tags?|keywords?|topics?|(?:related )?companies|태그|키워드)\s*[:：]|"
    r"^제보\s?(?:는|하기|[:：])|"
    r"^(?:sponsored|advertisement|ad|광고|협찬)\b|\bbrought to you by\b|\bsponsored by\b|"
    r"\bunsubscribe\b|\bmanage (?:your )?preferences\b|\blicensing rights\b|"
    r"\bcomments?\s*\(\d+\)|^\d+\s*comments?$|\b\d+\s*min(?:ute)?s? read\b|"
    r"\btry it (?:free|now)\b|\bsubscribe (?:today|now|for|to)\b|\blicense this\b|"
    r"^(?:up next|next up|coming up)\s*:|^공감\b|본문\s?요약|글자\s?크기|"
    r"\bdownload (?:the|our) [\w ]{0,30}app\b|원문\s?보기|바로\s?가기|"
    r"추천합니다|수신\s?거부|앱\s?(?:다운로드|설치)|"
    r"(?:뉴스레터|기사|구독|공유|전달|추천).{0,30}(?:주세요|바랍니다)\.?$|"
    # An appeal for witnesses or tips: a request, not a report.
    r"^(?:anyone (?:with|who has) (?:any )?information|anyone who (?:saw|witnessed))\b|"
    r"\bare asked to (?:call|contact)\b",
    re.IGNORECASE)
_NAV_MARKER = re.compile(r"^\s*[▶☞▷►]")
# A breadcrumb or a bar of separated labels without a sentence end: "HBN 뉴스9 > 사회 > 농업",
# "Issue #87 · Tuesday, February 10, 2026 · 6 min read", "Share · Facebook · X".
_SEPARATED_LABELS = re.compile(r"(?:\s[>›»·•|/]\s.*){2,}")
# A short breadcrumb with one separator: "Weather › Severe Weather", "Business · Aerospace".
_SHORT_BREADCRUMB = re.compile(r"^[^.!?]{1,30}\s[>›»·•|]\s[^.!?]{1,30}$")
# A reporter's line about themselves: "Gregory Lam covers federal courts in New England."
_REPORTER_BIO = re.compile(
    r"^[A-Z][\w'’-]+(?:\s[A-Z][\w.'’-]+){1,2}\s(?:covers|reports on|writes about|is a "
    r"(?:staff )?(?:reporter|correspondent|writer|editor|columnist))\b")
# "#시내버스 #파업 #한주시"; "TECH INSIDE LETTER" (a short line in capitals, no digits).
_HASHTAG_LINE = re.compile(r"^(?:#\S+\s*){2,}$")
_MASTHEAD = re.compile(r"^[A-Z][A-Z&'’ -]{2,40}$")


def _counter_bar(text: str) -> bool:
    """A bar of counters and symbols: "♡ 214 💬 31 ↻ 12 Share": most of its tokens are
    numbers or symbols."""
    tokens = text.split()
    counts = sum(1 for t in tokens if not re.search(r"[가-힣A-Za-z]{2}", t))
    return len(tokens) >= 3 and counts * 2 > len(tokens)


# A line that is mostly a link: "▣ 기사 원문보기 : https://...".
_URL_LINE = re.compile(r"https?://\S{8,}")
# A reporter's line about themselves in Korean: "정하윤 기자는 ... 담당하고 있습니다."
_KO_REPORTER_BIO = re.compile(
    r"^[가-힣]{2,4}\s?(?:기자|특파원)는\s.{0,80}(?:담당|출입|취재)하고\s?있")
_MARKET_DATA_NOTE = re.compile(r"\b(?:market data|quotes|prices) (?:are )?delayed\b",
                               re.IGNORECASE)
_QUESTION_END = re.compile(r"\?\s*[\"”’')\]]*\s*$")
_KO_QUESTION_EF = ("까", "까요", "는가", "은가", "ㄴ가", "인가", "냐", "니", "나요", "는지요")
_ROUNDUP = re.compile(r"(?:뉴스|소식|내용|이슈)(?:입니다|이다|을 전합니다|를 전합니다)[.!]?$|"
                      r"^(?:here(?:'s| is| are) (?:what|the)|in other news)\b",
                      re.IGNORECASE)
# "(서울=연합뉴스) 홍길동 기자 = ", "[테크브리프 김하늘 기자] ", "SEOUL (Reuters) - ": a dateline or
# byline glued to the lead sentence is cut off, not the sentence with it.
_LEAD_BYLINE = re.compile(
    r"^(?:\([^)]{1,30}=[^)]{1,30}\)\s*(?:[가-힣]{2,4}\s?(?:기자|특파원)\s*=?\s*)?|"
    r"\[[^\]]{1,30}(?:기자|특파원)\]\s*|"
    r"[A-Z][A-Za-z0-9 .,'-]{1,40}\((?:Reuters|AP|AFP|Bloomberg|Yonhap|UPI|Xinhua)\)\s*"
    r"[-–—]+\s*)")


def strip_lead_byline(text: str) -> str:
    stripped = _LEAD_BYLINE.sub("", text, count=1).strip()
    return stripped or text


def is_sign_off(line: str) -> bool:
    """A wire credit or broadcast sign-off, which may end a sentence begun on the line before
    ("지금까지 백암군 산불 현장에서" / "NBS 뉴스 정해린입니다.")."""
    return bool(_SIGN_OFF.search(line))


def exclusion(text: str, language: str, *, words: int, final_ending: str | None = None,
              substantive: bool = True) -> str | None:
    """Why the sentence can never be a claim, or None."""
    if len(text) > MAX_SENTENCE_CHARS:
        return "run_on"
    if _CAPTION.search(text) or _CAPTION_EDGE.search(text) or _CAPTION_CREDIT.search(text):
        return "caption"
    if _EMAIL.search(text):
        return "email"
    if _COPYRIGHT.search(text):
        return "copyright"
    if _TRAILING_CREDIT.search(text) or _NAME_STRAP.match(text):
        return "caption"
    if (_KO_BYLINE.search(text) or _EN_BYLINE.search(text) or _PAGE_STAMP.search(text)
            or _AGENCY_LINE.match(text) or _CREDIT_LINE.search(text) or _is_time_stamp(text)
            or _SIGN_OFF.search(text) or _REPORTER_BIO.match(text)
            or _KO_REPORTER_BIO.match(text)
            or (_PIPE_LINE.search(text) and not _SENTENCE_FINAL.search(text)
                and words <= 14)):
        return "byline"
    if _NAVIGATION.search(text) or _NAV_MARKER.search(text) or _MARKET_DATA_NOTE.search(text):
        return "navigation"
    if ((_SEPARATED_LABELS.search(text) and not _SENTENCE_FINAL.search(text) and words <= 20)
            or (_SHORT_BREADCRUMB.match(text) and words <= 6)):
        return "navigation"
    if _URL_LINE.search(text) and words <= 12:
        return "navigation"
    if not _SENTENCE_FINAL.search(text) and words <= 12 and (
            _counter_bar(text) or _HASHTAG_LINE.match(text) or _MASTHEAD.match(text)):
        return "navigation"
    if not _WORDLIKE.search(text):
        # "7", "…", "▶": a piece of a line the splitter cut off, nothing to check.
        return "transition"
    if _QUESTION_END.search(text):
        return "question"
    if language == "ko" and final_ending is not None and final_ending.endswith(_KO_QUESTION_EF):
        return "question"
    # "다음 소식입니다" hands over; "...올리는 내용이다" with figures describes a bill.
    if _ROUNDUP.search(text) and (not substantive or words <= 6):
        return "transition"
    if not substantive and words <= (5 if language == "ko" else 6):
        return "transition"
    return None


# ---------------------------------------------------------------- features

_KO_DATE = re.compile(
    r"\d{2,4}\s?년(?:\s?\d{1,2}\s?월)?(?:\s?\d{1,2}\s?일)?|\d{1,2}\s?월(?:\s?\d{1,2}\s?일)?|"
    r"(?<![\d.])\d{1,2}\s?일(?![가-힣])|\d\s?분기|(?:올|내|지난|작|이번|다음|오는|지난달|이달)\s?"
    r"(?:해|년|달|주|분기|월)|올해|내년|작년|지난해|상반기|하반기|연말|연초|오늘|어제|내일|"
    r"[월화수목금토일]요일")
_KO_QUANTITY = re.compile(
    r"(?<![A-Za-z])\d|(?<![가-힣A-Za-z0-9])(?:한|두|세|네|다섯|여섯|일곱|여덟|아홉|열|스무|수십|수백|"
    r"수천|수만|수십억|수백억|수조)\s?(?:곳|명|개|배|번|차례|가지|건|척|개국|해|달|주|종|개사|군데|"
    r"억|조|만|천|백)|절반|과반|배로|\d+\s?배")
_KO_ATTRIBUTION = re.compile(
    r"(?:밝혔|말했|전했|설명했|주장했|강조했|지적했|덧붙였|내다봤|예상했|전망했|발표했|분석했|보도했|"
    r"언급했|답했|평가했|진단했|예측했|경고했|시사했|확인했|부인했|반박했|공개했다고|따르면|알려졌|"
    r"전해졌|집계됐|조사됐|나타났|밝혀졌|추산했|추정했|내놨다|예고했|비판했|우려했|반발했|촉구했|"
    r"요구했|제안했|꼬집었|토로했|호소했|당부했|약속했|다짐했|해명했|부연했|시인했|인정했|주문했|"
    r"공언했|자신했|진단했|풀이했|관측했|공시했|공표했|고시했|공고했|보고했)")
# An organisation's own announcement: "카카오는 ... 공시했다", "그린셀은 ... 발표했다".
_KO_ORG_REPORTING = re.compile(r"(?:공시|발표|공표|공개|고시|공고)(?:했|하였)|밝혔")
# Topic-marked single words that are people or groups in general, not a named organisation.
_KO_GENERIC_SUBJECTS = {
    "시민", "주민", "국민", "소비자", "이용자", "사람", "전문가", "학생", "누리꾼", "네티즌",
    "투자자", "직원", "노동자", "근로자", "환자", "부모", "관계자", "당국자", "회사", "기업",
    "업체", "이들", "그들", "우리", "저희"}
_KO_PREDICTION = re.compile(
    r"전망(?:이다|된다|했다|이라)|예정(?:이다|이라)|계획(?:이다|이라)|방침(?:이다|이라)|목표|"
    r"것으로\s?(?:보인다|예상|관측|전망|추산)|(?:ㄹ|을|할|될|질|갈|릴|칠|킬|울|날|올|볼|줄|낼)\s?것|"
    r"겠다|추진|내다봤|예상했|예측했|전망했")
_KO_RECORD = re.compile(
    r"사상\s?(?:최대|최고|최저|최초|처음)|역대\s?(?:최대|최고|최저|최다)|(?:세계|국내|업계|아시아)\s?"
    r"(?:최대|최고|최초|유일)|최초|처음으로|신기록|최대치|최고치|최저치|최다|가장")
_KO_HEDGE = re.compile(
    r"지켜봐야|지켜볼\s?일|미지수|알\s?수\s?없|것\s?같다|듯하다|듯\s?보인다|필요가\s?있다|해야\s?한다|"
    r"어느\s?때보다|적지\s?않|만만치\s?않|쉽지\s?않|주목된다|관심이\s?쏠린다|귀추가|셈이다|"
    r"(?:숙제|과제|변수|관건)(?:다|이다)")
# "한 증권사 연구원" (a certain analyst) is as unnamed as "업계 관계자".
_KO_ANONYMOUS = re.compile(
    r"(?:한|익명의|업계|회사|정부|관련|복수의|일부)\s?(?:관계자|소식통|전문가)|관계자들?(?:은|는|이|가)\s|"
    r"(?:^|\s)한\s(?:[가-힣A-Za-z]+\s){0,2}(?:관계자|연구원|애널리스트|관리|임원|직원|교수|전문가|"
    r"인사|당국자|소식통)|소식통|익명|일각|"
    # Whole communities as the source: "경영계는", "업계에서는", "전문가들은".
    r"(?:^|\s)(?:노동|경영|재|학|금융|산업|의료|법조|정|업)계(?:는|에서는|에선|\s안팎)|"
    r"(?:^|\s)(?:시장|업계)에서는|(?:^|\s)전문가들(?:은|는|이)\s|"
    # One unnamed person: "한 승객은", "동구의 한 점주는", "최 모 씨는", "익명을 요구한".
    r"(?:^|\s)한\s[가-힣]{1,6}(?:자|원|인|민|생|모|객|주|사|님|씨|관|장|상|부)(?:은|는|이|가)\s|"
    r"(?:^|\s)[가-힣]\s?모\s?씨|익명을\s?(?:요구|요청)")
_KO_ORG = re.compile(
    r"[가-힣]{2,}(?:부|청)(?=[은는이가의와과도에로,]|\s|$)|"
    r"[가-힣]{1,}(?:위원회|공사|공단|은행|재단|연구소|협회|대학교|증권|그룹|전자|캐피털|리서치|"
    r"파트너스|벤처스|홀딩스|텔레콤|거래소|법원|검찰청?|국회)")
_KO_QUOTED_NAME = re.compile(r"[‘「『][^’」』]{1,30}[’」』]")
_KO_TITLES = re.compile(
    r"(?:대표|교수|장관|차관|의원|대통령|총리|위원장|회장|사장|부회장|부사장|전무|상무|이사|연구원|"
    r"연구위원|애널리스트|대변인|청장|원장|총장|소장|센터장|실장|본부장|팀장|국장|부장|시장|지사|"
    r"최고경영자|CEO|CTO|CFO|창업자|의장|감독|박사|변호사|기자)(?:는|은|이|가)?$")
_KO_PRONOUN = re.compile(r"^(?:그|그녀|그들|이들|회사|이\s?회사)(?:는|은|이|가|도)?$")

_EN_MONTHS = ("January|February|March|April|May|June|July|August|September|October|November|"
              "December")
_EN_DAYS = "Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday"
_EN_DATE = re.compile(
    rf"\b(?:19|20)\d{{2}}s?\b|\b(?:{_EN_MONTHS})\b(?:\s+\d{{1,2}}(?:st|nd|rd|th)?\b)?|"
    rf"\b(?:{_EN_DAYS})\b|\b(?:last|next|this|the past|the coming|a)\s+(?:year|month|week|quarter|"
    r"decade|spring|summer|fall|autumn|winter)\b|\b(?:yesterday|today|tomorrow)\b|\bQ[1-4]\b|"
    r"\b(?:first|second|third|fourth)[- ]quarter\b|\b(?:earlier|later) this (?:year|month|week)\b")
_EN_QUANTITY = re.compile(
    r"[$€£¥₩]\s?\d|(?<![A-Za-z])(?<![A-Za-z]-)\d|\b(?:two|three|four|five|six|seven|eight|nine|ten|"
    r"eleven|twelve|fifteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|hundreds?|"
    r"thousands?|millions?|billions?|trillions?|dozens?|half|twice|double|doubled|triple|tripled|"
    r"quadrupled|halved|percent|a third|a quarter)\b", re.IGNORECASE)
_EN_ATTRIBUTION = re.compile(
    r"\b(?:said|says|say|told|tells|according to|announced|announces|(?<!such )(?<!these )"
    r"(?<!those )(?<!the )(?<!its )(?<!their )claims?|claimed|stated|estimates?|estimated|reported|"
    r"argued|argues|added|adds|noted|wrote|writes|predicted|predicts|forecasts?|warned|warns|"
    r"confirmed|confirms|insisted|explained|believes|expects|disclosed|revealed|found that|"
    r"showed that|shows that|testified|acknowledged|admitted)\b")
_EN_PREDICTION = re.compile(
    r"\b(?:will|won't|expects?|expected to|plans?\s+to|planned|aims?\s+to|intends?\s+to|"
    r"(?:is|are) set to|forecasts?|projects?|projected|predicts?|(?:is|are) likely to|"
    r"by (?:19|20)\d\d|within (?:\w+ )?(?:years|months|weeks)|next year|over the next)\b")
_EN_RECORD = re.compile(
    r"\b(?:largest|biggest|highest|lowest|fastest|slowest|smallest|greatest|strongest|weakest|busiest|"
    r"record|record-breaking|all-time|first-ever|ever|unprecedented|for the first time|"
    r"largest-ever)\b", re.IGNORECASE)
_EN_HEDGE = re.compile(
    r"\b(?:deserves?|should|ought to|perhaps|arguably|remains to be seen|no accident|it is unclear|"
    r"of course|needless to say|in our view|we believe|it seems|seems to|is another question|"
    r"remains? (?:the|a) (?:biggest|main|key|major) (?:hurdle|question|challenge|problem))\b",
    re.IGNORECASE)
_EN_ANONYMOUS = re.compile(
    r"\b(?:people|persons|sources?|officials?|executives?|insiders?|analysts?)\s+(?:familiar|close|"
    r"with (?:knowledge|direct knowledge)|who (?:asked|declined|spoke|requested))|"
    r"\bon (?:the )?condition of anonymity\b|"
    r"\b(?:an?|one|two|three|several|some)\s+(?:senior\s+|top\s+|former\s+|high-ranking\s+)?"
    r"(?:[A-Z][\w-]*\s+)?(?:aides?|officials?|sources?|insiders?|executives?|persons?|"
    r"diplomats?|lawmakers?)\b(?! (?:at|of|from) [A-Z])|\bsome (?:say|said|argue|believe)\b|"
    r"\bcritics (?:say|said)\b|"
    r"\b(?:asked|requested) not to be (?:named|identified)\b|\bdeclined to (?:be named|give "
    r"(?:his|her|their) (?:full )?name)\b|"
    # One unnamed person: "one volunteer at a shelter said", "a passenger said".
    r"\b(?:one|another|an?)\s+(?:[a-z-]+\s+){0,2}(?:man|woman|resident|volunteer|passenger|"
    r"witness|neighbou?r|trader|diplomat|parent|shopper|worker|driver|student|teacher|"
    r"employee|customer|fan|voter|farmer|owner|commuter|bystander|survivor|relative)\b"
    r"(?![^,]{0,40}\b[A-Z][a-z]+ [A-Z][a-z]+)",
    re.IGNORECASE)
# "added" is speech only before a clause or a quote: "Employers added 150,000 jobs" is not.
_EN_SPEECH = (r"(?:said|says|told|added(?!\s+(?!that\b)[\w$])|explained|noted|argued|warned|wrote|"
              r"claimed|claims|called|announced|estimates|expects|predicted|believes|insisted|"
              r"stated|reported)")
# "the Labor Department on Friday said": a time between the speaker and the verb.
_EN_WHEN = (rf"(?:\s+(?:on\s+)?(?:{_EN_DAYS}|yesterday|today|last\s+(?:week|month)|"
            r"earlier\s+this\s+(?:week|month)))?")
_EN_NOT_NAMES = {
    "The", "A", "An", "This", "That", "These", "Those", "It", "Its", "Their", "His", "Her", "Our",
    "We", "I", "He", "She", "They", "But", "And", "Or", "So", "Yet", "If", "When", "While", "As",
    "In", "On", "At", "For", "With", "By", "From", "To", "Of", "After", "Before", "Since", "Most",
    "Some", "Many", "Such", "Still", "Also", "However", "Meanwhile", "Rival", "Chief", "Analysts",
    "Is", "Are", "Was", "Were", "There", "Here", "What", "Why", "How", "Who", "Mr", "Mrs", "Ms",
    "Dr", "Prof",
}
# Acronyms that name a kind of thing, not an organisation or product.
GENERIC_ACRONYMS = {
    "AI", "IT", "ICT", "CEO", "CFO", "CTO", "COO", "IP", "PC", "TV", "SW", "HW", "GPU", "CPU",
    "NPU", "IOT", "VR", "AR", "XR", "B2B", "B2C", "R&D", "IPO", "M&A", "ESG", "SNS", "OS", "API",
    "LLM", "US", "UK", "EU", "GDP", "OK", "PR", "HR", "B", "A", "C",
}
_CAP_WORD = re.compile(r"[A-Z][\w&.'’-]*|[A-Z]")
_QUOTE_SPAN = re.compile(r"“[^”]*”|\"[^\"]*\"|«[^»]*»")
_WORD_COUNT = re.compile(r"\S+")



# Morphemes that end a lead-in before a sentence's subject (adverbial particles, adverbs,
# conjunctions, connective endings, commas).
_LEAD_IN_TAGS = frozenset({"JKB", "MAG", "MAJ", "EC", "SP"})


def _subject_start(text: str, morphemes: Sequence[Any], subject_end: int,
                   lead_in_tags: frozenset[str]) -> int:
    """Where the words naming the subject (ending at `subject_end`) begin: after the last word
    ending in one of `lead_in_tags`."""
    begin = 0
    for m in morphemes:
        if m.start >= subject_end:
            break
        end = m.start + m.len
        ends_word = end >= len(text) or text[end] in " ,"
        if m.tag in lead_in_tags and ends_word and end < subject_end:
            begin = end + 1
    return begin

def quote_removed(text: str) -> str:
    return _QUOTE_SPAN.sub(" ", text)


def has_direct_quote(text: str) -> bool:
    return any(len(m.group().split()) >= 2 for m in _QUOTE_SPAN.finditer(text))


def english_entities(text: str) -> list[str]:
    """Runs of capitalised words (a sentence's first word counts only as part of a longer run,
    an acronym or a product name with a digit)."""
    entities: list[str] = []
    words = re.findall(r"[\w&.'’$-]+|[^\w\s]", text)
    run: list[str] = []
    run_starts_sentence = False

    def close() -> None:
        nonlocal run, run_starts_sentence
        if run:
            name = " ".join(run)
            single_first = run_starts_sentence and len(run) == 1
            distinctive = bool(re.search(r"\d|^[A-Z]{2,}", name))
            if not single_first or distinctive:
                entities.append(name)
        run = []
        run_starts_sentence = False

    at_start = True
    for word in words:
        bare = re.sub(r"(?:['’]s|['’])$", "", word).strip(".")
        is_name = (bool(bare) and bare[0].isupper() and bare not in _EN_NOT_NAMES
                   and bare.upper() not in GENERIC_ACRONYMS
                   and not re.fullmatch(rf"(?:{_EN_MONTHS}|{_EN_DAYS})", bare))
        if is_name:
            if not run:
                run_starts_sentence = at_start
            run.append(bare)
            if re.search(r"['’]s?$", word):  # "Nvidia's CUDA" names two things
                close()
        else:
            close()
        if re.match(r"\w", word):
            at_start = False
        elif word in "“\"‘(":
            pass
    close()
    return entities


def _english_speaker(text: str, previous: str | None) -> tuple[str | None, bool]:
    """(speaker, named) for an English sentence."""
    names = r"((?:[A-Z][\w.'’-]+)(?:\s+[A-Z][\w.'’-]+){0,3})"
    patterns = (
        rf"[”\"]\s*,?\s*{_EN_SPEECH}\s+{names}",
        rf"[”\"]\s*,?\s*(?:[a-z][\w-]*\s+){{0,4}}{names}\s+{_EN_SPEECH}\b",
        rf"\baccording to (?:[a-z][\w-]*\s+){{0,3}}{names}(?=\s*(?:[,.;:)]|$))",
        rf"^{names}(?:,[^,]{{1,80}},)?\s+{_EN_SPEECH}\b",
        rf"^{names}\s+(?:said|says|expects|plans|estimates|claims|believes)\b",
        # "..., the Labor Department said on Friday.", "..., Acme told investors."
        rf"(?:,|\bwhile|\band)\s+(?:the\s+)?{names}{_EN_WHEN}\s+{_EN_SPEECH}\b",
    )
    for pattern in patterns:
        match = re.search(pattern, text)
        if match:
            name = match.group(1).strip().rstrip(".,")
            first = name.split()[0]
            if first in _EN_NOT_NAMES:
                rest = name.split()[1:]
                if not rest:
                    continue
                name = " ".join(rest)
            return name, True
    start = re.match(rf"^(He|She|They)\s+(?:also\s+)?{_EN_SPEECH}\b", text)
    if start is None:
        start = re.search(rf"[”\"]\s*,?\s*(?:{_EN_SPEECH}\s+)?(he|she)\b", text)
    if start and previous:
        return previous, True
    return None, False


def _korean_speaker(text: str, morphemes: Sequence[Any], previous: str | None,
                    attributed: bool) -> tuple[str | None, bool]:
    """(speaker, named) for a Korean sentence: the subject before the quote or the attribution,
    or the source named before "~에 따르면"."""
    according = re.search(r"([^,“\"]{2,40}?)(?:에|의)\s?따르면", text)
    if according:
        name = according.group(1).strip()
        return name, not _KO_ANONYMOUS.search(name)
    if not attributed:
        return None, False
    quote_at = min([i for i in (text.find("“"), text.find('"')) if i >= 0] or [len(text)])
    subject_end = None
    topic_marked = False
    for m in morphemes:
        if m.start >= quote_at:
            break
        if m.tag in ("JX", "JKS") and m.form in ("은", "는", "이", "가"):
            subject_end = m.start
            topic_marked = m.tag == "JX"
            break
    if subject_end is None:
        return None, False
    # The name starts after any adverbial lead-in ("이 때문에", "한편", "지난 25일 서울에서").
    begin = _subject_start(text, morphemes, subject_end, _LEAD_IN_TAGS)
    phrase = text[begin:subject_end].strip(" ,")
    if not phrase or len(phrase.split()) > 7:
        return None, False
    if _KO_PRONOUN.match(phrase + "는") or phrase in ("그", "그녀", "그들", "이들"):
        if phrase in ("그", "그녀") and previous:
            return previous, True
        return None, False
    if _KO_ANONYMOUS.search(phrase):
        return None, False
    named = any(m.tag in ("NNP", "SL") for m in morphemes if m.start < subject_end) or \
        bool(_KO_ORG.search(phrase) or _KO_TITLES.search(phrase))
    if not named and topic_marked and _KO_ORG_REPORTING.search(text):
        # A one-word topic before an announcement verb is the organisation announcing
        # ("그린셀은 ... 발표했다"), whether or not the analyser knows its name.
        # A plural ("시민들") is a group of people, not an organisation.
        named = (" " not in phrase and phrase not in _KO_GENERIC_SUBJECTS
                 and not phrase.endswith("들")
                 and not _KO_DATE.fullmatch(phrase) and len(phrase) >= 2)
    if not named:
        return phrase, False
    return phrase, True


# Institutions whose accounts are the facts of hard news: police, prosecutors, courts, fire and
# rescue services, disaster and health authorities, investigators.
_KO_OFFICIAL = re.compile(
    r"(?:경찰|검찰|법원|재판부|소방|해경|해양경찰|국과수|당국|합동참모본부|합참|질병관리청|기상청|"
    r"수사본부|수사팀|조사위원회|사고조사위|지검|지법|고법|대법원|헌법재판소|헌재|교육청|"
    r"[가-힣]{1,6}(?:부|청|처|시|군|구|도))(?:은|는|이|가|도|\s?측은|에\s?따르면|\s?관계자는|에서는)")
_EN_OFFICIAL = re.compile(
    r"\b(?:police|officers?|detectives?|sheriff(?:['’]s)?|deputies|troopers?|state patrol|"
    r"prosecutors?|district attorney|the court|judge|jury|coroner|medical examiner|"
    r"fire (?:department|officials|crews|chief|service)|firefighters|investigators|"
    r"authorities|officials|ministry|department|agency|coast guard|regulators?)\b",
    re.IGNORECASE)
_KO_STUDY = re.compile(
    r"연구\s?결과|조사\s?결과|분석\s?결과|연구팀|연구진|설문|조사에서|조사됐|나타났|밝혀졌|보고서|"
    r"논문|학술지|통계|집계")
_EN_STUDY = re.compile(
    r"\b(?:study|studies|survey|poll|researchers?|analysis|report|findings?|data (?:from|show)|"
    r"statistics|census|found that|found)\b", re.IGNORECASE)
_KO_PAST = frozenset({"었", "았", "였", "었었", "았었", "ㅆ"})
_EN_PAST = re.compile(
    # "-ed" after is/are is a state ("is convinced", "are divided"), not an event.
    r"\b(?:was|were|had|did|(?<!\bis )(?<!\bare )(?<!\bam )(?<!\bbe )\w{3,}ed|rose|fell|took|"
    r"made|won|lost|hit|began|went|came|left|"
    r"sold|grew|struck|led|told|found|shot|broke|ran|saw|gave|held|became|built|caught|drove|"
    r"fled|flew|froze|spent|stole|threw|wrote)\b")
_KO_NEGATION = re.compile(r"(?:없|않|아니)(?:[가-힣]|$)|부인(?:했|하|한|해)|사실무근|못했|무관")
_EN_NEGATION = re.compile(
    r"\b(?:not|no|never|none|nobody|nothing|neither|nor|denied|denies|deny|without)\b|n['’]t\b",
    re.IGNORECASE)
_KO_REFERS_BACK = re.compile(
    r"^(?:이로써|이는|이처럼|이같이|이와\s?같이|이같은|이러한|이런|이렇듯|그만큼|결국|요컨대|"
    r"다시\s?말해|한마디로|이를\s?통해|이를\s?계기로)(?=\s|,)")
_EN_REFERS_BACK = re.compile(
    r"^(?:(?:This|That|These|Those|Such)\b(?!\s+(?:week|month|year|morning|afternoon|evening|"
    r"spring|summer|fall|autumn|winter|weekend|season|quarter)\b)|It all\b|All this\b|"
    r"In short\b|In other words\b|Ultimately\b|With (?:that|this)\b|In (?:this|that) way\b|"
    r"By doing so\b|In doing so\b)")
_KO_FIRST_PERSON = re.compile(r"(?:^|\s)(?:우리|저희|제가|필자)")
_EN_FIRST_PERSON = re.compile(r"\b(?:[Ww]e|[Oo]urs?|us|I|[Mm]y|me)\b")
# Digits that count nothing: phone numbers, web addresses.
_NOT_QUANTITIES = re.compile(
    r"\(?\b\d{2,4}\)?[ .-]\d{3,4}[ .-]\d{4}\b|\b\d{3}-\d{4}\b|"
    r"(?:https?://|www\.)\S+|\b[\w-]+\.(?:com|org|net|kr|gov|go\.kr|co\.kr)\b")
_SHORT_WORDS = {"ko": 5, "en": 7}
_LONG_WORDS = {"ko": 20, "en": 30}


@dataclass
class Context:
    """What scoring one sentence may know about the sentences before it."""

    last_speaker: str | None = None
    # The named subject of the sentence just scored and its paragraph: the next sentence may
    # carry it over, and only that one, inside the same paragraph.
    previous_subject: str | None = None
    previous_group: int | None = None
    # A broadcast name strap ("[인터뷰] 김순자 / 주민") and its paragraph: the lines after it
    # in that paragraph are that person's words.
    strap_speaker: str | None = None
    strap_group: int | None = None


# The subject particles: 이/가 (JKS), 께서, and the topic markers 은/는/도 (JX).
_KO_SUBJECT_PARTICLES = {"이", "가", "께서", "은", "는", "도"}
# "It", "He", "The company" opening a sentence refer to something named before, except the
# empty "it" of "It is unclear whether ...", "It is time to ...".
_EN_CARRIED = re.compile(r"^(?:It|He|She|They|The company|The firm)\b(?!\s+(?:is|was|seems|"
                         r"remains)\s+(?:unclear|likely|possible|true|not clear|hard|easy|"
                         r"important|worth|time)\b)")
_EN_LEADING_NAME = re.compile(r"^(?:The\s+)?([A-Z][\w&.'’-]*(?:\s+[A-Z][\w&.'’-]*){0,3})")


def _korean_subject(text: str, morphemes: Sequence[Any]) -> tuple[str | None, bool]:
    """(subject phrase, carried over) of a Korean sentence. The subject is the phrase before the
    first subject or topic particle outside quotation marks; a sentence with no such particle
    before its final ending, or whose subject is a pronoun (그는, 회사는), carries over the
    subject of the one before."""
    quote_at = min([i for i in (text.find("“"), text.find('"')) if i >= 0] or [len(text)])
    subject_end = None
    for index, m in enumerate(morphemes):
        if m.start >= quote_at or m.tag == "EF":
            break
        if m.tag in ("JKS", "JX") and m.form in _KO_SUBJECT_PARTICLES:
            # A topic marker on an adverbial ("증시에서는", "올해는") marks no subject.
            words_before = text[:m.start].split()
            after_adverbial = index > 0 and morphemes[index - 1].tag == "JKB"
            after_date = bool(words_before) and bool(_KO_DATE.fullmatch(words_before[-1]))
            if m.tag == "JX" and (after_adverbial or after_date):
                continue
            subject_end = m.start
            break
    if subject_end is None:
        return None, True
    # The subject starts after any lead-in: adverbs, adverbial phrases, topic-marked ones.
    begin = _subject_start(text, morphemes, subject_end, _LEAD_IN_TAGS | {"JX"})
    phrase = text[begin:subject_end].strip(" ,")
    # "그는", "회사는", "회사 측은" point back to a subject named before.
    if not phrase or _KO_PRONOUN.match(phrase) or phrase == "회사 측":
        return None, True
    named = any(m.tag in ("NNP", "SL") and begin <= m.start < subject_end for m in morphemes) \
        or bool(_KO_ORG.search(phrase))
    return (phrase if named and len(phrase.split()) <= 7 else None), False


def _english_subject(text: str) -> tuple[str | None, bool]:
    """(named subject, carried over) of an English sentence: the name it opens with, or a
    pronoun that refers back."""
    if _EN_CARRIED.match(text):
        return None, True
    match = _EN_LEADING_NAME.match(text)
    if match:
        words = match.group(1).split()
        while words and words[0] in _EN_NOT_NAMES:
            words = words[1:]
        name = " ".join(words).rstrip(".,'’")
        name = re.sub(r"['’]s?$", "", name)
        if name and name.upper() not in GENERIC_ACRONYMS:
            return name, False
    return None, False


def analyse_sentence(sentence: SentenceScore, context: Context,
                   morphemes: Sequence[Any] | None = None) -> SentenceScore:
    """Fill the features, exclusion, speaker and carried-over subject of one sentence."""
    text = sentence.text
    korean = sentence.language == "ko"
    morphemes = morphemes or []
    outside_quotes = quote_removed(text)

    if korean:
        without_dates = _KO_DATE.sub(" ", _NOT_QUANTITIES.sub(" ", text))
        has_date = bool(_KO_DATE.search(text))
        has_quantity = bool(_KO_QUANTITY.search(without_dates))
        attributed = bool(_KO_ATTRIBUTION.search(outside_quotes))
        predicted = bool(_KO_PREDICTION.search(text))
        record = bool(_KO_RECORD.search(text))
        hedge = bool(_KO_HEDGE.search(outside_quotes))
        anonymous = bool(_KO_ANONYMOUS.search(outside_quotes))
        entities = {m.form for m in morphemes if m.tag == "NNP"} | {
            m.form for m in morphemes
            if m.tag == "SL" and len(m.form) >= 2 and m.form.upper() not in GENERIC_ACRONYMS}
        entities |= {m.group() for m in _KO_ORG.finditer(text)}
        quoted_name = bool(_KO_QUOTED_NAME.search(text))
        speaker, named = _korean_speaker(text, morphemes, context.last_speaker, attributed)
        final_ending = next((m.form for m in reversed(morphemes) if m.tag == "EF"), None)
        words = len(_WORD_COUNT.findall(text))
    else:
        without_dates = _EN_DATE.sub(" ", _NOT_QUANTITIES.sub(" ", text))
        has_date = bool(_EN_DATE.search(text))
        has_quantity = bool(_EN_QUANTITY.search(without_dates))
        attributed = bool(_EN_ATTRIBUTION.search(outside_quotes))
        predicted = bool(_EN_PREDICTION.search(text))
        record = bool(_EN_RECORD.search(text))
        hedge = bool(_EN_HEDGE.search(outside_quotes))
        anonymous = bool(_EN_ANONYMOUS.search(outside_quotes))
        entities = set(english_entities(text))
        quoted_name = False
        speaker, named = _english_speaker(text, context.last_speaker)
        if speaker and not attributed and not has_direct_quote(text):
            speaker, named = None, False
        final_ending = None
        words = len(_WORD_COUNT.findall(text))

    if korean:
        subject, carried = _korean_subject(text, morphemes)
    else:
        subject, carried = _english_subject(text)
    inherited = None
    if (carried and sentence.kind == "body" and context.previous_subject
            and context.previous_group == sentence.group):
        inherited = context.previous_subject
        if attributed and not named:
            # "이어 ... 밝혔다": the one who speaks is the subject carried over.
            speaker, named = inherited, True

    quote = has_direct_quote(text)
    if (context.strap_speaker and sentence.kind == "body"
            and context.strap_group == sentence.group):
        # Under a name strap the words are the interviewee's, quoted without quotation marks.
        quote, named, speaker = True, True, context.strap_speaker
    if korean:
        official = bool(_KO_OFFICIAL.search(outside_quotes))
        study = bool(_KO_STUDY.search(outside_quotes))
        past = any(m.tag == "EP" and m.form in _KO_PAST for m in morphemes)
        negated = bool(_KO_NEGATION.search(text))
        refers_back = bool(_KO_REFERS_BACK.match(text))
        first_person = bool(_KO_FIRST_PERSON.search(outside_quotes))
    else:
        official = bool(_EN_OFFICIAL.search(outside_quotes))
        study = bool(_EN_STUDY.search(outside_quotes))
        past = bool(_EN_PAST.search(outside_quotes))
        negated = bool(_EN_NEGATION.search(text))
        refers_back = bool(_EN_REFERS_BACK.match(text))
        first_person = bool(_EN_FIRST_PERSON.search(outside_quotes))
    language_key = "ko" if korean else "en"
    present = {
        "quantity": has_quantity,
        "date": has_date,
        "attribution": attributed,
        "named_speaker": named and (attributed or quote),
        "direct_quote": quote,
        "record": record,
        "prediction": predicted,
        "attributed_prediction": predicted and (named or (attributed and not anonymous)),
        "named_entity": bool(entities),
        "several_named_entities": len(entities) >= 2,
        "quoted_name": quoted_name,
        "headline": sentence.kind == "headline",
        "inherited_subject": bool(inherited),
        "official_account": official,
        "study_or_survey": study,
        "past_event": past,
        "negation": negated,
        "refers_back": refers_back,
        "first_person": first_person,
        "nothing_concrete": not (has_quantity or has_date or entities or attributed or quote
                                 or record or inherited or quoted_name or official or study),
        "no_sentence_end": not _SENTENCE_FINAL.search(text) and (not korean
                                                                  or final_ending is None),
        "short": words <= _SHORT_WORDS[language_key],
        "long": words > _LONG_WORDS[language_key],
        "korean": korean,
        "anonymous_source": anonymous and not (quote and not named),
        "anonymous_quote": anonymous and quote and not named,
        "hedge_or_opinion": hedge,
    }
    found = [name for name in FEATURES if present[name]]

    sentence.features = found
    sentence.speaker = speaker if named else None
    sentence.inherited = inherited
    # A short sentence with nothing at all to check is a bare transition ("Analysts are
    # divided.", "시장의 기대감은 어느 때보다 높다."); one that tells an event, a date or a
    # denial is left to the model ("The driver did not stop.", "정부는 비축 배추 방출에
    # 나섰습니다.").
    substantive = bool(has_quantity or quote or entities or attributed or record or inherited
                       or has_date or past or official or study
                       or (negated and not refers_back and korean))
    sentence.excluded = exclusion(text, sentence.language, words=words,
                                  final_ending=final_ending, substantive=substantive)
    if named and speaker:
        context.last_speaker = speaker
    strap = _NAME_STRAP.match(text) if sentence.excluded == "caption" else None
    if strap:
        context.strap_speaker, context.strap_group = strap.group("name"), sentence.group
    elif context.strap_group != sentence.group:
        context.strap_speaker = None
    # What the next sentence may carry over: this one's subject, its own or carried over, or
    # its named speaker; nothing from a caption, byline or headline.
    own = subject or (speaker if named else None)
    context.previous_subject = None if sentence.excluded or sentence.kind != "body" else (
        inherited if carried else own)
    context.previous_group = sentence.group
    return sentence
