"""Exports that stream: the response is written while the rows are read, in constant memory,
and the first bytes leave before the last row is read.

The apps build rows lazily (a generator over `queryset.iterator(chunk_size=...)`, with what the
rows need prefetched per chunk) and hand them to `csv_response` or `json_response`, which write
exactly the bytes `csv.writer` on an HttpResponse and `json.dumps(...)` would have written.
"""

import csv
import json
import math
from collections.abc import Iterator
from json.encoder import encode_basestring, encode_basestring_ascii

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
        if cls is None and isinstance(indent, int):
            try:
                return _indented(item, indent, level, encode_basestring_ascii if ensure_ascii else encode_basestring)
            except _Unsupported:
                pass
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


class _Unsupported(Exception):
    pass


def _indented(value, indent, level, encode, _keys={}, _breaks={}):  # noqa: B006 (caches)
    """`json.dumps(value, indent=indent)` with every line after the first indented `level` more,
    for what the exports hold (str keys; str, int, float, bool, None, lists and dicts): the
    standard library's encoder is pure Python when it indents, and took most of a 100,000-document
    JSON export's time. Anything else raises _Unsupported (and json.dumps writes it). The encoded
    keys and the line breaks are kept between calls (the rows of an export share their keys)."""
    if isinstance(value, str):
        return encode(value)
    if value is None:
        return "null"
    if value is True:
        return "true"
    if value is False:
        return "false"
    if isinstance(value, int):
        return int.__repr__(value)
    if isinstance(value, float) and math.isfinite(value):
        return float.__repr__(value)
    if isinstance(value, (list, tuple, dict)):
        if not value:
            return "{}" if isinstance(value, dict) else "[]"
        breaks = _breaks.get((indent, level))
        if breaks is None:
            inner = "\n" + " " * (indent * (level + 1))
            breaks = _breaks[indent, level] = (inner, "," + inner, "\n" + " " * (indent * level))
        inner, separator, outer = breaks
        if not isinstance(value, dict):
            items = [_indented(item, indent, level + 1, encode) for item in value]
            return "[" + inner + separator.join(items) + outer + "]"
        items = []
        for key, item in value.items():
            prefix = _keys.get((key, encode))
            if prefix is None:
                if not isinstance(key, str):
                    raise _Unsupported
                prefix = encode(key) + ": "
                if len(_keys) < 10000:
                    _keys[key, encode] = prefix
            items.append(prefix + _indented(item, indent, level + 1, encode))
        return "{" + inner + separator.join(items) + outer + "}"
    raise _Unsupported


_PLAIN = {str, int, float, bool, type(None), list, tuple}  # never lazy: no ABC check (once per row and value)


def _is_lazy(value):
    if type(value) in _PLAIN:
        return False
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
