"""Core layer: fastr's XML-to-dict reader (``fastr/helpers/xmltodict.py``), reproduced on defusedxml.

The conversion rules are copied in behaviour, quirks included:

* attribute values and leaf texts are coerced: ``true``/``false`` (any case) to bool, then int, then
  float (``version="1.10"`` becomes ``1.1``); a value starting with ``___`` is the escaped string;
* an element with text returns only that text (its attributes and children are dropped);
* an element without text or attributes whose children are all ``<li>`` or ``<tag minus last
  char>`` becomes a list; repeated children become lists; empty elements become None;
* attributes first, then children (a child overrides an attribute of the same name).

Unlike fastr (stdlib ElementTree) DTDs with entities are refused, so entity bombs cannot expand.
"""

from __future__ import annotations

import re
from typing import Any, BinaryIO
from xml.etree.ElementTree import Element

import defusedxml.ElementTree as SafeElementTree
from defusedxml import DefusedXmlException

_LIST_ENTRY_TAG = 'li'
_TAG_SYMBOL_START = 'p_'
_ESCAPE_RE = re.compile(r'__\d\d\d__')

__all__ = ['DefusedXmlException', 'from_str', 'load_xml', 'loads_xml', 'parse_element']


def from_str(text: str) -> Any:
    """fastr's ``_from_str``: bool, escaped str, int, float, else the str itself."""
    lowered = text.lower()
    if lowered == 'true':
        return True
    if lowered == 'false':
        return False
    if text.startswith('___'):
        return text[3:]
    try:
        return int(text)
    except ValueError:
        pass
    try:
        return float(text)
    except ValueError:
        pass
    return str(text)


def _parse_key(key: str) -> str:
    if key.startswith(_TAG_SYMBOL_START):
        key = key[len(_TAG_SYMBOL_START):]
    for match in _ESCAPE_RE.findall(key):
        key = re.sub(match, chr(int(match[2:5])), key)
    return key


def parse_element(element: Element) -> Any:
    """fastr's ``_parse_elem`` for one element (recursive)."""
    text = element.text
    if text is not None and text.strip() == '':
        text = None
    if text is None and len(element.attrib) == 0 and len(element) == 0:
        return None
    if text is None and len(element.attrib) == 0 and all(
            child.tag == _LIST_ENTRY_TAG or child.tag == element.tag[:-1] for child in element):
        return [parse_element(child) for child in element]
    if text is not None:
        return from_str(element.text)  # type: ignore[arg-type]
    result: dict[str, Any] = {}
    for key, value in element.attrib.items():
        result[_parse_key(key)] = from_str(value)
    counts: dict[str, int] = {}
    for child in element:
        key = _parse_key(child.tag)
        counts[key] = counts.get(key, 0) + 1
    for child in element:
        key = _parse_key(child.tag)
        if counts[key] == 1:
            result[key] = parse_element(child)
        else:
            if key not in result:
                result[key] = []
            result[key].append(parse_element(child))  # AttributeError on a clash, as in fastr
    return result


def load_xml(stream: BinaryIO) -> Any:
    """Parse an XML stream the way fastr's ``xmltodict.load`` does (entities forbidden)."""
    tree = SafeElementTree.parse(stream, forbid_dtd=False, forbid_entities=True,
                                 forbid_external=True)
    return parse_element(tree.getroot())


def loads_xml(data: str | bytes) -> Any:
    """Parse XML text the way fastr's ``xmltodict.loads`` does (entities forbidden)."""
    root = SafeElementTree.fromstring(data, forbid_dtd=False, forbid_entities=True,
                                      forbid_external=True)
    return parse_element(root)
