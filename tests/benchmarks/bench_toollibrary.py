"""Benchmark for editor.core.tools.library: scanning generated tool folders.

A plain script, not part of the test run::

    python3 tests/benchmarks/bench_toollibrary.py [count]     # default 500 files

Writes ``count`` tool files (a third each YAML, XML and JSON, WORC-sized: 6 inputs, 2 outputs,
an enum) into a temporary folder tree and times a cold scan (nothing cached), a warm rescan
(parse cache hit, files unchanged) and the built-in library.
"""

from __future__ import annotations

import json
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from editor.core.tools import library as toollibrary  # noqa: E402
from editor.core.tools.library import ToolLibrary  # noqa: E402

_XML = '''<?xml version="1.0"?>
<tool id="{id}" name="Generated tool {n}" version="0.{v}">
  <description>Benchmark tool number {n}, shaped like a WORC/ITKTools wrapper.</description>
  <authors><author name="Bench Mark" email="bench@example.org"/></authors>
  <command version="1.{v}.0">
    <authors><author name="Upstream"/></authors>
    <targets>
      <target os="linux" arch="*" bin="tool{n}"/>
      <target os="windows" arch="*" bin="tool{n}.exe"/>
    </targets>
    <description>tool{n} -in image -out image</description>
  </command>
  <interface>
    <inputs>
      <input id="image" name="image" datatype="ITKImageFile" prefix="-in" cardinality="1" required="true"/>
      <input id="mask" name="mask" datatype="ITKImageFile" prefix="-mask" cardinality="1" required="false"/>
      <input id="parameters" name="parameters" datatype="TxtFile" prefix="-p" cardinality="1-*"/>
      <input id="threads" name="threads" datatype="Int" prefix="-threads" cardinality="1" default="1"/>
      <input id="scale" name="scale" datatype="Float" prefix="-s" cardinality="1" default="1.5"/>
      <input id="priority" name="priority" prefix="-priority" required="false">
        <enum>high</enum><enum>normal</enum><enum>low</enum>
      </input>
    </inputs>
    <outputs>
      <output id="image" name="image" datatype="ITKImageFile" prefix="-out" cardinality="1"/>
      <output id="log" name="log" datatype="TxtFile" automatic="true" location="log.txt"/>
    </outputs>
  </interface>
  <help>Usage: tool{n} -in image -out image</help>
</tool>
'''


def _doc(n: int) -> dict:
    def port(pid: str, datatype: str, **extra: object) -> dict:
        return {'id': pid, 'name': pid, 'datatype': datatype, 'cardinality': 1, **extra}
    return {
        'id': f'Generated{n}', 'name': f'Generated tool {n}', 'version': f'0.{n % 7}',
        'description': f'Benchmark tool number {n}.', 'class': 'Node',
        'authors': [{'name': 'Bench Mark', 'email': 'bench@example.org'}],
        'command': {'version': f'1.{n % 7}.0', 'authors': [{'name': 'Upstream'}], 'url': '',
                    'targets': [{'os': '*', 'arch': '*', 'bin': f'tool{n}.py', 'interpreter': 'python'}],
                    'description': 'generated'},
        'interface': {
            'inputs': [port('image', 'ITKImageFile', prefix='-in', required=True),
                       port('mask', 'ITKImageFile', prefix='-mask', required=False),
                       port('parameters', 'TxtFile', prefix='-p', cardinality='1-*'),
                       port('threads', 'Int', prefix='-threads', default='1'),
                       port('scale', 'Float', prefix='-s', default='1.5'),
                       {'id': 'priority', 'name': 'priority', 'enum': ['high', 'normal', 'low']}],
            'outputs': [port('image', 'ITKImageFile', prefix='-out'),
                        port('log', 'TxtFile', automatic=True, location='log.txt')]},
        'help': f'Usage: tool{n}', 'tags': ['bench'], 'tests': [], 'cite': '', 'url': None}


def _yaml(doc: dict) -> str:
    import yaml
    return yaml.safe_dump(doc, sort_keys=False)


def write_tools(root: Path, count: int) -> None:
    for n in range(count):
        folder = root / f'suite{n % 10}' / f'group{n % 4}' / f'1.{n % 7}.0'
        folder.mkdir(parents=True, exist_ok=True)
        kind = n % 3
        if kind == 0:
            (folder / f'tool{n}.yaml').write_text(_yaml(_doc(n)))
        elif kind == 1:
            (folder / f'tool{n}.xml').write_text(_XML.format(id=f'Generated{n}', n=n, v=n % 7))
        else:
            (folder / f'tool{n}.json').write_text(json.dumps(_doc(n), indent=2))


def _time(label: str, make: object) -> ToolLibrary:
    start = time.perf_counter()
    library = make()  # type: ignore[operator]
    elapsed = time.perf_counter() - start
    print(f'{label:<34} {elapsed * 1000:8.1f} ms   {len(library):4d} tools   '
          f'{len(library.errors)} errors')
    return library


def main(count: int) -> None:
    with tempfile.TemporaryDirectory(prefix='bench-tools-') as tmp:
        root = Path(tmp)
        write_tools(root, count)
        toollibrary._PARSE_CACHE.clear()
        _time(f'cold scan of {count} files', lambda: ToolLibrary([root], include_builtin=False))
        _time(f'warm rescan of {count} files', lambda: ToolLibrary([root], include_builtin=False))
        toollibrary._PARSE_CACHE.clear()
        _time('cold built-in library', lambda: ToolLibrary())
        library = ToolLibrary([root])
        start = time.perf_counter()
        for text in ('gen', 'tool 12', 'addint', 'zzz', 'g12'):
            library.search(text)
        print(f'{"5 searches":<34} {(time.perf_counter() - start) * 1000:8.1f} ms')


if __name__ == '__main__':
    import argparse
    parser = argparse.ArgumentParser(description=(__doc__ or "").strip().splitlines()[0])
    parser.add_argument("count", nargs="?", type=int, default=500, help="tool files to write (default 500)")
    main(parser.parse_args().count)
