"""Word lists for matching: stopwords, negators, direction words and a bilingual glossary.

Everything here is general news vocabulary (AI, tech industry, markets), never sentences from a
data set: the glossary maps Korean and English words for one concept to one concept token so that
"상장", "기업공개" and "IPO" compare equal, and so that a Korean and an English claim share tokens.
"""

from __future__ import annotations

# --- English ---------------------------------------------------------------------------------

ENGLISH_STOPWORDS = frozenset("""
a an the and or but if then than that this these those there here it its it's they them their
theirs he him his she her hers we us our you your i me my mine of in on at by for from to into
onto with within about as is are was were be been being am do does did doing done have has had
having will would shall should can could may might must also just only so such very too more most
which who whom whose what when where why how all any each both either neither some other another
own same over under again further once up down out off while during before after above below
between through against among per via yet still even already ever s t
say says said saying tell told according report reported reports reportedly claim claimed
""".split())
# Direction words among the stopwords (more, up, down) are noted before stopwords are dropped;
# negators are counted apart (ENGLISH_NEGATORS).

ENGLISH_NEGATORS = frozenset({"not", "no", "never", "none", "nobody", "nothing", "neither",
                              "nor", "without", "cannot", "n't"})

# Irregular verb and noun forms to a base form (before the suffix stemmer).
ENGLISH_IRREGULAR = {
    "rose": "rise", "risen": "rise", "fell": "fall", "fallen": "fall", "grew": "grow",
    "grown": "grow", "made": "make", "built": "build", "bought": "buy", "sold": "sell",
    "began": "begin", "begun": "begin", "took": "take", "taken": "take", "gave": "give",
    "given": "give", "went": "go", "gone": "go", "came": "come", "became": "become",
    "held": "hold", "led": "lead", "left": "leave", "lost": "lose", "paid": "pay",
    "sent": "send", "spent": "spend", "struck": "strike", "won": "win", "wrote": "write",
    "written": "write", "shut": "shut", "set": "set", "cut": "cut", "put": "put", "hit": "hit",
    "slid": "slide", "sank": "sink", "sunk": "sink", "shrank": "shrink", "shrunk": "shrink",
    "forecast": "forecast", "found": "find", "chose": "choose", "chosen": "choose",
    "drew": "draw", "drawn": "draw", "ran": "run", "met": "meet", "brought": "bring",
    "thought": "think", "kept": "keep", "saw": "see", "seen": "see", "got": "get",
    "gotten": "get", "bigger": "big", "biggest": "big",
    "larger": "large", "largest": "large", "better": "good", "best": "good", "worse": "bad",
    "worst": "bad", "people": "person", "men": "man", "women": "woman", "children": "child",
    "data": "data", "news": "news", "series": "series", "us": "us", "chips": "chip",
}

# --- Korean ----------------------------------------------------------------------------------

# kiwipiepy tags whose morphemes carry content.
KOREAN_CONTENT_TAGS = frozenset({"NNG", "NNP", "XR", "VV", "VA", "SL", "SH", "MAG", "NR"})

KOREAN_STOPWORDS = frozenset("""
것 수 등 중 때 측 가운데 경우 이번 해당 통하 대하 위하 따르 관련 이 그 저 및 또 또한 더 가장
밝히 말하 전하 설명 강조 덧붙이 보 있 하 되 이르 대한 나오 오 가 주 받 두 아 결국 오히려 특히 이미
다시 모두 함께 각각 바로 곧 잇달 계속 현재 지난 이후 당시 최근 이날 전날 만 등등 점 데 바
을 를 은 는 의 에 와 과 도 로 으로 에서
규모 수준 정도 약 여 가량 나서 드 들 나타나 보이 되 측 회사측 본격화 본격 결정 하기로
""".split())

# Morphemes (lemma form) that negate the clause: 않다, 안, 못, 없다, 아니다.
KOREAN_NEGATORS = frozenset({"않", "안", "못", "없", "아니", "말"})

# Titles and roles in a speaker field: "CEO" shared by two speakers says nothing.
SPEAKER_ROLE_WORDS = frozenset("""
ceo cto cfo coo chief executive officer founder cofounder co-founder chairman chair president
minister spokesperson spokesman spokeswoman head director analyst professor researcher official
대표 대표이사 회장 사장 부사장 의장 장관 차관 대변인 창업자 공동창업자 교수 연구원 애널리스트 관계자
최고경영자 책임자 위원장 총리 대통령 본부장 전무 상무 이사
""".split())

# --- Directions ------------------------------------------------------------------------------

# Stems (Korean kiwi lemma stems / English stems after ENGLISH stemming) that state a change or
# a comparison with a direction.
UP_WORDS = frozenset("""
늘 늘어나 늘리 증가 상승 오르 올리 확대 급등 성장 높이 높아지 뛰 급증 증대 호조 강세 치솟 개선
웃돌 넘 넘어서 돌파 초과 이상 증가세 상승세
상향 폭등 인상 확장 불어나 커지 키우 높 많 많이 빠르 강하 강화
rise increase grow jump surge soar gain raise climb more higher up boost expand
double triple exceed rally rebound beat hike upgrade overtake faster stronger strengthen
accelerate widen improve greater outpace spike skyrocket soar 반등 신장 급상승 껑충 상회
""".split())
DOWN_WORDS = frozenset("""
줄 줄어들 줄이 감소 하락 내리 내려가 축소 급락 낮추 낮아지 삭감 떨어지 떨어뜨리 폭락 낙폭 감원
약세 부진 밑돌 미만 이하 하향 인하 위축 둔화 악화 손실 적자 감축 절감 꺾이 역성장 낮 적 느리 작
약하 약화 내보내
fall decline drop cut slump plunge reduce decrease lower less fewer shrink halve slash tumble
sink down loss lose miss downgrade weaken slow slower weaker smaller narrow decelerate
plummet slide slid dip ease worsen deteriorate trim contract lag underperform retreat
급감 반토막 주저앉 곤두박질 뒷걸음 후퇴 내려앉 추락 하회 감소세 하락세
""".split())

# --- Antonyms counted as negation ------------------------------------------------------------
# concept -> words that state it (positive) and words that deny it (negative). A word listed as
# negative maps to the concept token plus one negation.
ANTONYMS: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "allow": (("허용", "허가", "승인", "인가", "가결", "통과", "allow", "permit", "approv",
               "authoriz", "clear", "greenlight", "adopt"),
              ("불허", "불승인", "금지", "차단", "거부", "기각", "반려", "부결", "block", "ban",
               "reject", "prohibit", "forbid", "deny approval", "veto", "refus", "vote down")),
    "legal": (("합법", "적법", "legal", "lawful"), ("불법", "위법", "illegal", "unlawful")),
    "confirm": (("확인", "인정", "시인", "confirm", "acknowledg", "admit"),
                ("부인", "부정", "deny", "deni", "dismiss", "refut")),
    "public": (("public", "disclos"), ("비공개", "private", "undisclos")),
    "succeed": (("성공", "success", "succeed"), ("실패", "fail", "failur")),
    "true": (("사실", "true"), ("허위", "false", "fake")),
    "continue": (("유지", "지속", "계속", "continu", "maintain", "keep"),
                 ("중단", "폐지", "철회", "취소", "중지", "stop", "halt", "suspend", "scrap",
                  "cancel", "withdraw", "abandon", "drop plan", "포기", "접", "give up")),
    "employ": (("채용", "고용", "hire", "recruit", "employ"),
               ("해고", "감원", "정리해고", "lay off", "layoff", "fire", "job cut", "cut jobs",
                "slash jobs", "eliminate jobs")),
    "break": (("위반", "어기", "break", "violat", "breach"), ("준수", "compli", "comply")),
    "agree": (("합의", "찬성", "동의", "agre"), ("반대", "disagre", "oppos")),
    "include": (("포함", "include"), ("제외", "exclud")),
    "exist": (("존재", "exist"), ("부재",)),
    "possible": (("가능", "possible", "able"), ("불가능", "impossible", "unable")),
    "available": (("available",), ("unavailable",)),
    "safe": (("안전", "safe"), ("위험", "unsafe", "dangerous")),
    "accept": (("수용", "수락", "받아들이", "accept"), ("거절", "decline offer", "turn down")),
    "support": (("지지", "지원", "support", "back", "endorse"), ("oppose",)),
    "profit_loss": (("흑자", "profitable"), ("적자", "unprofitable", "loss-making")),
    "on_time": (("예정대로", "on schedule", "on time"),
                ("지연", "연기", "미루", "늦추", "delay", "postpone", "behind schedule")),
    # Korean scope words: 모든 (all) against 일부 (some) changes what is claimed
    "all": (("모든", "전체", "전부", "전면"), ("일부",)),
    "win": (("차지", "획득", "수성", "win", "secure", "retain"),
            ("놓치", "잃", "빼앗기", "내주", "lose", "miss", "forfeit")),
}

# Antonyms whose negative word denies the claim on its own (denied, stopped, blocked, failed):
# counted whatever the other claim says. The others (lost, illegal, 일부) count only against a
# claim that names the same concept (won, legal, 모든).
ABSOLUTE_ANTONYMS = frozenset({"confirm", "continue", "allow", "succeed"})

# --- Bilingual glossary -----------------------------------------------------------------------
# concept token: words in either language (Korean lemma stems, English words; English words are
# stemmed when the table is built). Kept to common news vocabulary on purpose.
NAMES: dict[str, tuple[str, ...]] = {
    # companies and organisations often written in Hangul
    "nvidia": ("엔비디아", "nvidia"), "deepseek": ("딥시크", "deepseek"),
    "openai": ("오픈ai", "오픈에이아이", "openai"), "google": ("구글", "google"),
    "apple": ("애플", "apple"), "microsoft": ("마이크로소프트", "마소", "ms", "microsoft"),
    "amazon": ("아마존", "amazon"), "aws": ("아마존웹서비스", "aws"), "meta": ("메타", "meta"),
    "samsung": ("삼성", "삼성전자", "samsung"), "skhynix": ("sk하이닉스", "하이닉스", "hynix"),
    "tsmc": ("tsmc", "대만반도체", "티에스엠씨"), "intel": ("인텔", "intel"), "amd": ("amd",),
    "qualcomm": ("퀄컴", "qualcomm"), "micron": ("마이크론", "micron"), "asml": ("asml",),
    "alibaba": ("알리바바", "alibaba"), "tencent": ("텐센트", "tencent"),
    "baidu": ("바이두", "baidu"),
    "huawei": ("화웨이", "huawei"), "bytedance": ("바이트댄스", "bytedance"),
    "tiktok": ("틱톡", "tiktok"), "anthropic": ("앤트로픽", "앤스로픽", "anthropic"),
    "mistral": ("미스트랄", "mistral"), "naver": ("네이버", "naver"), "kakao": ("카카오", "kakao"),
    "lg": ("엘지", "lg"), "kt": ("kt", "케이티"), "sk": ("sk", "에스케이"),
    "tesla": ("테슬라", "tesla"), "xai": ("xai",), "zhipu": ("지푸", "즈푸", "zhipu"),
    "moonshot": ("문샷", "moonshot"), "baichuan": ("바이촨", "바이추안", "baichuan"),
    "minimax": ("미니맥스", "minimax"), "ibm": ("ibm",), "oracle": ("오라클", "oracle"),
    "softbank": ("소프트뱅크", "softbank"), "netflix": ("넷플릭스", "netflix"),
    "uber": ("우버", "uber"), "sony": ("소니", "sony"), "xiaomi": ("샤오미", "xiaomi"),
    "broadcom": ("브로드컴", "broadcom"), "salesforce": ("세일즈포스", "salesforce"),
    "ncsoft": ("엔씨소프트", "엔씨", "ncsoft"), "upstage": ("업스테이지", "upstage"),
    "hyundai": ("현대차", "현대자동차", "hyundai"), "coupang": ("쿠팡", "coupang"),
    "chatgpt": ("챗gpt", "챗지피티", "chatgpt"), "gemini": ("제미나이", "gemini"),
    "claude": ("클로드", "claude"), "llama": ("라마", "llama"), "siri": ("시리", "siri"),
    "iphone": ("아이폰", "iphone"), "galaxy": ("갤럭시", "galaxy"), "copilot": ("코파일럿",
                                                                              "copilot"),
    # people
    "musk": ("머스크", "일론", "musk", "elon"), "altman": ("올트먼", "알트만", "altman"),
    "huang": ("젠슨", "huang", "jensen"), "zuckerberg": ("저커버그", "zuckerberg"),
    "kaifulee": ("리카이푸", "kaifu", "kai-fu"), "trump": ("트럼프", "trump"),
    "biden": ("바이든", "biden"), "nadella": ("나델라", "nadella"), "pichai": ("피차이",
                                                                             "pichai"),
    # places
    "us": ("미국", "미", "us", "usa", "america", "american", "united states"),
    "china": ("중국", "china", "chinese"), "korea": ("한국", "국내", "korea", "korean",
                                                         "south korea"),
    "japan": ("일본", "japan", "japanese"), "taiwan": ("대만", "taiwan", "taiwanese"),
    "europe": ("유럽", "europe", "european", "eu", "유럽연합"),
    "india": ("인도", "india", "indian"),
    "germany": ("독일", "germany", "german"), "uk": ("영국", "uk", "britain", "british"),
    "france": ("프랑스", "france", "french"), "netherlands": ("네덜란드", "netherlands", "dutch"),
    "vietnam": ("베트남", "vietnam"), "seoul": ("서울", "seoul"), "tokyo": ("도쿄", "tokyo"),
    "beijing": ("베이징", "beijing"), "shenzhen": ("선전", "shenzhen"),
    "silicon_valley": ("실리콘밸리", "silicon valley"), "asia": ("아시아", "asia", "asian"),
    "saudi": ("사우디", "사우디아라비아", "saudi", "saudi arabia"),
    "uae": ("아랍에미리트", "uae", "emirates"),
}
# Korean "대중국 수출" (exports to China) and the like.
NAMES["china"] += ("대중국", "대중")
NAMES["us"] += ("대미",)
NAMES["japan"] += ("대일",)

TERMS: dict[str, tuple[str, ...]] = {
    "global": ("세계", "글로벌", "전세계", "global", "world", "worldwide"),
    # markets and business
    "stock": ("주가", "주식", "stock", "share", "shares"), "market": ("시장", "market"),
    "stockmarket": ("증시", "증권시장", "stock market", "wall street"),
    "ipo": ("상장", "기업공개", "ipo", "initial public offering", "go public", "listing"),
    "revenue": ("매출", "매출액", "revenue", "sales"), "profit": ("이익", "영업이익", "순이익",
                                                                 "profit", "earnings"),
    "invest": ("투자", "invest", "investment"), "acquire": ("인수", "매수", "acquir", "buy",
                                                          "takeover"),
    "merge": ("합병", "merg"), "funding": ("투자유치", "자금조달", "funding", "raise fund"),
    "valuation": ("기업가치", "가치", "valuation", "valu"),
    "cash": ("현금", "자금", "cash", "fund"),
    "price": ("가격", "price"), "cost": ("비용", "cost", "spending", "spend", "expense"),
    "marketing": ("마케팅", "marketing"), "share_of_market": ("점유율", "market share"),
    "quarter": ("분기", "quarter", "quarterly"), "year": ("연간", "annual", "yearly"),
    "forecast": ("전망", "예상", "예측", "forecast", "predict", "expect", "outlook"),
    "guidance": ("가이던스", "guidance"), "record": ("사상", "역사상", "역대", "history", "record",
                                                    "all-time"),
    "largest": ("최대", "가장 큰", "large", "big", "biggest"), "loss": ("손실", "낙폭", "폭락",
                                                                     "loss", "plunge", "crash"),
    "employee": ("직원", "인력", "employee", "staff", "worker", "workforce", "job"),
    "customer": ("고객", "customer", "client"), "user": ("이용자", "사용자", "user"),
    "company": ("기업", "회사", "업체", "company", "firm"), "startup": ("스타트업", "startup",
                                                                      "start-up"),
    "government": ("정부", "government", "administration"), "regulator": ("규제당국",
                                                                        "regulator"),
    "regulation": ("규제", "regulation", "regulat", "rule"), "law": ("법", "법안", "law", "bill",
                                                                  "act"),
    "export": ("수출", "export"), "import": ("수입", "import"), "tariff": ("관세", "tariff"),
    "sanction": ("제재", "sanction"), "competition": ("경쟁", "competition", "compet", "rival"),
    "antitrust": ("반독점", "antitrust", "competition law"),
    "fine": ("과징금", "벌금", "fine", "penalty"), "lawsuit": ("소송", "lawsuit", "sue"),
    "contract": ("계약", "deal", "contract", "agreement"), "partner": ("협력", "제휴", "손잡",
                                                                       "partner", "partnership",
                                                                       "team up"),
    # technology
    "ai": ("인공지능", "에이아이", "ai", "artificial intelligence"),
    "model": ("모델", "model"), "llm": ("언어모델", "거대언어모델", "llm", "language model"),
    "chip": ("칩", "반도체", "chip", "semiconductor", "chipmak"), "memory": ("메모리", "memory"),
    "hbm": ("고대역폭메모리", "hbm", "high bandwidth memory"), "dram": ("d램", "디램", "dram"),
    "foundry": ("파운드리", "foundry", "contract chipmak"),
    "gpu": ("그래픽처리장치", "gpu"), "datacenter": ("데이터센터", "data center", "data centre",
                                                    "datacenter", "datacentre"),
    "cloud": ("클라우드", "cloud"), "server": ("서버", "server"), "software": ("소프트웨어",
                                                                               "software"),
    "search": ("검색", "search"), "opensource": ("오픈소스", "open source", "open-source"),
    "smartphone": ("스마트폰", "smartphone", "phone"), "pc": ("pc", "컴퓨터", "computer"),
    "robot": ("로봇", "robot"), "autonomous": ("자율주행", "self-driving", "autonomous"),
    "ev": ("전기차", "electric vehicle", "ev"), "battery": ("배터리", "battery"),
    "app": ("앱", "애플리케이션", "응용", "app", "application"), "service": ("서비스", "service"),
    "platform": ("플랫폼", "platform"), "agent": ("에이전트", "agent"),
    "chatbot": ("챗봇", "chatbot"), "website": ("웹사이트", "사이트", "website", "site"),
    "traffic": ("트래픽", "traffic"), "link": ("링크", "link"), "click": ("클릭", "click"),
    "performance": ("성능", "performance", "outperform"), "training": ("학습", "훈련", "train"),
    "inference": ("추론", "inference"), "factory": ("공장", "팹", "factory", "fab", "plant"),
    "production": ("생산", "양산", "production", "produc", "manufactur", "mass production"),
    "ship": ("출하", "출하량", "shipment", "ship"), "launch": ("출시", "선보이", "공개",
                                                               "내놓", "launch", "release",
                                                               "unveil", "introduc", "roll out"),
    "develop": ("개발", "develop", "build", "짓", "건설", "건립", "construct"),
    "specialised": ("특화", "specialis", "specializ", "focus"),
    "concentrate": ("집중", "주력", "concentrat", "focus"), "healthcare": ("의료", "헬스케어",
                                                                          "healthcare", "medical",
                                                                          "health"),
    "prepare": ("준비", "추진", "계획", "예정", "prepar", "plan", "pursu", "seek"),
    "survive": ("살아남", "생존", "surviv"), "only": ("오직", "only"),
    "first": ("최초", "처음", "첫", "first"), "new": ("새", "신규", "new"),
    "next_generation": ("차세대", "next-generation", "next generation"),
    "day": ("하루", "일일", "one-day", "daily"), "translation": ("번역", "translat"),
    "security": ("보안", "security"), "data": ("데이터", "data"), "privacy": ("개인정보",
                                                                              "privacy"),
    "game": ("게임", "game"), "webtoon": ("웹툰", "webtoon"), "energy": ("에너지", "전력",
                                                                        "power", "energy"),
    "organization": ("조직", "organiz", "organis"), "restructure": ("개편", "구조조정",
                                                                    "restructur", "reorganiz"),
    "announce": ("발표", "announc"), "release_event": ("등장", "출현", "emerge", "arrival"),
    "shock": ("충격", "쇼크", "shock"), "after": ("직후", "이후", "after", "follow"),
    # light verbs of "undergoing" an event: 기록하다/겪다, record/suffer/post/see
    "undergo": ("기록", "겪", "맞", "suffer", "post", "record", "experienc", "see"),
    "complete": ("마무리", "완료", "마치", "끝내", "complet", "finish", "finaliz", "close"),
    "establish": ("설립", "세우", "establish", "set up", "found"),
    "reach": ("이르", "달하", "돌파", "넘어서", "넘", "reach", "hit", "surpass", "top", "exceed",
              "pass"),
    "weekly": ("주간", "매주", "weekly", "every week", "a week"),
    "monthly": ("월간", "매달", "매월", "monthly", "every month", "a month"),
    "parameter": ("매개변수", "파라미터", "parameter"),
    "office": ("사무소", "사무실", "지사", "office"), "open": ("열", "개설", "open"),
    "subsidiary": ("법인", "자회사", "subsidiary", "unit", "arm", "division"),
    "enter": ("진출", "진입", "공략", "enter", "expand into"),
    "download": ("다운로드", "내려받", "download"),
    "demand": ("수요", "demand"), "supply": ("공급", "supply"), "inventory": ("재고",
                                                                            "inventory"),
    # changes: the direction guard tells up from down; these let paraphrases share a token
    "increase": ("늘", "늘어나", "늘리", "증가", "증대", "상승", "오르", "올리", "불어나",
                 "increase", "rise", "grow", "growth", "gain", "climb", "go up"),
    "decrease": ("줄", "줄어들", "줄이", "감소", "하락", "내리", "떨어지", "축소", "감축", "삭감",
                 "절감", "decrease", "decline", "fall", "drop", "reduce", "shrink", "cut",
                 "go down", "lower"),
    "vehicle": ("차량", "자동차", "vehicle", "car", "automobile"),
    "ceo": ("최고경영자", "ceo", "chief executive", "chief executive officer"),
    "purchase": ("구매", "구입", "purchas"),
    "exchange_rate": ("환율", "exchange rate"), "speed": ("속도", "speed"),
    "spinoff": ("분사", "분리", "떼어내", "spin off", "spinoff", "separate", "carve out"),
    "university": ("대학", "대학교", "university", "college"),
    "provide": ("공급", "제공", "provide", "supply", "offer"),
    "shareholder": ("주주", "shareholder", "stockholder"), "merger": ("합병안", "merger"),
    "capability": ("능력", "기능", "capability", "ability", "feature", "function"),
    "better": ("뛰어나", "우수", "better", "superior", "outperform"),
    "code": ("코드", "코딩", "code", "coding", "programming"),
    "version": ("버전", "version"), "start": ("시작", "착수", "start", "begin"),
    "next_year": ("내년", "next year"), "last_year": ("지난해", "작년", "last year"),
    "this_year": ("올해", "this year"), "electronics": ("전자", "electronics"),
    "year_on_year": ("전년", "전년대비", "year on year", "a year earlier", "from a year ago",
                     "year over year", "a year ago"),
}

GLOSSARY: dict[str, tuple[str, ...]] = {**NAMES, **TERMS}
NAME_CONCEPTS = frozenset(NAMES)

# --- Structural alignment (score._structural_differences) ----------------------------------
# The alignment keeps nearly every word: only these closed classes carry nothing a claim could
# differ in (articles, copula and auxiliary forms, pronouns, contraction fragments). Korean
# drops particles, endings, the copula and auxiliary verbs by their tags instead.
ALIGNMENT_EMPTY_ENGLISH = frozenset("""
a an the is are was were be been being am do does did have has had having will would shall
it its they them their theirs he him his she her hers we our ours you your yours i me my this
these those that which s t
""".split())
ALIGNMENT_EMPTY_KOREAN = frozenset({"이", "그", "저"})  # demonstrative determiners (MM)
# light verbs that only carry a noun (감축하다 / 감축되다, 있다 as an auxiliary)
ALIGNMENT_LIGHT_VERBS = frozenset({"하", "되", "있"})
# Kept in the alignment but never a difference by themselves: reporting verbs (how a claim is
# attributed, not what it says) and hedges on a figure ("about 40" is the same figure).
# Reporting words are interchangeable with each other (said / told / 밝혔다 / 말했다); 총
# (in total) only sums what the figure already says.
REPORTING_WORDS = frozenset("""
say said tell told state report add announce explain mention according claim
밝히 말하 전하 설명 강조 덧붙이 언급 주장 발표 전망 보 알리 따르 내다보
""".split())
HEDGE_WORDS = frozenset("""
about around roughly approximately nearly almost some estimated
약 여 가량 정도 쯤 대략 안팎 내외 남짓 총
""".split())
# Relational words: a substituted one is a difference (rose by 5% / rose to 5%), an inserted
# one is not ("rose 5%" / "rose by 5%", "sales of X" / "X sales", 직원 가운데 15%).
RELATIONAL_WORDS = frozenset("""
of by to for at in on with from as and or into among 중 가운데
""".split())
