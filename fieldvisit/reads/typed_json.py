"""Frozen dataclasses as plain JSON values and back, guided by their type hints.

For answers kept on disk (`last_answers`): what goes in is a tree of dataclasses, tuples,
dicts, dates, datetimes, strings and numbers; what comes back is the same tree, or
`NotThatShape` when the stored value does not fit the types (a file from another version,
or damaged).
"""

from __future__ import annotations

import dataclasses
import functools
import types
from collections.abc import Mapping
from datetime import date, datetime
from typing import Any, Union, get_args, get_origin, get_type_hints

from fieldvisit.errors import FieldVisitError


class NotThatShape(FieldVisitError):
    """A stored value does not fit the type it should be read as."""


def to_plain(value: Any) -> Any:
    """Return `value` as JSON-ready lists, dicts, strings and numbers (dict keys kept typed,
    as [key, value] pairs)."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: to_plain(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, tuple | list):
        return [to_plain(v) for v in value]
    if isinstance(value, dict):
        return [[to_plain(k), to_plain(v)] for k, v in value.items()]
    if value is None or isinstance(value, str | int | float | bool):
        return value
    raise TypeError(f"{type(value).__name__} has no plain JSON form")


def from_plain(kind: Any, data: Any, names: Mapping[str, Any] | None = None) -> Any:
    """Return `data` (from `to_plain`) read back as `kind`; raise NotThatShape when it does not
    fit. `names`: the types a dataclass's hints name but its module imports only for the type
    checker (so that importing it stays light)."""
    try:
        return _read(kind, data, tuple(sorted((names or {}).items())))
    except (TypeError, ValueError, KeyError, AttributeError) as exc:
        raise NotThatShape(f"A stored answer does not fit {kind!r}: {exc}") from exc


def _read(kind: Any, data: Any, names: tuple[tuple[str, Any], ...]) -> Any:
    origin = get_origin(kind)
    if kind is Any:
        return data
    if origin in (Union, types.UnionType):
        some = [a for a in get_args(kind) if a is not type(None)]
        if data is None and len(some) < len(get_args(kind)):
            return None
        if len(some) != 1:
            raise TypeError(f"only X | None is read back, not {kind!r}")
        return _read(some[0], data, names)
    if origin is tuple:
        args = get_args(kind)
        if len(args) == 2 and args[1] is Ellipsis:
            return tuple(_read(args[0], d, names) for d in _listed(data))
        items = _listed(data)
        if len(items) != len(args):
            raise ValueError(f"{len(items)} items for {kind!r}")
        return tuple(_read(a, d, names) for a, d in zip(args, items, strict=True))
    if origin is list:
        return [_read(get_args(kind)[0], d, names) for d in _listed(data)]
    if origin is dict:
        key, value = get_args(kind)
        return {_read(key, k, names): _read(value, v, names) for k, v in _listed(data)}
    if kind is datetime:
        return datetime.fromisoformat(_text(data))
    if kind is date:
        return date.fromisoformat(_text(data))
    if isinstance(kind, type) and dataclasses.is_dataclass(kind):
        if not isinstance(data, dict):
            raise TypeError(f"{kind.__name__} stored as {type(data).__name__}")
        values = {name: _read(hint, data[name], names) for name, hint in _fields(kind, names)}
        return kind(**values)
    if kind is float and isinstance(data, int | float) and not isinstance(data, bool):
        return float(data)
    if kind in (int, str, bool) and type(data) is kind:
        return data
    if kind is type(None) and data is None:
        return None
    raise TypeError(f"{data!r} is not a {kind!r}")


@functools.cache
def _fields(kind: type, names: tuple[tuple[str, Any], ...]) -> tuple[tuple[str, Any], ...]:
    """Return a dataclass's fields with their resolved types (resolving them is slow)."""
    hints = get_type_hints(kind, localns=dict(names) or None)
    return tuple((f.name, hints[f.name]) for f in dataclasses.fields(kind))


def _listed(data: Any) -> list[Any]:
    if not isinstance(data, list):
        raise TypeError(f"a list was stored as {type(data).__name__}")
    return data


def _text(data: Any) -> str:
    if not isinstance(data, str):
        raise TypeError(f"a date was stored as {type(data).__name__}")
    return data
