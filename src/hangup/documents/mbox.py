"""mbox mailboxes: split on ``From `` lines while streaming, one Document per message."""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable, Iterator

from hangup.documents.mail import read_email
from hangup.documents.model import Document

logger = logging.getLogger(__name__)

_ESCAPED_FROM = re.compile(rb">+From ")  # mboxrd quoting of body lines that start with "From "
_HEADER = re.compile(rb"[!-9;-~]{1,76}:")


def looks_like_mbox(head: bytes) -> bool:
    """True when ``head`` starts with an mbox ``From `` envelope line followed by a header."""
    head = head.lstrip(b"\r\n")
    if not head.startswith(b"From "):
        return False
    first, _, rest = head.partition(b"\n")
    second = rest.split(b"\n", 1)[0]
    return len(first) < 1000 and _HEADER.match(second[:80]) is not None


def iter_mbox(lines: Iterable[bytes], *, source: str | None = None, images: bool = True) -> Iterator[Document]:
    """Yield a Document for each message in an mbox, given its lines (a binary file works);
    ``images``: read messages that are all picture by OCR (see :func:`read_email`).

    A ``From `` line starts a new message when it opens the file or follows a blank line.
    """
    buffer: list[bytes] = []
    count = 0
    previous_blank = True
    started = False

    def flush() -> Iterator[Document]:
        nonlocal count
        data = b"".join(buffer)
        if not data.strip():
            return
        count += 1
        name = f"{source or 'mbox'}#{count}"
        logger.debug("mbox message %s: %d bytes", name, len(data))
        yield read_email(data, source=name, images=images)

    for raw in lines:
        line = raw
        if line.startswith(b"From ") and previous_blank:
            if started:
                yield from flush()
            buffer = []
            started = True
        else:
            if line.startswith(b">") and _ESCAPED_FROM.match(line):
                line = line[1:]
            buffer.append(line)
        previous_blank = not line.strip()
    yield from flush()
