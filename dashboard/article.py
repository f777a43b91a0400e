"""Stage 1: text, HTML, bytes or a URL in; an Article with paragraphs and dateline out."""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field
from datetime import date

MAX_CHARS = 300_000  # about 50,000 words: far beyond any news article, and bounds analysis time
MAX_BYTES = 5 * 1024 * 1024
URL_TIMEOUT_S = 10
MIN_HTML_WORDS = 15  # less than this from a whole page is a menu or a stub, not an article


class ArticleError(ValueError):
    """Input that cannot be read as an article; the message tells the user what to do."""


@dataclass(frozen=True)
class Paragraph:
    """A block of the article: [start, end) in Article.text, a heading or body text."""

    index: int
    start: int
    end: int
    heading: bool = False


@dataclass(frozen=True)
class Article:
    """An article's full text with its structure. Every span elsewhere indexes ``text``."""

    text: str
    paragraphs: tuple[Paragraph, ...]
    title: str | None = None
    outlet: str | None = None
    date: str | None = None  # ISO 8601
    source: str = "text"
    notes: tuple[str, ...] = field(default=())  # what was done to the input, for the user

    def paragraph_at(self, offset: int) -> Paragraph | None:
        """The paragraph holding a character offset."""
        position = bisect.bisect_right([p.start for p in self.paragraphs], offset) - 1
        if position >= 0 and offset < self.paragraphs[position].end:
            return self.paragraphs[position]
        return None

    def section_heading(self, paragraph: Paragraph) -> Paragraph | None:
        """The nearest heading above a body paragraph, if any."""
        if paragraph.heading:
            return None
        for para in reversed(self.paragraphs[: paragraph.index]):
            if para.heading:
                return para
        return None

    def paragraph_text(self, paragraph: Paragraph) -> str:
        return self.text[paragraph.start : paragraph.end]


# "date 2024-01-15 (CNN) — ", "WASHINGTON (Reuters) - ", "(CNN) —"
_DATELINE = re.compile(
    r"""^\s*
    (?:date\s+(?P<date>\d{4}-\d{2}-\d{2})\s+)?
    (?:(?P<place>[A-Z][\w .,'-]{1,40}?)\s+)?
    \((?P<outlet>[A-Z][\w .&'-]{0,40})\)\s*[—–-]{1,2}\s*""",
    re.VERBOSE,
)
_ISO_DATE = re.compile(r"^\s*date\s+(\d{4}-\d{2}-\d{2})\b")
_HEADING_END = re.compile(r"[.!?:;,\"”’')\]]\s*$")
_BLANK_LINES = re.compile(r"\n[ \t]*\n+")


def parse_text(text: str, source: str = "text") -> Article:
    """Split plain text into paragraphs and read a leading dateline (date and outlet).

    Raises ArticleError for empty, whitespace-only, binary-looking or oversized text.
    """
    if not isinstance(text, str):
        raise ArticleError("The article must be text.")
    if len(text) > MAX_CHARS:
        raise ArticleError(
            f"The article is {len(text):,} characters long; the limit is {MAX_CHARS:,}. "
            "Paste one article at a time."
        )
    if not text.strip():
        raise ArticleError("The article is empty. Paste its text, upload a file or enter a URL.")
    if _looks_binary(text):
        raise ArticleError(
            "This does not look like text (it holds control characters). Upload a .txt, .html or .md file."
        )
    paragraphs = _split_paragraphs(text)
    outlet, when = _read_dateline(text)
    title = None
    first = paragraphs[0]
    if first.heading and len(paragraphs) > 1:
        title = text[first.start : first.end].strip()
    return Article(
        text=text, paragraphs=tuple(paragraphs), title=title, outlet=outlet, date=when, source=source
    )


def _read_dateline(text: str) -> tuple[str | None, str | None]:
    head = text[:300]
    match = _DATELINE.match(head)
    when = None
    outlet = None
    if match:
        outlet = match.group("outlet").strip()
        when = match.group("date")
    else:
        iso = _ISO_DATE.match(head)
        when = iso.group(1) if iso else None
    if when:
        try:
            date.fromisoformat(when)
        except ValueError:
            when = None
    return outlet, when


def _split_paragraphs(text: str) -> list[Paragraph]:
    """Blank lines separate paragraphs; with none, single line breaks do."""
    separator = _BLANK_LINES if _BLANK_LINES.search(text) else re.compile(r"\n+")
    spans = []
    pos = 0
    for sep in separator.finditer(text):
        spans.append((pos, sep.start()))
        pos = sep.end()
    spans.append((pos, len(text)))
    paragraphs: list[Paragraph] = []
    for start, end in spans:
        while start < end and text[start].isspace():
            start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
        if start == end:
            continue
        block = text[start:end]
        paragraphs.append(Paragraph(index=len(paragraphs), start=start, end=end, heading=_is_heading(block)))
    return paragraphs


def _is_heading(block: str) -> bool:
    """A short single line with no closing punctuation: a title or section heading."""
    words = block.split()
    return "\n" not in block and 0 < len(words) <= 12 and not _HEADING_END.search(block)


_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f-\x9f]")


def _looks_binary(text: str) -> bool:
    """More than 1 in 200 characters are control characters (tabs and line breaks aside)."""
    sample = text[:65536]
    return len(_CONTROL.findall(sample)) > max(8, len(sample) // 200)


def decode_bytes(data: bytes, name: str = "file") -> str:
    """Decode an uploaded file: UTF-8, UTF-16 (BOM), else the best-guess legacy encoding.

    Raises ArticleError when the bytes are over the size limit or are not text.
    """
    if len(data) > MAX_BYTES:
        raise ArticleError(
            f"{name} is {len(data) / 1_048_576:.1f} MB; the limit is {MAX_BYTES // 1_048_576} MB."
        )
    if not data.strip():
        raise ArticleError(f"{name} is empty.")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError as exc:
            raise ArticleError(f"{name} starts like UTF-16 but cannot be decoded as it.") from exc
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    sample = data[:65536]
    control = sum(sample.count(bytes([c])) for c in (*range(0, 9), *range(14, 32)))
    if b"\x00" in sample or control > len(sample) // 100:
        raise ArticleError(
            f"{name} is not a text file (it holds binary data). Upload a .txt, .html or .md file."
        )
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is None:
        raise ArticleError(f"{name} could not be decoded as text. Save it as UTF-8 and upload it again.")
    return str(best)


def parse_html(html: str, source: str = "html") -> Article:
    """Extract the article body from an HTML page (trafilatura) and parse it."""
    import trafilatura

    extracted = trafilatura.bare_extraction(
        html, include_comments=False, include_tables=False, with_metadata=True
    )
    body = getattr(extracted, "text", None) if extracted is not None else None
    if not body or len(body.split()) < MIN_HTML_WORDS:
        raise ArticleError("No article text was found in this HTML page. Paste the article's text instead.")
    title = getattr(extracted, "title", None)
    outlet = getattr(extracted, "sitename", None)
    when = getattr(extracted, "date", None)
    text = body if not title else f"{title}\n\n{body}"
    article = parse_text(text, source=source)
    return Article(
        text=article.text,
        paragraphs=article.paragraphs,
        title=title or article.title,
        outlet=outlet or article.outlet,
        date=when or article.date,
        source=source,
    )


def looks_like_html(text: str) -> bool:
    head = text[:2000].lower()
    return "<html" in head or "<!doctype html" in head or ("<body" in head and "</" in head)


def parse_input(data: str | bytes, name: str = "text") -> Article:
    """Any pasted or uploaded input: bytes are decoded, HTML is extracted, text is parsed."""
    text = decode_bytes(data, name) if isinstance(data, bytes) else data
    if looks_like_html(text) or name.lower().endswith((".html", ".htm")):
        return parse_html(text, source=name)
    return parse_text(text, source=name)


def fetch_url(url: str, timeout: float = URL_TIMEOUT_S) -> Article:
    """Fetch a web page and extract its article. Raises ArticleError with a clear reason."""
    import urllib.error
    import urllib.request

    if not re.match(r"^https?://[^\s/]+", url.strip()):
        raise ArticleError("Enter a full web address starting with http:// or https://.")
    request = urllib.request.Request(url.strip(), headers={"User-Agent": "news-geography-dashboard"})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            data = response.read(MAX_BYTES + 1)
            charset = response.headers.get_content_charset()
    except urllib.error.HTTPError as exc:
        raise ArticleError(f"The page answered HTTP {exc.code} ({exc.reason}).") from exc
    except (urllib.error.URLError, TimeoutError, OSError) as exc:
        reason = getattr(exc, "reason", exc)
        raise ArticleError(f"The page could not be fetched: {reason}.") from exc
    if charset:
        try:
            text = data[:MAX_BYTES].decode(charset) if len(data) <= MAX_BYTES else None
        except (LookupError, UnicodeDecodeError):
            text = None
    else:
        text = None
    if text is None:
        text = decode_bytes(data, name=url)
    if looks_like_html(text):
        return parse_html(text, source=url)
    return parse_text(text, source=url)
