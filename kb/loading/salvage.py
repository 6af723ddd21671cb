"""Read what can be read from a record that fails type-checking.

A record with one bad field is still mostly right: its references, its TODO placeholders and
its claims are what the rules across records need to report every problem in one run (and to
know which models a half-written incident names). ``salvage`` keeps every field (and every list
item, recursively) that passes its own type check and leaves the rest out; the result is built
with ``model_construct``, so it breaks its type's contract on purpose:

- a required field that could not be read is ``None`` (``[]`` for a list);
- an unreadable list item is ``None`` (an empty instance for a mapping), so later items keep
  their index and every diagnostic its path;
- model-level validators did not run.

Only validation reads salvaged records (:mod:`kb.validation.facts`), and only the parts that
do not overlap a reported error; the graph and the site never see them (``Document.record``
stays ``None``).
"""

from __future__ import annotations

import types
import typing
from typing import Annotated, Any, TypeVar

from pydantic import BaseModel, TypeAdapter, ValidationError

M = TypeVar("M", bound=BaseModel)
_MISSING: Any = object()
_ADAPTERS: dict[tuple[type[BaseModel], str], TypeAdapter[Any]] = {}


def salvage(cls: type[M], data: dict[str, Any]) -> M:
    """An instance of ``cls`` holding every field of ``data`` that type-checks on its own."""
    values: dict[str, Any] = {}
    for name, info in cls.model_fields.items():
        key = info.alias or name
        value = _MISSING
        if key in data:
            value = _field(cls, name, data[key])
        if value is not _MISSING:
            values[name] = value
        elif info.is_required():
            values[name] = [] if _is_list(info.annotation) else None
    return cls.model_construct(**values)


def incomplete(model: BaseModel) -> bool:
    """Whether a salvaged model lacks a required field (it holds None where the type forbids it)."""
    return any(info.is_required() and getattr(model, name, None) is None
               for name, info in type(model).model_fields.items())


def _adapter(cls: type[BaseModel], name: str) -> TypeAdapter[Any]:
    adapter = _ADAPTERS.get((cls, name))
    if adapter is None:
        info = cls.model_fields[name]
        annotation: Any = (Annotated[(info.annotation, *info.metadata)] if info.metadata
                           else info.annotation)
        adapter = _ADAPTERS[(cls, name)] = TypeAdapter(annotation)
    return adapter


def _field(cls: type[BaseModel], name: str, raw: object) -> Any:
    try:
        return _adapter(cls, name).validate_python(raw)
    except ValidationError:
        return _part(cls.model_fields[name].annotation, raw)


def _part(annotation: object, raw: object) -> Any:
    """The readable part of ``raw`` for a field of type ``annotation`` that failed as a whole."""
    origin = typing.get_origin(annotation)
    if origin is Annotated:
        return _part(typing.get_args(annotation)[0], raw)
    if origin is typing.Union or isinstance(annotation, types.UnionType):
        for arg in typing.get_args(annotation):
            if arg is not type(None):
                found = _part(arg, raw)
                if found is not _MISSING:
                    return found
        return _MISSING
    if isinstance(annotation, type) and issubclass(annotation, BaseModel) and isinstance(raw, dict):
        return salvage(annotation, raw)
    if origin is list and isinstance(raw, list):
        (item,) = typing.get_args(annotation)
        adapter: TypeAdapter[Any] = TypeAdapter(item)
        out = []
        for element in raw:
            try:
                out.append(adapter.validate_python(element))
            except ValidationError:
                part = _part(item, element)
                out.append(_placeholder(item) if part is _MISSING else part)
        return out
    return _MISSING


def _placeholder(annotation: object) -> Any:
    """What stands for an unreadable list item, so the items after it keep their index (and
    every diagnostic its path): an empty instance for a mapping, None for a value."""
    model = _model(annotation)
    return None if model is None else salvage(model, {})


def _model(annotation: object) -> type[BaseModel] | None:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    if typing.get_origin(annotation) is Annotated:
        return _model(typing.get_args(annotation)[0])
    return None


def _is_list(annotation: object) -> bool:
    origin = typing.get_origin(annotation)
    if origin is Annotated:
        return _is_list(typing.get_args(annotation)[0])
    return origin is list
