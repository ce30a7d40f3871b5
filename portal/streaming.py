"""Exports that stream: the response is written while the rows are read, in constant memory,
and the first bytes leave before the last row is read.

The apps build rows lazily (a generator over `queryset.iterator(chunk_size=...)`, with what the
rows need prefetched per chunk) and hand them to `csv_response` or `json_response`, which write
exactly the bytes `csv.writer` on an HttpResponse and `json.dumps(...)` would have written.
"""

import csv
import json
from collections.abc import Iterator

from django.http import StreamingHttpResponse

CHUNK_SIZE = 64 * 1024  # bytes of text sent at a time
BOM = "\ufeff"  # so that spreadsheet programs read UTF-8


class _Echo:
    """A file for csv.writer that hands back what it is given instead of keeping it."""

    def write(self, value):
        return value


def csv_lines(rows, header=None, fieldnames=None, bom=True):
    """The text of a CSV file, a line at a time: lists (or dicts with `fieldnames`) in, with the
    BOM and the header line first."""
    if bom:
        yield BOM
    if fieldnames is not None:
        writer = csv.DictWriter(_Echo(), fieldnames=fieldnames)
        yield writer.writeheader()
    else:
        writer = csv.writer(_Echo())
        if header is not None:
            yield writer.writerow(header)
    for row in rows:
        yield writer.writerow(row)


def json_pieces(value, indent=None, cls=None, ensure_ascii=False, _level=0):
    """The text of `json.dumps(value, indent=indent, cls=cls, ensure_ascii=ensure_ascii)`, in
    pieces. Iterators anywhere in dicts and lists (generators, `queryset.iterator()`) are written as
    arrays an item at a time, never held in memory; everything else is encoded whole."""
    item_separator = "," if indent is not None else ", "

    def dumps(item, level):
        text = json.dumps(item, indent=indent, cls=cls, ensure_ascii=ensure_ascii)
        return text.replace("\n", "\n" + " " * (indent * level)) if indent and level else text

    def newline(level):
        return "\n" + " " * (indent * level) if indent is not None else ""

    if isinstance(value, dict) and _is_lazy(value):
        yield "{"
        for position, (key, item) in enumerate(value.items()):
            yield (
                (item_separator if position else "")
                + newline(_level + 1)
                + json.dumps(str(key), ensure_ascii=ensure_ascii)
                + ": "
            )
            yield from json_pieces(item, indent, cls, ensure_ascii, _level + 1)
        yield newline(_level) + "}"
    elif isinstance(value, Iterator):
        empty = True
        for item in value:
            yield ("[" if empty else item_separator) + newline(_level + 1)
            empty = False
            yield from json_pieces(item, indent, cls, ensure_ascii, _level + 1)
        yield "[]" if empty else newline(_level) + "]"
    else:
        yield dumps(value, _level)


def _is_lazy(value):
    return isinstance(value, Iterator) or (isinstance(value, dict) and any(_is_lazy(item) for item in value.values()))


def buffered(pieces, size=CHUNK_SIZE):
    """Join small pieces of text into chunks of about `size` characters."""
    buffer, length = [], 0
    for piece in pieces:
        buffer.append(piece)
        length += len(piece)
        if length >= size:
            yield "".join(buffer)
            buffer, length = [], 0
    if buffer:
        yield "".join(buffer)


class StreamingExport(StreamingHttpResponse):
    """A streamed response that code written for HttpResponse (tests among it) may still read
    whole: `content` reads the stream once, joined, and keeps it."""

    _whole = None

    @property
    def content(self):
        if self._whole is None:
            self._whole = self.getvalue()
        return self._whole


def streaming_response(pieces, content_type, filename=None, request=None):
    """A StreamingHttpResponse of these pieces of text, sent in chunks; an attachment named
    `filename` when given. A HEAD request gets the headers only and reads nothing."""
    if request is not None and request.method == "HEAD":
        if hasattr(pieces, "close"):
            pieces.close()
        pieces = iter(())
    response = StreamingExport(buffered(pieces), content_type=content_type)
    if filename:
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def csv_response(rows, filename=None, header=None, fieldnames=None, request=None):
    """A streamed CSV file (UTF-8 with a BOM): see csv_lines."""
    return streaming_response(
        csv_lines(rows, header=header, fieldnames=fieldnames), "text/csv; charset=utf-8", filename, request
    )


def json_response(value, filename=None, indent=None, cls=None, request=None):
    """A streamed JSON document: see json_pieces."""
    return streaming_response(
        json_pieces(value, indent=indent, cls=cls), "application/json; charset=utf-8", filename, request
    )
