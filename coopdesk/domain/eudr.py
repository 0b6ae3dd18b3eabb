"""The file for the EU buyer: a GeoJSON FeatureCollection of the plots a lot
came from, as the EU Deforestation Regulation's information system reads it
(docs/traceability.md, «The file for the buyer»: which version of the EU's
«GeoJSON File Description» this follows and what is uncertain).

- one Feature per plot, a ``Point`` or a ``Polygon`` (outer ring only: the EU
  system does not read holes);
- positions ``[longitude, latitude]`` (RFC 7946 §3.1.1), WGS 84, written with
  exactly six decimals (at least six, art. 2(28) of Reg. 2023/1115; at most six
  here, about 0.1 m);
- properties ``ProducerName``, ``ProducerCountry`` (ISO 3166-1 alpha-2),
  ``ProductionPlace`` and, for a point, ``Area`` in hectares;
- at most ``FILE_LIMIT_BYTES`` per file: a lot with more is split in several.

Pure: stdlib only, text in and text out; numbers are written from Decimals, never floats.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from decimal import ROUND_HALF_EVEN, Decimal
from typing import Iterable, Sequence

from coopdesk.domain.problems import N_, Problem

# The EU information system's limit per due-diligence statement: 25 MB
# (secondary sources, e.g. nadar.earth «Preparing farm geodata for the EUDR»,
# June 2024, reading the EUDR GeoJSON File Description). Taken as 25 × 10⁶
# bytes, the smaller reading of «MB» [I].
FILE_LIMIT_BYTES = 25_000_000
COUNTRY = "PE"
PLACES = Decimal("0.000001")
PROPERTIES = ("ProducerName", "ProducerCountry", "ProductionPlace", "Area")


@dataclass(frozen=True)
class Place:
    """A plot as the buyer's file carries it: who (as much as the lot needs),
    where, its stored GeoJSON geometry and its declared hectares."""

    producer: str
    place: str
    geometry: str          # GeoJSON Point or Polygon text, as stored (coordinates as mapped)
    hectares: Decimal


def _number(text: str) -> str:
    """A coordinate as written in the stored GeoJSON, with exactly six decimals:
    padded with zeros when it has fewer (exact), rounded half to even when more."""
    whole, _dot, fraction = text.partition(".")
    if len(fraction) <= 6 and "e" not in text and "E" not in text:
        return f"{whole}.{fraction:0<6}"
    return str(Decimal(text).quantize(PLACES, rounding=ROUND_HALF_EVEN))


def _position(position: Sequence[str]) -> str:
    return f"[{_number(position[0])},{_number(position[1])}]"


def feature(place: Place) -> tuple[str, bool]:
    """The Feature's JSON text (ASCII) and whether a hole of the polygon was left out."""
    geometry = json.loads(place.geometry, parse_float=str, parse_int=str)
    kind = geometry["type"]
    properties = {"ProducerName": place.producer, "ProducerCountry": COUNTRY, "ProductionPlace": place.place}
    text = json.dumps(properties, ensure_ascii=True, separators=(",", ":"))
    holes = False
    if kind == "Point":
        text = text[:-1] + f',"Area":{place.hectares}}}'
        coordinates = _position(geometry["coordinates"])
    else:
        rings = geometry["coordinates"]
        holes = len(rings) > 1
        coordinates = "[[" + ",".join(_position(p) for p in rings[0]) + "]]"
    return ('{"type":"Feature","properties":' + text + ',"geometry":{"type":"' + kind
            + '","coordinates":' + coordinates + "}}"), holes


HEAD = '{"type":"FeatureCollection","features":['
TAIL = "]}"


def collections(places: Iterable[Place], limit: int = FILE_LIMIT_BYTES) -> tuple[list[str], int, list[Problem]]:
    """The FeatureCollections' texts, each at most ``limit`` bytes (split in the
    places' order), how many polygons lost their holes, and the problems (a
    single plot larger than the limit)."""
    files: list[str] = []
    current: list[str] = []
    size = len(HEAD) + len(TAIL)
    holes = 0
    problems: list[Problem] = []
    for place in places:
        text, dropped = feature(place)
        holes += dropped
        extra = len(text) + (1 if current else 0)
        if len(HEAD) + len(TAIL) + len(text) > limit:
            problems.append(Problem("geometry", N_(
                "La parcela %(place)s ocupa %(bytes)s bytes, más que el límite de %(limit)s bytes por archivo del "
                "sistema de información de la UE."), {"place": place.place, "bytes": len(text), "limit": limit}))
            continue
        if current and size + extra > limit:
            files.append(HEAD + ",".join(current) + TAIL)
            current, size, extra = [], len(HEAD) + len(TAIL), len(text)
        current.append(text)
        size += extra
    if current or not files:
        files.append(HEAD + ",".join(current) + TAIL)
    return files, holes, problems
