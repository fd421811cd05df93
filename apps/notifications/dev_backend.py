"""The console email backend for development: one short, readable block per email.

Raw MIME (base64 calendar parts, quoted-printable bodies) hides the one thing a developer
looks for, the link to click. This prints who the email is for, its subject, each link and
the names of its attachments; the whole message is on the staff outbox page.
"""

import re
import unicodedata
from email.header import decode_header, make_header
from html.parser import HTMLParser

from django.core.mail.backends import console
from django.core.mail.message import EmailMessage

LINK = re.compile(r"https?://[^\s<>\"']+")
# A full stop or closing bracket after a link in running text belongs to the sentence.
TRAILING_PUNCTUATION = ".,;:!?)]}"


class EmailBackend(console.EmailBackend):
    def write_message(self, message: EmailMessage) -> None:
        self.stream.write(summary(message) + "\n")


def summary(message: EmailMessage) -> str:
    lines = [
        "----- email " + "-" * 48,
        f"To: {printable(', '.join(readable(address) for address in message.to))}",
        f"Subject: {printable(message.subject)}",
    ]
    links = links_in(message)
    if links:
        lines += ["Links:", *(f"  {printable(link)}" for link in links)]
    names = attachment_names(message)
    if names:
        lines.append(f"Attachments: {printable(', '.join(names))}")
    lines.append("-" * 60)
    return "\n".join(lines)


def printable(text: str) -> str:
    """Without control and format characters: a name or subject someone typed must not be able
    to send escape sequences to the developer's terminal (colours, cursor moves, titles)."""
    return "".join(char for char in text if not unicodedata.category(char).startswith("C"))


def readable(address: str) -> str:
    """An address header as a person reads it (a non-ASCII name is RFC 2047-encoded)."""
    return str(make_header(decode_header(address)))


def links_in(message: EmailMessage) -> list[str]:
    found = [match.rstrip(TRAILING_PUNCTUATION) for match in LINK.findall(str(message.body))]
    for content, mimetype in getattr(message, "alternatives", []):
        if mimetype == "text/html":
            found += _hrefs(str(content))
    return list(dict.fromkeys(found))


def _hrefs(html: str) -> list[str]:
    parser = _LinkParser()
    parser.feed(html)
    parser.close()
    return parser.links


class _LinkParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.links: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        href = dict(attrs).get("href") if tag == "a" else None
        if href and LINK.fullmatch(href.strip()):
            self.links.append(href.strip())


def attachment_names(message: EmailMessage) -> list[str]:
    names = []
    for attachment in message.attachments:
        if isinstance(attachment, tuple):
            names.append(attachment[0] or "(unnamed)")
        else:
            names.append(attachment.get_filename() or "(unnamed)")
    return names
