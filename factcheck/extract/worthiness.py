"""Check-worthiness: a transparent score per sentence from named features.

Every feature has a name, a weight and a one-line description (FEATURES); a sentence's score is
the sum of the weights of the features it shows, and `factcheck extract --all` prints them so a
reviewer can see why a sentence was or was not proposed. Some kinds of text are never claims
whatever their score (EXCLUSIONS: captions, bylines, e-mail addresses, copyright lines,
navigation, questions, bare transitions).

The rules describe news writing in general (Korean and English), not particular articles.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

THRESHOLD = 2.0


@dataclass(frozen=True)
class Feature:
    name: str
    weight: float
    description: str


FEATURES: dict[str, Feature] = {f.name: f for f in (
    Feature("quantity", 2.0, "a number, amount, share or count (1200억 원, 60%, 네 곳, "
                             "$2.4 billion, three times)"),
    Feature("date", 1.0, "a date or time reference (2027년, 25일, 올해, last year, in March)"),
    Feature("attribution", 1.5, "a statement attributed to a source (밝혔다, 말했다, ~에 따르면, "
                                "said, according to)"),
    Feature("named_speaker", 1.0, "the speaker is named (a person or organisation, or he/she "
                                  "referring to one named just before)"),
    Feature("direct_quote", 0.5, "a direct quotation"),
    Feature("record", 1.0, "a superlative or record (사상 최대, 처음으로, largest, record)"),
    Feature("prediction", 0.5, "a forecast, plan or target (전망이다, 예정이다, will, plans to)"),
    Feature("attributed_prediction", 1.0, "a forecast or plan that a named source makes"),
    Feature("named_entity", 1.0, "names an organisation, product, person or place"),
    Feature("several_named_entities", 1.0, "names two or more of them"),
    Feature("quoted_name", 1.0, "a name set in single quotes, as Korean news marks products "
                                "(‘코어원’)"),
    Feature("headline", 1.0, "the article's headline"),
    Feature("inherited_subject", 1.0, "no subject of its own (or a pronoun: it, he, they, the "
                                      "company, 그는, 회사는), and the previous sentence of the "
                                      "paragraph names it (a person or organisation)"),
    Feature("anonymous_source", -1.0, "the source is unnamed (업계 관계자, people familiar with "
                                      "the matter)"),
    Feature("anonymous_quote", -2.5, "a direct quotation from an unnamed source (an opinion "
                                     "nobody can be held to)"),
    Feature("hedge_or_opinion", -1.5, "the writer's hedge or opinion (지켜봐야 한다, should, "
                                      "deserves)"),
)}

EXCLUSIONS: dict[str, str] = {
    "caption": "photo or graphic caption, e.g. (사진=...), (Photo: ...)",
    "byline": "byline, credit or time-stamp line (기자, By ..., Reporting by ..., 입력 ...)",
    "email": "contains an e-mail address",
    "copyright": "copyright or reprint notice",
    "navigation": "navigation or promotion (관련기사, Read more, subscribe), and the list of "
                  "links under such a heading",
    "question": "a question",
    "transition": "a bare transition or framing sentence with nothing to check",
    "run_on": "over 1000 characters: a list, table or page chrome, not one sentence",
}
MAX_SENTENCE_CHARS = 1000


@dataclass
class SentenceScore:
    text: str
    language: str
    kind: str = "body"  # "headline" or "body"
    paragraph: int = 0
    score: float = 0.0
    features: list[str] = field(default_factory=list)
    excluded: str | None = None
    speaker: str | None = None
    # The blank-line paragraph the sentence is in (-1: headline or subheadline).
    group: int = -1
    # The subject carried over from the previous sentence, when the sentence has none.
    inherited: str | None = None

    @property
    def checkworthy(self) -> bool:
        return self.excluded is None and self.score >= THRESHOLD


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
_PAGE_STAMP = re.compile(
    r"^(?:입력|수정|승인|등록|기사입력|최종수정|업데이트|송고|published|updated|posted|"
    r"last updated)\s*[:：]?\s*(?:\d|[A-Z][a-z]{2,8}\.?\s+\d)", re.IGNORECASE)
_CAPTION_EDGE = re.compile(
    r"^(?:▲|△|■\s*사진|photo\s*:|image\s*:|pictured\s*:)|"
    r"(?:getty images|shutterstock|afp via getty images|ap photo|reuters/[A-Z][a-z]+)\)?\.?$",
    re.IGNORECASE)
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
    r"^[(\[]?(?:by\s+[A-Z][\w.'’-]+(?:\s+[A-Z][\w.'’-]+){0,3}\s*(?:,|\band\b|$|\|)|"
    r"(?:additional\s+)?(?:reporting|editing|writing|edited|written|compiled|translated)\s+by\b|"
    r"(?:staff|special)\s+(?:writer|correspondent)\b)",
    re.IGNORECASE)
_NAVIGATION = re.compile(
    r"^[\s▶☞▷►→■□◆◇※+\-\[<【]*(?:관련\s?기사|관련\s?뉴스|많이\s?본\s?(?:기사|뉴스)|인기\s?기사|"
    r"추천\s?기사|기사\s?제보|구독하기|구독|좋아요|댓글|공유하기|"
    r"related(?:\s+(?:articles?|stories|coverage|news))?\s*:|read more|also read|see also|"
    r"more from|"
    r"recommended|most read|subscribe|sign up|follow us|share this|click here|advertisement|"
    r"trending)(?=\W|$)",
    re.IGNORECASE)
_NAV_MARKER = re.compile(r"^\s*[▶☞▷►]")
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
    if (_KO_BYLINE.search(text) or _EN_BYLINE.search(text) or _PAGE_STAMP.search(text)
            or _AGENCY_LINE.match(text)):
        return "byline"
    if _NAVIGATION.search(text) or _NAV_MARKER.search(text):
        return "navigation"
    if _QUESTION_END.search(text):
        return "question"
    if language == "ko" and final_ending is not None and final_ending.endswith(_KO_QUESTION_EF):
        return "question"
    if _ROUNDUP.search(text):
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
    r"(?:^|\s)(?:시장|업계)에서는|(?:^|\s)전문가들(?:은|는|이)\s")
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
    r"\bcritics (?:say|said)\b",
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


@dataclass
class Context:
    """What scoring one sentence may know about the sentences before it."""

    last_speaker: str | None = None
    # The named subject of the sentence just scored and its paragraph: the next sentence may
    # carry it over, and only that one, inside the same paragraph.
    previous_subject: str | None = None
    previous_group: int | None = None


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


def score_sentence(sentence: SentenceScore, context: Context,
                   morphemes: Sequence[Any] | None = None) -> SentenceScore:
    """Fill features, score, exclusion and speaker of one sentence."""
    text = sentence.text
    korean = sentence.language == "ko"
    morphemes = morphemes or []
    outside_quotes = quote_removed(text)
    found: list[str] = []

    if korean:
        without_dates = _KO_DATE.sub(" ", text)
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
        without_dates = _EN_DATE.sub(" ", text)
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
    if has_quantity:
        found.append("quantity")
    if has_date:
        found.append("date")
    if attributed:
        found.append("attribution")
    if named and (attributed or quote):
        found.append("named_speaker")
    if quote:
        found.append("direct_quote")
    if record:
        found.append("record")
    if predicted:
        found.append("prediction")
        if named or (attributed and not anonymous):
            found.append("attributed_prediction")
    if entities:
        found.append("named_entity")
    if len(entities) >= 2:
        found.append("several_named_entities")
    if quoted_name:
        found.append("quoted_name")
    if sentence.kind == "headline":
        found.append("headline")
    if inherited:
        found.append("inherited_subject")
    if anonymous:
        found.append("anonymous_quote" if quote and not named else "anonymous_source")
    if hedge:
        found.append("hedge_or_opinion")

    sentence.features = found
    sentence.score = round(sum(FEATURES[name].weight for name in found), 2)
    sentence.speaker = speaker if named else None
    sentence.inherited = inherited
    substantive = bool(has_quantity or quote or entities or attributed or record or inherited)
    sentence.excluded = exclusion(text, sentence.language, words=words,
                                  final_ending=final_ending, substantive=substantive)
    if named and speaker:
        context.last_speaker = speaker
    # What the next sentence may carry over: this one's subject, its own or carried over, or
    # its named speaker; nothing from a caption, byline or headline.
    own = subject or (speaker if named else None)
    context.previous_subject = None if sentence.excluded or sentence.kind != "body" else (
        inherited if carried else own)
    context.previous_group = sentence.group
    return sentence
