"""Reading input: dateline, paragraphs, headings, HTML, URLs, encodings and bad input."""

from __future__ import annotations

import http.server
import threading

import pytest

from dashboard.article import (
    MAX_BYTES,
    MAX_CHARS,
    ArticleError,
    decode_bytes,
    fetch_url,
    parse_input,
    parse_text,
)


def test_dateline_gives_date_and_outlet(sample_article):
    assert sample_article.date == "2024-01-15"
    assert sample_article.outlet == "CNN"


def test_heading_line_is_a_heading_over_its_paragraphs(sample_article):
    headings = [p for p in sample_article.paragraphs if p.heading]
    assert [sample_article.paragraph_text(p) for p in headings] == ["border with finland"]
    last_body = sample_article.paragraphs[-2]
    assert sample_article.section_heading(last_body) == headings[0]
    assert sample_article.section_heading(sample_article.paragraphs[1]) is None


def test_paragraph_count_matches_blank_lines(sample_article, sample_text):
    blocks = [b for b in sample_text.split("\n\n") if b.strip()]
    assert len(sample_article.paragraphs) == len(blocks)


@pytest.mark.parametrize("text", ["", "   \n\t  ", "\n\n\n"])
def test_empty_input_is_refused_clearly(text):
    with pytest.raises(ArticleError, match="empty"):
        parse_text(text)


def test_oversized_text_is_refused_with_the_limit():
    with pytest.raises(ArticleError, match="limit"):
        parse_text("word " * (MAX_CHARS // 5 + 10))


def test_twenty_megabytes_of_bytes_is_refused():
    with pytest.raises(ArticleError, match="limit"):
        decode_bytes(b"a" * (20 * 1024 * 1024), "big.txt")
    assert MAX_BYTES < 20 * 1024 * 1024


def test_binary_bytes_are_refused():
    with pytest.raises(ArticleError, match=r"not a text file|does not look like text"):
        parse_input(bytes(range(256)) * 40, "photo.jpg")


def test_windows_1251_and_utf16_files_decode():
    text = "Украина и Россия: Kyiv said the talks failed and Moscow disagreed."
    assert decode_bytes(text.encode("utf-16"), "a.txt") == text
    assert "Kyiv" in decode_bytes(text.encode("cp1251"), "b.txt")


def test_html_article_body_is_extracted():
    body = "".join(
        f"<p>Paragraph {i}: officials in Kyiv said the talks in Warsaw went well.</p>" for i in range(8)
    )
    html = (
        "<html><head><title>Talks</title></head><body><nav>Home | World</nav>"
        f"<article>{body}</article></body></html>"
    )
    article = parse_input(html, "page.html")
    assert "officials in Kyiv" in article.text and "Home | World" not in article.text


def test_html_without_article_body_is_refused():
    with pytest.raises(ArticleError, match="No article text"):
        parse_input("<html><body><nav>menu</nav></body></html>", "empty.html")


@pytest.fixture()
def local_server():
    pages = {
        "/article.html": "<html><body><article>"
        + "".join(
            f"<p>Sentence {i}. Officials in Helsinki met Estonian ministers in Tallinn.</p>" for i in range(8)
        )
        + "</article></body></html>",
    }

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self):
            page = pages.get(self.path)
            self.send_response(200 if page else 404)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.end_headers()
            if page:
                self.wfile.write(page.encode())

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


def test_url_is_fetched_and_extracted(local_server):
    article = fetch_url(f"{local_server}/article.html")
    assert "Officials in Helsinki" in article.text


def test_url_404_is_a_clear_error(local_server):
    with pytest.raises(ArticleError, match="HTTP 404"):
        fetch_url(f"{local_server}/missing.html")


def test_not_a_url_is_a_clear_error():
    with pytest.raises(ArticleError, match="http"):
        fetch_url("example dot com")


def test_wire_datelines_give_the_outlet():
    assert parse_text("KYIV, Nov 27 (Reuters) - Russia said it would talk.").outlet == "Reuters"
    assert parse_text("WASHINGTON (AP) — The Senate voted on Friday.").outlet == "AP"
    assert parse_text("Officials (who asked not to be named) - said so.").outlet is None
