"""The broken tool definition folder corpus: :data:`TOOL_CASES`, written into :data:`TOOLS_DIR`."""

from __future__ import annotations

from pathlib import Path

from tests.hostile_corpus.cases import HERE, PWNED, SECRET_FILE

#: Where the tool files live (``tests/data/hostile_tools/library``).
TOOLS_DIR = HERE.parent / "hostile_tools" / "library"

_YAML_TOOL = """\
id: {id}
name: {name}
version: '1.0'
authors:
- name: Test Author
class: Node
command:
  version: '1.0'
  authors:
  - name: Test Author
  targets:
  - os: '*'
    arch: '*'
    bin: tool.py
interface:
  inputs:
  - id: left_hand
    name: left hand value
    datatype: Int
  outputs:
  - id: result
    name: result
    datatype: Int
"""

_XML_TOOL = """\
<?xml version="1.0" encoding="utf-8"?>
<tool id="{id}" name="{name}" version="1.0">
  <authors><author name="Test Author"/></authors>
  <command version="1.0">
    <authors><author name="Test Author"/></authors>
    <targets><target os="*" arch="*" bin="tool.py"/></targets>
  </command>
  <interface>
    <inputs><input id="left_hand" name="left hand value" datatype="Int"/></inputs>
    <outputs><output id="result" name="result" datatype="Int"/></outputs>
  </interface>
</tool>
"""


def _xml_body(tool_id: str, name: str) -> str:
    """The tool XML without its ``<?xml?>`` line, to put a DOCTYPE in front."""
    return _XML_TOOL.format(id=tool_id, name=name).split("\n", 1)[1]


_LOL = "".join(f' <!ENTITY lol{k} "{("&lol" + str(k - 1) + ";") * 10}">\n' for k in range(1, 10))
_PWN = f'!!python/object/apply:os.system ["touch {PWNED}"]'

#: path inside TOOLS_DIR -> (content, what the library says: a regex of the error, "loads",
#: "warning: <regex>" or "ignored" for files the scanner never reads).
TOOL_CASES: dict[str, tuple[str | bytes, str]] = {
    "good/1.0/addint.yaml": (_YAML_TOOL.format(id="AddInt", name="Add two integers"), "loads"),
    "good/subtract.xml": (_XML_TOOL.format(id="Subtract", name="Subtract"), "loads"),
    "good/latin1_declared.xml": (_XML_TOOL.format(id="Cafe", name="Caf\xe9")
                                 .replace('encoding="utf-8"', 'encoding="ISO-8859-1"').encode("latin-1"), "loads"),
    "dir_named_tool.xml/inner.yaml": (_YAML_TOOL.format(id="Inner", name="inner"), "loads"),
    "broken_syntax.xml": (_XML_TOOL.format(id="Broken", name="Broken").replace("</inputs>", "</input>"),
                          "not valid XML: mismatched tag: line 9"),
    "entity_bomb.xml": ('<?xml version="1.0"?>\n<!DOCTYPE tool [\n <!ENTITY lol0 "lol">\n' + _LOL + "]>\n"
                        + _xml_body("Bomb", "&lol9;"), "refused unsafe XML"),
    "xxe_file.xml": (f'<?xml version="1.0"?>\n<!DOCTYPE tool [<!ENTITY secret SYSTEM "file://{SECRET_FILE}">]>\n'
                     + _xml_body("Xxe", "&secret;"), "refused unsafe XML"),
    "xxe_parameter.xml": (f'<?xml version="1.0"?>\n<!DOCTYPE tool [<!ENTITY % secret SYSTEM "file://{SECRET_FILE}"> '
                          "%secret;]>\n" + _xml_body("XxeParameter", "x"), "refused unsafe XML"),
    "external_dtd.xml": (f'<?xml version="1.0"?>\n<!DOCTYPE tool SYSTEM "file://{SECRET_FILE}">\n'
                         + _xml_body("ExternalDtd", "x"), "loads"),
    "duplicate/first.yaml": (_YAML_TOOL.format(id="Twin", name="first"), "loads"),
    "duplicate/second.yaml": (_YAML_TOOL.format(id="Twin", name="second"),
                              "warning: skipped duplicate/Twin:1.0 version 1.0: already loaded"),
    "port_without_id.yaml": (_YAML_TOOL.format(id="NoPortId", name="x").replace("  - id: left_hand\n    name: left",
                                                                                "  - name: left"),
                             "input #1 has no id"),
    "port_without_id.xml": (_XML_TOOL.format(id="NoPortIdXml", name="x").replace('<input id="left_hand" ', "<input "),
                            "input #1 has no id"),
    "output_without_name.yaml": (_YAML_TOOL.format(id="NoOutputName", name="x").replace("    name: result\n", ""),
                                 "output 'result' has no name"),
    "duplicate_port.yaml": (_YAML_TOOL.format(id="DuplicatePort", name="x").replace(
        "  outputs:", "  - id: left_hand\n    name: again\n    datatype: Int\n  outputs:"),
        "input id left_hand is already in use"),
    "port_id_invalid.yaml": (_YAML_TOOL.format(id="BadPortId", name="x").replace("id: left_hand", "id: left hand"),
                             "input id 'left hand' is not valid"),
    "latin1.xml": (_XML_TOOL.format(id="Latin", name="Caf\xe9").replace(' encoding="utf-8"', "").encode("latin-1"),
                   "not valid XML: not well-formed"),
    "latin1.yaml": (_YAML_TOOL.format(id="LatinYaml", name="Caf\xe9").encode("latin-1"), "not UTF-8"),
    "latin1.json": ('{"id": "LatinJson", "name": "Caf\xe9"}'.encode("latin-1"), "not UTF-8"),
    "utf16_no_bom.xml": (_XML_TOOL.format(id="Utf16", name="x").replace('encoding="utf-8"', 'encoding="utf-16"')
                         .encode("utf-16-le"), "loads"),  # expat tells UTF-16 from the first '<'
    "unknown_encoding.xml": (_XML_TOOL.format(id="Evil", name="x").replace('encoding="utf-8"', 'encoding="x-evil-7"'),
                             "not valid XML: the file declares an unknown encoding: x-evil-7"),  # was LookupError

    "empty.yaml": ("", "must hold a mapping"),
    "empty.xml": ("", "not valid XML: no element found"),
    "list.json": ("[1, 2, 3]\n", "must hold a mapping at the top, found list"),
    "binary.xml": (bytes(range(256)), "not valid XML"),
    "python_tag.yaml": (_PWN + "\n", "could not determine a constructor"),
    "python_tag_inside.yaml": (_YAML_TOOL.format(id="PyTag", name="x").replace("bin: tool.py", "bin: " + _PWN),
                               "could not determine a constructor"),
    "network_not_tool.json": ('{"id": "add_ints", "nodelist": [], "linklist": []}\n', "required property"),
    "huge_version.yaml": (_YAML_TOOL.format(id="HugeVersion", name="x").replace(
        "version: '1.0'\nauthors", "version: " + "9" * 5000 + "\nauthors"), "not valid YAML"),
    "bool_maybe.yaml": (_YAML_TOOL.format(id="BoolMaybe", name="x").replace("class: Node", "class: !!bool maybe"),
                        "not valid YAML: .*'maybe' is not true or false.*line 6"),
    "timestamp_notadate.yaml": (_YAML_TOOL.format(id="NotADate", name="x").replace("version: '1.0'\nauthors",
                                "version: !!timestamp notadate\nauthors"), "not valid YAML: .*not a date or time"),
    "int_sexagesimal_huge.yaml": (_YAML_TOOL.format(id="Sexagesimal", name="x").replace(
        "version: '1.0'\nauthors", "version: 1" + ":59" * 150_000 + "\nauthors"), "more than 4,300 digits"),
    "__fastr_tool_ref__.json": ("this is not JSON, and it is never read\n", "ignored"),
    "notes.yml": ("{{{ not a tool, and .yml files are never scanned\n", "ignored"),
}


def write_tool_corpus(folder: Path = TOOLS_DIR) -> list[Path]:
    """(Re)write every tool case into ``folder``; returns the paths."""
    written = []
    for name, (content, _expect) in TOOL_CASES.items():
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
        written.append(path)
    return written
