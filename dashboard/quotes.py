"""Stage 3: direct, partial and paraphrased quotes in an article, with who said them.

Rule based, so every result can be explained:

1. Quote marks (“ ” and ") are paired inside a paragraph. A quote crosses a paragraph break only
   by the news convention (the paragraph ends unclosed and the next one opens with a mark); an
   unclosed mark ends its quote at the end of the paragraph, so a stray mark never swallows the
   rest of the article, and no quote is longer than MAX_QUOTE_CHARS. Single marks (‘ ’) are never
   delimiters: they are apostrophes or quotes nested inside a double quote.
2. Sentences are split at end punctuation followed by a capital, never inside a quote.
3. Cue verbs ("said", "stressed", "according to", "saying" ...) outside quotes are found once; the
   subject of each is the noun phrase right before it (a name, pronoun, role, institution or
   "one diver"); a participle ("..., saying") shares the subject of its main clause.
4. A quote's speaker comes from the attribution after its closing mark (“...,” X said / said X),
   else from the last cue earlier in its sentence (X said, “...” / X described it as “...”),
   else, for a direct quote, from the quote before it in the same or previous paragraph.
5. A quote is partial when it starts in lower case or follows the writer's own words in its
   sentence; after a mere attribution ("He said, “...") or nothing at all it is direct.
6. Reported speech is a paraphrase: X said (that) CLAUSE, X told Y (that) CLAUSE, According to X,
   CLAUSE, and CLAUSE, X said. The clause must be finite (not "urged X to ...") and mostly the
   writer's words: a short quoted fragment inside it is also a partial quote.
7. Mentions are resolved in text order: a surname to the fullest name in the article, "he"/"she"
   to the last person speaker, "the ministry" to the last speaker whose name holds "ministry".
"""

from __future__ import annotations

import bisect
import dataclasses
import re
from collections.abc import Callable

from dashboard.article import Article

MAX_QUOTE_CHARS = 3000  # anything longer comes from unbalanced marks, not from speech
_WINDOW = 250  # how far before its cue verb a subject may start
_MAX_PREFIX = 300  # writer's text this long before a quote is never a mere "X said, "
_HISTORY = 100  # how many earlier speaker mentions a pronoun or "the ministry" may look back over


@dataclasses.dataclass(frozen=True)
class Quote:
    """A quote or paraphrase: its words, kind, speaker and cue, as spans of ``Article.text``."""

    start: int  # the quoted words without the marks; for a paraphrase, the reported clause
    end: int
    text: str  # == article.text[start:end]
    kind: str  # "direct" | "partial" | "paraphrase"
    speaker: str | None  # canonical speaker: the fullest name seen in the article
    speaker_role: str | None
    speaker_start: int | None  # the mention that attributes this quote ("He", "the ministry")
    speaker_end: int | None
    cue: str | None  # cue verb as written: "said", "described", "according to" ...
    cue_start: int | None
    cue_end: int | None
    paragraph: int  # Paragraph.index holding the quote start
    sentence_start: int  # the sentence(s) carrying the quote and its attribution
    sentence_end: int


# --- vocabulary ---------------------------------------------------------------------------------

_CUES_FINITE = (
    "said says say told stressed added noted warned argued claimed insisted explained described urged "
    "announced stated wrote asked responded replied declared reiterated emphasized emphasised "
    "acknowledged admitted confirmed denied suggested predicted called"
).split()
_CUES_ING = (
    "saying adding noting warning arguing claiming insisting explaining describing urging announcing "
    "stating writing asking responding replying declaring reiterating emphasizing emphasising stressing "
    "acknowledging admitting confirming denying suggesting predicting telling calling"
).split()
# Cues that can follow a quote as its attribution ("...,” she wrote). "Described", "called" and "urged"
# take an object first, so they only attribute a quote that comes after them.
_CUES_POST = [c for c in _CUES_FINITE if c not in ("described", "called", "urged")]
# "described it as “illegal”", "called the delay “a gift”": they attribute quotes, never report a clause.
_CUES_NAMING = frozenset({"described", "describing", "called", "calling"})

_ROLE_NOUNS = frozenset(
    (
        "ambassador minister secretary secretary-general spokesman spokeswoman spokesperson spokespeople "
        "official officials president vice-president premier chancellor chairman chairwoman chair director "
        "chief executive governor mayor senator lawmaker lawmakers legislator leader leaders commander "
        "general envoy diplomat diplomats analyst analysts expert experts professor researcher researchers "
        "economist economists prosecutor prosecutors judge lawyer lawyers attorney officer officers "
        "witness witnesses resident residents source sources representative negotiator adviser advisor "
        "aide head manager founder ceo coach captain doctor doctors scientist scientists activist "
        "activists king queen pope prince candidate investigator investigators regulator regulators "
        "spokesmen commissioner speaker administrator inspector mediator sheriff author authors coordinator "
        "editor correspondent strategist partner engineer teacher nurse farmer owner student students worker "
        "workers organizer organiser campaigner historian scholar fellow lecturer consultant member members "
        "survivor survivors victim relative relatives parent parents"
    ).split()
)
_INSTITUTIONS = frozenset(
    (
        "ministry government company agency department office council committee commission court "
        "military army navy police party union bank group firm organization organisation administration "
        "kremlin house embassy parliament congress senate cabinet presidency authority authorities board "
        "bureau center centre institute university foundation federation association alliance service "
        "forces command fund coalition campaign network newspaper corporation corp inc ltd club team "
        "league church school hospital pentagon secretariat mission delegation"
    ).split()
)
# Formal titles written before a name ("NATO Secretary General Jens Stoltenberg"), without dots.
_TITLES = frozenset(
    (
        "ambassador minister secretary secretary-general spokesman spokeswoman spokesperson president "
        "vice-president premier chancellor chairman chairwoman chair director chief executive ceo governor "
        "mayor senator commander general envoy professor prosecutor judge attorney officer representative "
        "commissioner speaker inspector sheriff coach captain king queen pope prince princess leader head "
        "vice prime foreign defense defence deputy interior finance health state special senior acting "
        "former sen rep gov gen col lt maj sgt capt adm admiral colonel major lieutenant sergeant justice "
        "lord lady rabbi bishop archbishop cardinal father sheikh emir crown first supreme grand mr mrs ms "
        "dr prof sir dame"
    ).split()
)
# Titles that are also surnames: the last word of "John Major" or "Carole King" is the name.
_SURNAME_TITLES = frozenset("major king judge bishop cardinal prince".split())
_HONORIFICS = frozenset("mr mrs ms dr sir dame".split())
# Titles that say a person's gender, for "he" and "she".
_TITLE_GENDER = {
    **dict.fromkeys("mrs ms miss dame lady queen princess madam".split(), "f"),
    **dict.fromkeys("mr sir lord king prince".split(), "m"),
}
_PRONOUN_GENDER = {"he": "m", "she": "f"}
# Capitalised words that start a sentence but never a speaker's name ("On Wednesday Putin said").
_OPENERS_NOT_NAMES = frozenset(
    (
        "on in at but and or so yet also meanwhile however furthermore moreover still then later earlier "
        "last this that these those when while after before since if as asked during for from by with "
        "without under over yesterday today tonight monday tuesday wednesday thursday friday saturday "
        "sunday separately instead now here there nevertheless"
    ).split()
)
_PERSON_PRONOUNS = frozenset({"he", "she"})
_PREPOSITIONS = frozenset("to of for at in with from on".split())
_AUX = (
    r"(?:is|are|was|were|has|have|had|will|would|could|can|should|may|might|must|did|does|do|"
    r"won[’']t|wouldn[’']t|isn[’']t|wasn[’']t|aren[’']t|weren[’']t|hasn[’']t|haven[’']t|"
    r"can[’']t|cannot|couldn[’']t|shouldn[’']t|didn[’']t|doesn[’']t|don[’']t)"
)

# --- regex building blocks ------------------------------------------------------------------------

_S = r"[ \t\u00a0]"
_SP = rf"(?:{_S}+(?:\n{_S}*)?|\n{_S}*)"  # a run of spaces holding at most one line break
_UPPER = "A-ZÀ-ÖØ-Þ"
_CAPW = (
    rf"(?:(?:[A-Z]\.){{2,}}|(?:Mr|Mrs|Ms|Dr|Gen|Sen|Rep|Gov|Lt|Col|Sgt|Capt|Prof|St|Jr|Adm|Maj)\."
    rf"|[{_UPPER}][\w’'-]*)"
)
_CONN = r"(?:of|for|and|the|to|in|on|de|del|della|da|do|dos|du|von|van|der|den|al|el|bin|ibn|la|le|y|&)"
# Days and months are never part of a name: "President Joe Biden on Tuesday" is "President Joe Biden".
# (Months that are also first names, "April", "May", "June", are left out.)
_TIME_WORDS = frozenset(
    (
        "monday tuesday wednesday thursday friday saturday sunday january february july september october "
        "november december"
    ).split()
)
_TIMEWORD = rf"(?:{'|'.join(w.capitalize() for w in _TIME_WORDS)})(?![\w’'-])"
_NAME_WORD = rf"(?!{_TIMEWORD}){_CAPW}"
_TITLERUN = rf"{_NAME_WORD}(?:{_SP}(?:{_CONN}{_SP}){{0,2}}{_NAME_WORD})*(?:{_SP}\([{_UPPER}][\w.&-]*\))?"
_FUNCTION = (
    r"(?:and|but|or|nor|that|which|who|whom|whose|is|are|was|were|be|been|the|a|an|to|of|in|on|for|"
    r"with|as|at|by|from|he|she|they|it|we|i|you|this|these|those|not|no|also|then|than|said)"
)
_LOWERW = rf"(?!{_FUNCTION}(?![\w’'-]))[a-z][\w’'-]*"
_ROLEN = rf"(?i:{'|'.join(sorted(_ROLE_NOUNS | _INSTITUTIONS, key=len, reverse=True))})(?![\w’'-])"
_DET = r"(?:[Tt]he|[Aa]n?)"
_ROLE_NP = (
    rf"(?:{_DET}{_SP})?(?:{_LOWERW}{_SP})?(?:{_TITLERUN}{_SP})?(?:{_LOWERW}{_SP}){{0,2}}{_ROLEN}"
    rf"(?:{_SP}{_TITLERUN})?"
    rf"(?:{_SP}(?:to|of|for|at|in|with|from|on){_SP}(?:the{_SP})?(?:{_LOWERW}{_SP}){{0,2}}"
    rf"(?:{_TITLERUN}|{_LOWERW})){{0,2}}(?:{_SP}{_TITLERUN})?"
)
_NAME_NP = rf"(?:[Tt]he{_SP})?{_TITLERUN}"
_PRONOUN = r"(?:[Hh]e|[Ss]he|[Tt]hey)(?![\w’'-])"
_SOURCE_WORDS = frozenset(
    "statement statements release report letter post message communiqué communique tweet note readout".split()
)
_SOURCE_NOUN = r"(?i:statement|release|report|letter|post|message|communiqu[ée]|tweet|note|readout)s?"
_SOURCE_NP = (
    rf"(?:{_DET}{_SP})?(?:(?:{_LOWERW}{_SP})?{_SOURCE_NOUN}{_SP}(?:from|by|of|issued{_SP}by){_SP}"
    rf"(?:{_ROLE_NP}|{_NAME_NP})|{_TITLERUN}{_SP}{_SOURCE_NOUN}(?![\w’'-]))"
)
# "one diver", "a resident", "the veteran": any determiner and lower-case noun before a speech verb.
_GENERIC_NP = rf"(?:[Oo]ne|[Aa]nother|{_DET})(?:{_SP}{_LOWERW}){{1,3}}"
_NP = rf"(?:{_SOURCE_NP}|{_ROLE_NP}|{_NAME_NP}|{_PRONOUN}|{_GENERIC_NP})"
# After "said" a name may carry any lower-case description: "said singer Carole King".
_NP_AFTER_CUE = rf"(?:{_NP}|(?:{_LOWERW}{_SP}){{1,2}}{_TITLERUN})"
_ADV = (
    rf"(?:{_SP}(?:also|later|then|previously|further|again|repeatedly|has|have|had|once|recently|earlier|"
    rf"publicly|separately|reportedly|initially|subsequently|simply|flatly|firmly|explicitly|openly|"
    rf"quickly|would|will|just|often|frequently|yesterday|today|tonight|told{_SP}reporters{_SP}and"
    rf"|on{_SP}{_TIMEWORD}|(?:last|this|next){_SP}(?:week|month|year|{_TIMEWORD})))*"
)
# An appositive describing a speaker: ", the mayor of Springfield," / ", chief economist at ...,".
_APP = (
    rf"(?:(?:[Tt]he|an?){_S}|(?!(?:who|which|whose|adding|saying|noting|speaking|according|as|in|on|at|when"
    rf"|while|after|before|but|and|if|though|although|during)(?![\w’'-]))[a-z])"
    rf"[^,;:“”\"\n!?]{{1,100}}?(?=\s*(?:[,.;!?]|$))"
)


def _alternatives(words: list[str]) -> str:
    return "|".join(sorted(words, key=len, reverse=True))


_CUE_ANY = rf"(?:{_alternatives(_CUES_FINITE + _CUES_ING)}|[Aa]ccording{_SP}to)"
_CUE_POST = rf"(?:{_alternatives(_CUES_POST)}|according{_SP}to)"
_CUES_SAY = [c for c in _CUES_FINITE + _CUES_ING if c not in _CUES_NAMING]
_CUE_SAY = rf"(?:{_alternatives(_CUES_SAY)}|[Aa]ccording{_SP}to)"

_MARK = re.compile(r"[“”\"]")
_WORD_CHAR = re.compile(r"\w")
_NON_SPACE = re.compile(r"\S")
_NON_SPACE_RUN = re.compile(r"\S+")
# Two capitalised words, a role noun or ", who" near a sentence start: it may open with a person.
_PERSON_HINT = re.compile(
    rf"[{_UPPER}][\w’'.-]*{_SP}[{_UPPER}]|(?<![\w’'-])(?i:{_alternatives(list(_ROLE_NOUNS))})"
    rf"(?:[’']s)?(?![\w’'-])|,{_SP}who(?![\w’'-])"
)
_FIRST_WORD = re.compile(rf"[\s“\"‘]*([{_UPPER}][\w’'.-]*)")
_PRONOUN_WORDS = frozenset({"He", "She", "They", "It", "We", "I", "You"})
_BOUNDARY = re.compile(r"[.!?…]+[”\"’)\]]*(?=\s+[“\"‘(\[]?[0-9" + _UPPER + "])")
_ABBREVIATION = re.compile(
    r"(?:\b(?:Mr|Mrs|Ms|Dr|St|Gen|Sen|Rep|Gov|Lt|Col|Sgt|Capt|Prof|Jr|Sr|Inc|Corp|Co|Ltd|No|vs|Mt|Ft"
    r"|Jan|Feb|Aug|Sept|Oct|Nov|Dec)|(?<![\w.])[A-Z]|(?:[A-Za-z]\.)+[A-Za-z])$"
)
# A leading lookahead of the possible first letters lets the regex engine skip ahead to
# candidate positions (a lookbehind first would make it try every character of the text).
_CUE_FIRST = "".join(sorted({c[0] for c in _CUES_FINITE + _CUES_ING} | {"A", "a"}))
_CUE = re.compile(rf"(?=[{_CUE_FIRST}])(?<![\w’'-]){_CUE_ANY}(?![\w’'-])")
_SUBJECT_END = re.compile(rf"(?<![\w’'.-])(?P<np>{_NP}){_ADV}\s*$")
_APPOSITIVE_END = re.compile(
    rf"(?<![\w’'.-])(?P<np>{_ROLE_NP}|{_NAME_NP}),{_SP}(?P<mid>[^,;:“”\"\n]{{2,120}}?),\s*$"
)
_SENTENCE_SUBJECT = re.compile(
    rf"[\s“\"‘]*(?P<np>{_NP})(?:,{_SP}(?P<app>[^,;:“”\"\n]{{2,120}}?),)?{_ADV}{_SP}[a-z][\w’'-]*"
)
_NP_AFTER = re.compile(rf"{_SP}(?P<np>{_NP_AFTER_CUE})")
_TRAILING = re.compile(
    rf"[\s”\",]*(?:(?P<np>{_NP})(?:,{_SP}(?P<app>{_APP}),)?{_ADV}{_SP}(?P<cue>{_CUE_POST})"
    rf"|(?P<cue2>{_CUE_POST}){_SP}(?P<np2>{_NP_AFTER_CUE})(?:,{_SP}(?P<app2>{_APP}))?)(?![\w’'-])"
)
_TAIL = re.compile(r"[^.!?“”\"\n]{0,100}?(?=[.!?]|\n|$)")
_TAIL_CLAUSE = re.compile(rf"\b(?:that|{_AUX})(?![\w’'-])")
# Only an attribution before a quote: "He said, ", "X told reporters: ", "Said Smith: ". A naming cue
# ("called it") or other words in between make the quote part of the writer's sentence.
_LEAD_IN = re.compile(
    rf"[\s,]*(?:(?:{_NP})(?:,{_SP}[^,;:“”\"\n]{{1,120}}?,)?{_ADV}{_SP}{_CUE_SAY}"
    rf"(?:(?:{_SP}[^\s,:;“”\"]+){{1,5}}?{_S}*[,:])?|{_CUE_SAY}(?:{_SP}{_NP})?)[ \t\u00a0,:]*(?:that{_S}*)?"
)
_AFTER_COMMA = re.compile(r",[\s”\"]*$")
_THAT_CLAUSE = re.compile(rf"(?P<pre>(?:{_SP}[\w’'.%$-]+){{0,6}}?){_SP}that{_SP}(?=\S)")
_WHEN = (
    rf"(?:{_SP}(?:on{_SP}[A-Z][a-z]+day|(?:last|this|earlier|later){_SP}(?:week|month|year|night|[A-Z][a-z]+day)"
    rf"|in{_SP}an?{_SP}(?:statement|interview|post|email|letter)|on{_SP}[A-Z][a-z]+{_SP}\d{{1,2}}),?)?"
)
# Common irregular past tenses, so "said GDP fell 0.3%" reads as a finite clause.
_IRREGULAR_PAST = (
    r"(?:fell|rose|grew|made|took|gave|went|came|saw|knew|thought|found|left|kept|held|brought|began|became"
    r"|won|lost|sold|paid|spent|meant|built|hit|cut|set|put|ran|stood|fought|sought|led|met|sent|shot|struck"
    r"|broke|chose|drove|flew|froze|hid|hung|rode|shook|spoke|stole|swore|threw|wore|wrote|bought|caught|taught)"
)
_FINITE_CLAUSE = re.compile(
    rf"{_WHEN}{_SP}(?P<first>[\w’'.%$-]+)(?P<rest>(?:{_SP}[\w’'.%$-]+){{0,5}}?){_SP}"
    rf"(?:{_AUX}|[a-z]+ed|{_IRREGULAR_PAST})(?![\w’'-])"
)
_NOT_FINITE_SUBJECT = re.compile(r"(?<![\w’'-])(?:to|he|she|they|we|i|you|it)(?![\w’'-])", re.IGNORECASE)
_AUX_WORD = re.compile(rf"(?<![\w’'-]){_AUX}(?![\w’'-])")
_CLAUSE_CUT = re.compile(r",\s+(?!including\b|notwithstanding\b)(?:[a-z]+ing\b|according\s+to\b)|;")
_ACCORDING_LEAD = re.compile(rf"[Aa]ccording{_SP}to{_SP}(?P<np>{_NP})\s*,\s*")
_LAST_BREAK = re.compile(r"[,;:—–“”\"][^,;:—–“”\"]*$")
_COMMA_BEFORE = re.compile(r",\s*$")
_FINITE_VERB = re.compile(rf"(?<![\w’'-])(?:{_AUX}|[a-z]+ed|{_IRREGULAR_PAST})(?![\w’'-])")
_LISTENER = re.compile(rf"{_SP}(?:{_NP}|(?:me|him|her|us|them)(?![\w’'-])|{_LOWERW})")
_NOT_CLAUSE_START = frozenset(
    "in on at during after before to for with from by about as of into over under than when while "
    "it’s and or but".split()
)
_SOURCE_PREFIX = re.compile(
    rf"(?:{_DET}{_SP})?(?:{_LOWERW}{_SP})?{_SOURCE_NOUN}{_SP}(?:from|by|of|issued{_SP}by){_SP}"
)
_WORDS = re.compile(r"[\w-]+")
_ROLE_BEFORE_NAME = re.compile(
    rf"(?<![\w’'.-])(?:{_TITLERUN}{_SP})?(?:{_LOWERW}{_SP}){{0,2}}{_ROLEN}(?={_SP}$)"
)
_TOKEN = re.compile(r"\([^()\s]*\)|[^\s()]+")
_NAME_RUN = re.compile(rf"(?=[{_UPPER}])(?<![\w’'.-]){_TITLERUN}")  # lookahead first: see _CUE
_AND = re.compile(rf"{_SP}(?:and|&){_SP}")
_ACRONYM_PHRASE = re.compile(rf"\b(the\s+)?[{_UPPER}][^()]*?\s*\(([{_UPPER}][\w.&-]*)\)")
_DETERMINER_START = re.compile(rf"{_DET}{_SP}")
_WHO = re.compile(r"\s*who\b")


# --- small records ---------------------------------------------------------------------------------


@dataclasses.dataclass(frozen=True)
class _Marked:
    """A span between quote marks; ``close`` is None when the paragraph ended first."""

    open: int
    close: int | None
    start: int
    end: int
    paragraph: int


@dataclasses.dataclass(frozen=True)
class _Cue:
    start: int
    end: int
    word: str  # lower case, spaces normalised ("according to")


@dataclasses.dataclass(frozen=True)
class _Mention:
    """A speaker as written: a pronoun, a name, a role, an institution or "the <noun>"."""

    start: int
    end: int
    kind: str  # pronoun | name | role | institution | definite
    label: str  # pronoun, name tokens, or the phrase without its determiner
    role: str | None = None
    head: str | None = None  # the role/institution noun, or the pronoun in lower case
    tokens: tuple[str, ...] = ()  # a name's words without possessives
    person: bool = False  # known to be a person ("Zelenskyy, who ...")
    gender: str | None = None  # "f" or "m" when a title says so ("Ms Truss", "Sir Keir")


@dataclasses.dataclass(frozen=True)
class _Speaker:
    name: str
    role: str | None
    person: bool
    words: frozenset[str]  # lower-case words of name and role, for "the ministry"
    gender: str | None = None  # from a title; "he"/"she" skip a speaker of the other one


@dataclasses.dataclass(frozen=True)
class _Attribution:
    mention: _Mention | None
    cue: _Cue | None
    local: bool = True  # found in the quote's own sentence (False when inherited)


# --- public API ------------------------------------------------------------------------------------


def extract_quotes(article: Article) -> tuple[Quote, ...]:
    """Direct, partial and paraphrased quotes with their speakers, in text order."""
    text = article.text
    if not isinstance(text, str) or not text:
        return ()
    british = _double_quoted_copy(text)
    if british is not None:
        # British style (‘…’): read the same-length copy with “…”, give back the original words.
        quotes = _extract_quotes(dataclasses.replace(article, text=british))
        return tuple(dataclasses.replace(q, text=text[q.start : q.end]) for q in quotes)
    return _extract_quotes(article)


_SINGLE_OPEN = re.compile(r"(?:^|(?<=[\s(\[—–-]))‘(?=\S)")
_SINGLE_CLOSE = re.compile(r"(?<=\S)’(?![\w’])")
_DOUBLE_OPEN = re.compile(r"(?:^|(?<=[\s(\[—–-]))[“\"](?=\S)")


def _double_quoted_copy(text: str) -> str | None:
    """For an article that quotes with single marks (British style), the same text with each
    ‘…’ pair written “…” (same length, so every span still holds); None for any other article.

    An opening ‘ starts a word; its closing ’ is the next one that ends a word and is not an
    apostrophe inside one ("don’t", "Ukraine’s"), in the same paragraph.
    """
    openers = [m.start() for m in _SINGLE_OPEN.finditer(text)]
    if len(openers) < 2 or len(openers) <= 2 * len(_DOUBLE_OPEN.findall(text)):
        return None
    chars = list(text)
    after = 0
    for start in openers:
        if start < after:
            continue
        paragraph_end = text.find("\n\n", start)
        close = _SINGLE_CLOSE.search(text, start + 1, paragraph_end if paragraph_end >= 0 else len(text))
        if close is None:
            continue
        chars[start], chars[close.start()] = "“", "”"
        after = close.end()
    return "".join(chars)


def _extract_quotes(article: Article) -> tuple[Quote, ...]:
    text = article.text
    paras = _paragraph_spans(article)
    marked = _scan_quotes(text, paras)
    inside = _QuoteSpans(marked)
    sentences = _split_sentences(text, paras, inside)
    cues = [
        _Cue(m.start(), m.end(), " ".join(m.group().lower().split()))
        for m in _CUE.finditer(text)
        if not inside.contains(m.start())
    ]
    subjects: list[_Mention | None] = []
    for i in range(len(cues)):
        subjects.append(_cue_subject(text, cues, i, subjects, sentences.at(cues[i].start)))

    cue_starts = [c.start for c in cues]
    para_starts = [p[1] for p in paras]
    attributions = [
        _attribute(text, q, cues, cue_starts, subjects, sentences, paras, para_starts) for q in marked
    ]
    paraphrases = _find_paraphrases(text, cues, subjects, sentences, marked)

    mentions: dict[tuple[int, int], _Mention] = {}
    for mention in subjects:
        if mention is not None:
            mentions[(mention.start, mention.end)] = mention
    for attribution in attributions:
        if attribution.mention is not None:
            mentions[(attribution.mention.start, attribution.mention.end)] = attribution.mention
    for _clause, attribution, _sentence in paraphrases:
        mentions[(attribution.mention.start, attribution.mention.end)] = attribution.mention
    speakers = _Resolver(text, sentences).resolve(sorted(mentions.values(), key=lambda m: (m.start, m.end)))

    results: list[Quote] = []
    kinds: list[str] = []
    previous: tuple[_Attribution, int] | None = None  # the last attributed quote's attribution, paragraph
    for k, q in enumerate(marked):
        attribution = attributions[k]
        sentence_start, sentence_end = sentences.at(q.open)
        prior = marked[k - 1] if k and marked[k - 1].close is not None else None
        if prior is not None and prior.close is not None and prior.close < sentence_start:
            prior = None
        kind = _quote_kind(text, q, sentence_start, prior, kinds[k - 1] if prior is not None else None)
        kinds.append(kind)
        if attribution.mention is None and kind == "direct" and previous is not None:
            # AP style: a quote standing alone continues the speaker of the quote just before it.
            inherited, last_paragraph = previous
            if q.paragraph - last_paragraph <= 1:
                attribution = _Attribution(inherited.mention, inherited.cue, local=False)
        if attribution.mention is not None:
            previous = (attribution, q.paragraph)
        ends = [q.close if q.close is not None else q.end]
        if attribution.local and attribution.mention is not None and attribution.cue is not None:
            ends += [attribution.mention.end - 1, attribution.cue.end - 1]
        sentence_end = max(sentence_end, sentences.at(max(ends))[1])
        results.append(
            _build(
                text, q.start, q.end, kind, attribution, speakers, q.paragraph, (sentence_start, sentence_end)
            )
        )
    for (clause_start, clause_end), attribution, sentence in paraphrases:
        paragraph = _paragraph_at(paras, para_starts, clause_start)[0]
        results.append(
            _build(text, clause_start, clause_end, "paraphrase", attribution, speakers, paragraph, sentence)
        )
    results.sort(key=lambda quote: (quote.start, quote.end, quote.kind))
    return tuple(results)


def _build(
    text: str,
    start: int,
    end: int,
    kind: str,
    attribution: _Attribution,
    speakers: dict[tuple[int, int], _Speaker | None],
    paragraph: int,
    sentence: tuple[int, int],
) -> Quote:
    mention, cue = attribution.mention, attribution.cue
    speaker = speakers.get((mention.start, mention.end)) if mention is not None else None
    return Quote(
        start=start,
        end=end,
        text=text[start:end],
        kind=kind,
        speaker=speaker.name if speaker else None,
        speaker_role=speaker.role if speaker else None,
        speaker_start=mention.start if mention else None,
        speaker_end=mention.end if mention else None,
        cue=text[cue.start : cue.end] if cue else None,
        cue_start=cue.start if cue else None,
        cue_end=cue.end if cue else None,
        paragraph=paragraph,
        sentence_start=min(sentence[0], start),
        sentence_end=max(sentence[1], end),
    )


# --- paragraphs, quote marks, sentences --------------------------------------------------------------


def _paragraph_spans(article: Article) -> list[tuple[int, int, int, bool]]:
    """(index, start, end, heading) of each paragraph, clipped to the text; the whole text if none."""
    size = len(article.text)
    spans: list[tuple[int, int, int, bool]] = []
    last = 0
    for para in article.paragraphs:
        start, end = max(para.start, last), min(para.end, size)
        if start < end:
            spans.append((para.index, start, end, para.heading))
            last = end
    if not spans:
        spans.append((0, 0, size, False))
    return spans


def _paragraph_at(
    paras: list[tuple[int, int, int, bool]], starts: list[int], offset: int
) -> tuple[int, int, int, bool]:
    return paras[max(bisect.bisect_right(starts, offset) - 1, 0)]


def _scan_quotes(text: str, paras: list[tuple[int, int, int, bool]]) -> list[_Marked]:
    """Pair quote marks paragraph by paragraph, following the multi-paragraph convention."""
    found: list[_Marked] = []
    pending: int | None = None  # the opening mark of the quote still open
    pending_paragraph = 0
    for k, (index, start, end, _heading) in enumerate(paras):
        continued = pending is not None  # this paragraph's first mark reopens the same quote
        for match in _MARK.finditer(text, start, end):
            pos = match.start()
            if continued and pos == start:
                continue
            mark = match.group()
            if pending is not None and (mark != "“" or _closes(text, pos)):
                _add_quote(found, text, pending, pos, pos, pending_paragraph)
                pending = None
            elif mark != "”" and pos + 1 < len(text) and not text[pos + 1].isspace():
                # A new opening mark drops an earlier one left unclosed in the same paragraph.
                pending, pending_paragraph = pos, index
            # Anything else is a stray mark: a closing mark with nothing open, or a mark before a space.
        if pending is not None:
            following = paras[k + 1] if k + 1 < len(paras) else None
            if (
                following is not None
                and text[following[1]] in '“"'
                and not following[3]
                and following[2] - pending <= MAX_QUOTE_CHARS
            ):
                continue
            _add_quote(found, text, pending, None, end, pending_paragraph)
            pending = None
    return found


def _closes(text: str, pos: int) -> bool:
    """An opening mark used as a closing one: glued to the word before, a space after."""
    return pos > 0 and not text[pos - 1].isspace() and (pos + 1 >= len(text) or text[pos + 1].isspace())


def _add_quote(
    found: list[_Marked], text: str, open_: int, close: int | None, end: int, paragraph: int
) -> None:
    start = open_ + 1
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    end = min(end, start + MAX_QUOTE_CHARS)
    if start < end and _WORD_CHAR.search(text, start, end):
        found.append(_Marked(open_, close, start, end, paragraph))


class _QuoteSpans:
    """Which offsets lie between a pair of quote marks."""

    def __init__(self, marked: list[_Marked]) -> None:
        self._opens = [q.open for q in marked]
        self._closes = [q.close if q.close is not None else q.end for q in marked]

    def contains(self, pos: int) -> bool:
        k = bisect.bisect_left(self._opens, pos) - 1
        return k >= 0 and pos <= self._closes[k]


class _Sentences:
    def __init__(self, spans: list[tuple[int, int]]) -> None:
        self.spans = spans
        self.starts = [s for s, _ in spans]

    def at(self, pos: int) -> tuple[int, int]:
        if not self.spans:
            return (pos, pos)
        k = bisect.bisect_right(self.starts, pos) - 1
        return self.spans[max(k, 0)]


def _split_sentences(text: str, paras: list[tuple[int, int, int, bool]], inside: _QuoteSpans) -> _Sentences:
    spans: list[tuple[int, int]] = []
    for _index, start, end, _heading in paras:
        begin = start
        for match in _BOUNDARY.finditer(text, start, end):
            stop = match.end()
            single_stop = match.group().startswith(".") and not match.group().startswith("..")
            if single_stop and _ABBREVIATION.search(text, max(start, match.start() - 12), match.start()):
                continue  # "Mr. Smith", "U.S. officials"
            if inside.contains(stop - 1) and text[stop - 1] not in '”"':
                continue  # end punctuation inside a quote does not end the writer's sentence
            spans.append((begin, stop))
            after = _NON_SPACE.search(text, stop, end)
            begin = after.start() if after else end
        if begin < end:
            spans.append((begin, end))
    return _Sentences(spans)


# --- speakers of cue verbs ---------------------------------------------------------------------------


def _cue_subject(
    text: str, cues: list[_Cue], i: int, subjects: list[_Mention | None], sentence: tuple[int, int]
) -> _Mention | None:
    """The speaker a cue verb attributes speech to, or None ("it is said", "Asked about")."""
    cue = cues[i]
    if cue.word == "according to":
        match = _NP_AFTER.match(text, cue.end, min(sentence[1], cue.end + _WINDOW))
        return _classify(text, match.start("np"), match.end("np")) if match else None
    if cue.word.endswith("ing"):
        # "..., saying X": the participle shares the subject of the main clause.
        if not _AFTER_COMMA.search(text, max(sentence[0], cue.start - 8), cue.start):
            return None
        for j in range(i - 1, max(i - 20, 0) - 1, -1):
            if cues[j].start < sentence[0]:
                break
            if subjects[j] is not None:
                return subjects[j]
        return _sentence_subject(text, sentence[0], cue.start)
    low = max(sentence[0], cue.start - _WINDOW)
    last_break = _LAST_BREAK.search(text, low, cue.start)  # the subject starts after it
    cut = last_break.start() if last_break else -1
    match = _subject_before(text, max(low, cut + 1), cue.start)
    if match:
        return _classify(text, match.start("np"), match.end("np"))
    if cut < 0:
        return None
    if text[cut] == "," and not text[cut + 1 : cue.start].strip():
        # "Smith, the mayor of Springfield, said": the name before the appositive is the subject.
        match = _APPOSITIVE_END.search(text, low, cue.start)
        if match:
            mention = _classify(text, match.start("np"), match.end("np"))
            mid = match.group("mid")
            named = _classify(text, match.start("mid"), match.end("mid")) if mid[:1].isupper() else None
            if mention is not None and named is not None and named.kind == "name" and len(named.tokens) >= 2:
                # "The university’s lead author, Dr. Emma Camp, wrote": the name speaks, the NP is a role.
                return dataclasses.replace(named, role=named.role or _shorten_role(mention.label))
            role = _appositive_role(mid)
            if mention is not None and role and mention.role is None:
                mention = dataclasses.replace(mention, role=role)
            elif mention is not None and mention.kind == "name" and _WHO.match(mid):
                mention = dataclasses.replace(mention, person=True)
            return mention
    return None


def _subject_before(text: str, low: int, cue_start: int) -> re.Match[str] | None:
    """The longest noun phrase (plus adverbs) ending right before a cue verb.

    Anchored tries from word starts, leftmost first, are much cheaper than a search from every
    character: writer's words fail within a word or two, and the first success is the longest phrase.
    20 words cover "The United Kingdom’s ambassador to the Organization ... (OSCE) also".
    """
    for word in list(_NON_SPACE_RUN.finditer(text, low, cue_start))[-20:]:
        match = _SUBJECT_END.match(text, word.start(), cue_start)
        if match:
            return match
    return None


def _sentence_subject(text: str, start: int, end: int) -> _Mention | None:
    """The noun phrase opening a sentence, if it can be a speaker; "X, who ..." marks a person."""
    match = _SENTENCE_SUBJECT.match(text, start, min(end, start + _WINDOW))
    if not match:
        return None
    mention = _classify(text, match.start("np"), match.end("np"))
    appositive = match.group("app")
    if mention is not None and mention.kind == "name" and appositive and _WHO.match(appositive):
        mention = dataclasses.replace(mention, person=True)
    return mention


def _person_opening(text: str, start: int, end: int) -> _Mention | None:
    """A person opening a sentence ("Opposition leader Tom Becker criticised ..."): an antecedent for "he"."""
    first = _FIRST_WORD.match(text, start, end)
    if first is None or first.group(1).lower() in _OPENERS_NOT_NAMES or first.group(1) in _PRONOUN_WORDS:
        return None
    if not _PERSON_HINT.search(text, start, min(end, start + 60)):
        return None  # a cheap test before the full noun-phrase match
    mention = _sentence_subject(text, start, end)
    if mention is not None and (
        mention.kind == "role"
        or (mention.kind == "name" and (len(mention.tokens) >= 2 or mention.role or mention.person))
    ):
        return mention
    return None


def _classify(text: str, start: int, end: int) -> _Mention | None:
    """What kind of speaker a noun phrase names, or None when it cannot be one."""
    source = _SOURCE_PREFIX.match(text, start, end)
    if source and source.end() < end:
        start = source.end()  # "a statement from the ministry": the ministry speaks
    tokens = [(m.start(), m.end(), m.group()) for m in _TOKEN.finditer(text, start, end)]
    if len(tokens) > 1 and tokens[-1][2].lower() in _SOURCE_WORDS:
        tokens.pop()  # "a Pentagon statement": the Pentagon speaks
    if len(tokens) == 1 and tokens[0][2].lower() in ("he", "she", "they"):
        word = tokens[0][2]
        return _Mention(tokens[0][0], tokens[0][1], "pronoun", word, head=word.lower())
    while len(tokens) > 1 and tokens[0][2].lower() in _OPENERS_NOT_NAMES:
        tokens.pop(0)
    determiner = None
    if tokens and tokens[0][2].lower() in ("the", "a", "an"):
        determiner = tokens.pop(0)
    if not tokens:
        return None
    span = (determiner[0] if determiner else tokens[0][0], tokens[-1][1])
    lowered = (t[2].lower().strip(".,;:") for t in tokens)
    words = [w[:-2] if w.endswith(("’s", "'s")) else w.rstrip("’'") for w in lowered]
    capital = [t[2][:1].isupper() or t[2].startswith("(") for t in tokens]
    definite = determiner is not None and determiner[2].lower() == "the"
    return _name_mention(span, tokens, words, capital) or _role_mention(
        text, span, tokens, words, capital, determiner is not None, definite
    )


def _name_mention(
    span: tuple[int, int], tokens: list[tuple[int, int, str]], words: list[str], capital: list[bool]
) -> _Mention | None:
    """A person's name closing the phrase, with the title before it as the role."""
    n = k = len(tokens)
    while k > 0 and capital[k - 1] and words[k - 1] not in _INSTITUTIONS:
        token, word = tokens[k - 1][2], words[k - 1]
        if token.startswith("(") or (k < n and _is_possessive(token)):
            break  # an acronym, or a possessor: "Labour’s Rachel Reeves"
        surname = k == n >= 2 and word in _SURNAME_TITLES and capital[k - 2] and words[k - 2] not in _TITLES
        if word in _TITLES and not surname:
            break
        k -= 1
    if k == n or _is_possessive(tokens[-1][2]) or (k > 0 and tokens[k - 1][2] in _CONNECTORS):
        return None  # no name, a possessor ("Russia’s holding"), or part of a longer name
    if all(w in _TIME_WORDS for w in words[k:]):
        return None  # "Tuesday" never speaks
    if n == 1 and _is_acronym(tokens[0][2]):
        return _Mention(*span, "institution", tokens[0][2])  # "NATO said"
    name_tokens = tuple(_strip_possessive(t[2]) for t in tokens[k:])
    gender = next((_TITLE_GENDER[w] for w in words[:k] if w in _TITLE_GENDER), None)
    role = None
    if k > 0 and (any(w in _TITLES for w in words[:k]) or not any(capital[:k])):  # "singer Carole King"
        role = (
            " ".join(t[2] for t, w in zip(tokens[:k], words[:k], strict=True) if w not in _HONORIFICS) or None
        )
    # A title of address ("Mr", "Ms", "Sir") makes the name a person's.
    titled = any(w in _HONORIFICS or w in _TITLE_GENDER for w in words[:k])
    return _Mention(
        *span, "name", " ".join(name_tokens), role, tokens=name_tokens, person=titled, gender=gender
    )


def _role_mention(
    text: str,
    span: tuple[int, int],
    tokens: list[tuple[int, int, str]],
    words: list[str],
    capital: list[bool],
    determiner: bool,
    definite: bool,
) -> _Mention | None:
    """A role or institution heading the phrase: "the ministry", "ambassador to the OSCE", "a resident"."""
    n = len(tokens)
    label = text[tokens[0][0] : span[1]]  # without its determiner
    head = next(
        (
            j
            for j, word in enumerate(words)
            if (word in _ROLE_NOUNS or word in _INSTITUTIONS)
            and (j + 1 == n or tokens[j + 1][2] in _PREPOSITIONS)
        ),
        None,
    )
    if head is None:
        if n == 1 and _is_acronym(tokens[0][2]):
            return _Mention(*span, "institution", tokens[0][2])
        if (determiner or words[0] in ("one", "another")) and not any(capital) and n <= 4:
            return _Mention(*span, "definite" if definite else "role", label, head=words[-1])  # "one diver"
        return None
    head_word = words[head]
    if definite and not any(capital):
        return _Mention(*span, "definite", label, head=head_word)
    if head_word in _INSTITUTIONS and head_word not in _ROLE_NOUNS:
        return _Mention(*span, "institution", label, head=head_word)
    first = head  # the role starts at the lower-case words before its noun: "foreign minister"
    while first > 0 and not capital[first - 1] and tokens[first - 1][2] not in _CONNECTORS:
        if _is_possessive(tokens[first - 1][2]):
            break
        first -= 1
    role = _shorten_role(text[tokens[first][0] : span[1]])
    return _Mention(*span, "role", label, None if role == label else role, head=head_word)


_CONNECTORS = frozenset("of for and the to in on at with from de von van der al bin &".split())


def _normal(token: str) -> str:
    return _strip_possessive(token).strip(".,;:").lower()


def _strip_possessive(token: str) -> str:
    if len(token) > 2 and token.endswith(("’s", "'s")):
        return token[:-2]
    if len(token) > 1 and token.endswith(("’", "'")):
        return token[:-1]
    return token


def _is_possessive(token: str) -> bool:
    return token.endswith(("’s", "'s", "s’", "s'"))


def _is_acronym(token: str) -> bool:
    letters = token.replace(".", "")
    return len(letters) >= 2 and letters.isalpha() and letters.isupper()


def _appositive_role(appositive: str) -> str | None:
    """ "the mayor of Springfield" or "chief economist at X" as a role; "who visited Kyiv" is none."""
    appositive = appositive.strip()
    if _DETERMINER_START.match(appositive):
        return _shorten_role(_DETERMINER_START.sub("", appositive, count=1))
    if appositive[:1].islower() and any(_normal(w) in _ROLE_NOUNS for w in appositive.split()):
        return _shorten_role(appositive)
    return None


def _shorten_role(role: str) -> str:
    """Name an organisation by its acronym: "... to the Organization ... (OSCE)" -> "... to the OSCE"."""
    return " ".join(_ACRONYM_PHRASE.sub(lambda m: (m.group(1) or "") + m.group(2), role).split())


# --- quotes: speaker and kind ---------------------------------------------------------------------


def _attribute(
    text: str,
    q: _Marked,
    cues: list[_Cue],
    cue_starts: list[int],
    subjects: list[_Mention | None],
    sentences: _Sentences,
    paras: list[tuple[int, int, int, bool]],
    para_starts: list[int],
) -> _Attribution:
    """The mention and cue that attribute a quote, from its own sentence."""
    if q.close is not None:
        para_end = _paragraph_at(paras, para_starts, q.close)[2]
        found = _trailing_attribution(text, q, q.close, max(para_end, q.close + 1))
        if found is not None:
            return found
    low = max(sentences.at(q.open)[0], q.open - _WINDOW)
    k = bisect.bisect_left(cue_starts, q.open) - 1
    while k >= 0 and cues[k].start >= low:
        if subjects[k] is not None:
            return _Attribution(subjects[k], cues[k])
        k -= 1
    return _Attribution(None, None)


def _trailing_attribution(text: str, q: _Marked, close: int, para_end: int) -> _Attribution | None:
    """“...,” X said. / “...,” said X. / “...” He said. right after the closing mark."""
    match = _TRAILING.match(text, close + 1, min(para_end, close + 1 + _WINDOW))
    if not match:
        return None
    group = "np" if match.group("np") is not None else "np2"
    cue_group = "cue" if group == "np" else "cue2"
    if text[q.end - 1 : q.end] in ".!?" or text[q.end - 1 : q.end] == "…":
        # After a full stop the attribution must be a short sentence of its own, not "He said the ...".
        tail = _TAIL.match(text, match.end(), para_end)
        if (
            tail is None
            or len(tail.group().split()) > 12
            or ":" in tail.group()
            or _TAIL_CLAUSE.search(tail.group())
        ):
            return None
    mention = _classify(text, match.start(group), match.end(group))
    if mention is None:
        return None
    appositive = match.group("app" if group == "np" else "app2")
    role = _appositive_role(appositive) if appositive else None
    if role and mention.role is None and mention.kind == "name":
        mention = dataclasses.replace(mention, role=role)
    cue_start, cue_end = match.start(cue_group), match.end(cue_group)
    return _Attribution(mention, _Cue(cue_start, cue_end, " ".join(text[cue_start:cue_end].lower().split())))


def _quote_kind(
    text: str, q: _Marked, sentence_start: int, prior: _Marked | None, prior_kind: str | None
) -> str:
    """Partial: starts in lower case, or follows the writer's own words in the sentence."""
    if prior is not None and prior.close is not None and prior_kind is not None:
        # “I think,” he said, “that we will win.”: the second part continues the first.
        gap = q.open - prior.close
        if (
            gap < _MAX_PREFIX
            and "," in text[prior.close - 1 : q.open]
            and _LEAD_IN.fullmatch(text, prior.close + 1, q.open)
        ):
            return prior_kind
    first = _WORD_CHAR.search(text, q.start, q.end)
    if first and first.group().islower():
        return "partial"
    low = prior.close + 1 if prior is not None and prior.close is not None else sentence_start
    if q.open - low > _MAX_PREFIX:
        return "partial"
    if not text[low : q.open].strip(" \t\n\u00a0—–-"):
        return "direct"
    return "direct" if _LEAD_IN.fullmatch(text, low, q.open) else "partial"


# --- paraphrases -------------------------------------------------------------------------------------


def _find_paraphrases(
    text: str,
    cues: list[_Cue],
    subjects: list[_Mention | None],
    sentences: _Sentences,
    marked: list[_Marked],
) -> list[tuple[tuple[int, int], _Attribution, tuple[int, int]]]:
    """Reported speech: (clause span, attribution, sentence span) for each paraphrase."""
    found = []
    marked_starts = [q.start for q in marked]
    for i, cue in enumerate(cues):
        mention = subjects[i]
        if mention is None or cue.word in _CUES_NAMING:
            continue
        sentence = sentences.at(cue.start)
        # A run-on "sentence" (no punctuation for pages) is only searched near its cue.
        near = (max(sentence[0], cue.start - MAX_QUOTE_CHARS), min(sentence[1], cue.end + MAX_QUOTE_CHARS))
        if cue.word == "according to":
            clause = _according_clause(text, cue, near)
        else:
            clause = _reported_clause(text, cue, near[1])
            if clause is None and cue.word in _CUES_POST:
                clause = _fronted_clause(text, min(cue.start, mention.start), max(cue.end, mention.end), near)
        if clause is None or not _mostly_writers_words(text, clause, marked, marked_starts):
            continue
        found.append((clause, _Attribution(mention, cue), sentence))
    return found


def _reported_clause(text: str, cue: _Cue, end: int) -> tuple[int, int] | None:
    """The finite clause a cue verb reports: "said (that) Finland is safer", not "urged X to go"."""
    pos = cue.end
    if cue.word in ("told", "telling"):
        listener = _LISTENER.match(text, pos, end)  # "told reporters (that) ..."
        if listener is None:
            return None
        pos = listener.end()
    start = None
    that = _THAT_CLAUSE.match(text, pos, end)
    if that and not _AUX_WORD.search(that.group("pre")):
        start = that.end()
    else:
        finite = _FINITE_CLAUSE.match(text, pos, end)
        # "urged X to go" is an infinitive; "comments he made" is a noun with a relative clause.
        if (
            finite
            and finite.group("first").lower() not in _NOT_CLAUSE_START
            and not _NOT_FINITE_SUBJECT.search(finite.group("rest"))
        ):
            start = finite.start("first")
    if start is None:
        return None
    return _trim_clause(text, start, end)


def _according_clause(text: str, cue: _Cue, sentence: tuple[int, int]) -> tuple[int, int] | None:
    """ "According to X, CLAUSE." or "CLAUSE, according to X." """
    lead = _ACCORDING_LEAD.match(text, cue.start, sentence[1])
    if lead and not text[sentence[0] : cue.start].strip(' \t\n“"'):
        return _trim_clause(text, lead.end(), sentence[1])
    source = _NP_AFTER.match(text, cue.end, sentence[1])
    return _fronted_clause(text, cue.start, source.end(), sentence) if source else None


def _fronted_clause(text: str, start: int, end: int, sentence: tuple[int, int]) -> tuple[int, int] | None:
    """ "CLAUSE, X said (on Monday)." : the writer's clause before a closing attribution.

    Only a clause of the writer's own words: with a quote mark in it, the attribution belongs to the
    quote (“...,” Stoltenberg said).
    """
    comma = _COMMA_BEFORE.search(text, max(sentence[0], start - 20), start)
    if comma is None:
        return None
    tail = _TAIL.match(text, end, sentence[1])
    if tail is None or len(tail.group().split()) > 8 or _TAIL_CLAUSE.search(tail.group()):
        return None
    clause_end = comma.start()
    if _MARK.search(text, sentence[0], clause_end) or not _FINITE_VERB.search(text, sentence[0], clause_end):
        return None
    return _trim_clause(text, sentence[0], clause_end)


def _trim_clause(text: str, start: int, end: int) -> tuple[int, int] | None:
    # A trailing participle (", reiterating comments ...") is the writer's comment on the speaker.
    end = min(end, start + MAX_QUOTE_CHARS)
    cut = _CLAUSE_CUT.search(text, start, end)
    if cut:
        end = cut.start()
    while end > start and (text[end - 1].isspace() or text[end - 1] in ".!?…"):
        end -= 1
    if len(text[start:end].split()) < 3:
        return None
    return (start, end)


def _mostly_writers_words(
    text: str, clause: tuple[int, int], marked: list[_Marked], marked_starts: list[int]
) -> bool:
    """A clause that embeds a short quoted fragment is still a paraphrase; one mostly quoted is not.

    "Putin said that ... systems would “appear” near its borders" is a paraphrase (and “appear” a
    partial quote); "the ministry said that with this, Russia demonstrates “its blatant disregard for
    international law”" is carried by the quote, so it is only the partial quote.
    """
    start, end = clause
    total = len("".join(text[start:end].split()))
    quoted = 0
    k = bisect.bisect_left(marked_starts, end) - 1
    while k >= 0 and marked[k].end > start:  # quotes never overlap, so their ends rise with their starts
        q = marked[k]
        quoted += len("".join(text[max(q.start, start) : min(q.end, end)].split()))
        k -= 1
    return total > 0 and quoted * 2 < total


# --- resolving mentions to speakers -------------------------------------------------------------------


class _Resolver:
    """Resolves mentions in text order against the speakers seen before each one."""

    def __init__(self, text: str, sentences: _Sentences) -> None:
        self._text = text
        self._sentences = sentences
        self._index = _NameIndex(text)
        self._history: list[tuple[int, _Speaker]] = []  # (offset, speaker), in text order
        self._openings: dict[int, _Speaker | None] = {}  # sentence start -> the person opening it

    def resolve(self, mentions: list[_Mention]) -> dict[tuple[int, int], _Speaker | None]:
        resolved: dict[tuple[int, int], _Speaker | None] = {}
        for mention in mentions:
            speaker = self._resolve_one(mention)
            resolved[(mention.start, mention.end)] = speaker
            if speaker is not None:
                self._history.append((mention.start, speaker))
        return resolved

    def _resolve_one(self, mention: _Mention) -> _Speaker | None:
        if mention.kind == "pronoun":
            wants_person = mention.head in _PERSON_PRONOUNS
            gender = _PRONOUN_GENDER.get(mention.head or "")
            return self._antecedent(
                mention.start,
                lambda s: (s.person or not wants_person) and (gender is None or s.gender in (None, gender)),
            )
        if mention.kind == "definite":
            head = mention.head or ""
            return (
                self._antecedent(mention.start, lambda s: head in s.words)
                or self._index.describe(head, mention.start)
                or _speaker(mention.label, None, head not in _INSTITUTIONS)
            )
        if mention.kind == "name":
            tokens, role = self._index.fullest(mention.tokens)
            name = " ".join(tokens)
            role = (
                mention.role
                or role
                or next((s.role for s in self._recent() if s.name == name and s.role), None)
            )
            earlier = next((s for s in self._recent() if s.name == name), None)
            gender = mention.gender or (earlier.gender if earlier else None)
            person = (
                len(tokens) >= 2 or role is not None or mention.person or bool(earlier and earlier.person)
            )
            return _speaker(name, role, person, gender)
        if mention.kind == "role":
            same = next((s for s in self._recent() if s.name == mention.label), None)
            return same or _speaker(mention.label, mention.role, True)
        return _speaker(mention.label, None, False)

    def _recent(self) -> list[_Speaker]:
        return [s for _, s in reversed(self._history[-_HISTORY:])]

    def _antecedent(self, before: int, fits: Callable[[_Speaker], bool]) -> _Speaker | None:
        """The last fitting speaker before an offset: a speaker seen so far, or a person opening a
        sentence after it ("Opposition leader Tom Becker criticised the plan. ... he said")."""
        since, found = -1, None
        for offset, speaker in reversed(self._history[-_HISTORY:]):
            if fits(speaker):
                since, found = offset, speaker
                break
        # Only sentences after that speaker can hold a more recent one; each is read once.
        spans = self._sentences.spans
        k = bisect.bisect_left(self._sentences.starts, before) - 1  # the last sentence starting before
        stop = max(k - _HISTORY, -1)
        while k > stop and spans[k][0] > since:
            start, end = spans[k]
            if start not in self._openings:
                opening = _person_opening(self._text, start, end)
                self._openings[start] = self._resolve_one(opening) if opening else None
            speaker = self._openings[start]
            if speaker is not None and fits(speaker):
                return speaker
            k -= 1
        return found


def _speaker(name: str, role: str | None, person: bool, gender: str | None = None) -> _Speaker:
    return _Speaker(name, role, person, frozenset(_WORDS.findall(f"{name} {role or ''}".lower())), gender)


class _NameIndex:
    """Capitalised runs of the article, looked up lazily: "Stoltenberg" -> "Jens Stoltenberg"."""

    def __init__(self, text: str) -> None:
        self._text = text
        self._runs: list[tuple[int, int]] = []  # every capitalised run, found on first use
        self._by_last: dict[str, list[tuple[int, int]]] | None = None
        self._people: dict[str, list[tuple[tuple[str, ...], str | None, int]]] = {}
        self._fullest: dict[tuple[str, ...], tuple[tuple[str, ...], str | None]] = {}

    def fullest(self, tokens: tuple[str, ...]) -> tuple[tuple[str, ...], str | None]:
        """The longest name ending with these words, and the first role written with it."""
        if not tokens:
            return tokens, None
        if tokens not in self._fullest:
            candidates = [c for c in self._names_ending(tokens[-1]) if c[0][-len(tokens) :] == tokens]
            if candidates:
                best = max(candidates, key=lambda c: len(c[0]))[0]  # max keeps the first of equals
                written = [(r, start) for t, r, start in candidates if t == best][:5]
                role = next((r for r, _ in written if r), None)
                role = role or next(filter(None, (self._role_before(start) for _, start in written)), None)
                self._fullest[tokens] = (best, role)
            else:
                self._fullest[tokens] = (tokens, None)
        return self._fullest[tokens]

    def _names_ending(self, surname: str) -> list[tuple[tuple[str, ...], str | None, int]]:
        """Multi-word names ending in ``surname``, in text order, with the title written before them."""
        if self._by_last is None:
            self._by_last = {}
            text = self._text
            self._runs = self._runs or [m.span() for m in _NAME_RUN.finditer(text)]
            for start, end in self._runs:
                if " " not in text[start:end] and "\n" not in text[start:end]:
                    continue  # a single word is never fuller than the mention
                if "and" in text[start:end] or "&" in text[start:end]:
                    # "Jens Stoltenberg and Antony Blinken": the part holding the surname.
                    for sep in _AND.finditer(text, start, end):
                        start = sep.end()
                last = _strip_possessive(text[start:end].rsplit(None, 1)[-1])
                self._by_last.setdefault(last, []).append((start, end))
        if surname not in self._people:
            found = []
            for start, end in self._by_last.get(surname, ()):
                mention = _classify(self._text, start, end)
                if mention is not None and mention.kind == "name" and len(mention.tokens) >= 2:
                    found.append((mention.tokens, mention.role, start))
            self._people[surname] = found
        return self._people[surname]

    def _role_before(self, start: int) -> str | None:
        """A lower-case title written before a name: "finance minister Jeremy Hunt"."""
        text = self._text
        for word in list(_NON_SPACE_RUN.finditer(text, max(0, start - 80), start))[-6:]:
            match = _ROLE_BEFORE_NAME.match(text, word.start(), start)
            if match:
                return " ".join(match.group().split())
        return None

    def describe(self, head: str, before: int) -> _Speaker | None:
        """The last institution or role named before ``before`` whose words hold ``head``."""
        self._runs = self._runs or [m.span() for m in _NAME_RUN.finditer(self._text)]
        for start, end in reversed(self._runs):
            # Only runs holding the head can name it: test the text before classifying the run.
            if start >= before or head not in self._text[start:end].lower():
                continue
            mention = _classify(self._text, start, end)
            if (
                mention is not None
                and mention.kind in ("institution", "role")
                and head in {_normal(w) for w in mention.label.split()}
            ):
                return _speaker(mention.label, mention.role, mention.kind == "role")
        return None
