"""Parsers: one module per source city, each returning a `compare.model.ParsedCity`."""

from .hatsukaichi import parse_hatsukaichi
from .sagamihara import parse_sagamihara
from .sendai import parse_sendai

__all__ = ["parse_sendai", "parse_sagamihara", "parse_hatsukaichi"]
