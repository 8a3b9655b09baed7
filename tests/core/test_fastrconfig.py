"""Reading fastr's config files statically (never executing them), checked against real fastr."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from editor.core.tools.fastrconfig import default_fastrhome, read_fastr_config

ENV = {'HOME': '/home/user', 'PROJECT': '/projects/p'}


def _home(tmp_path: Path, config: str | None = None, **config_d: str) -> Path:
    home = tmp_path / 'fastrhome'
    (home / 'config.d').mkdir(parents=True)
    if config is not None:
        (home / 'config.py').write_text(config)
    for name, text in config_d.items():
        (home / 'config.d' / f'{name}.py').write_text(text)
    return home


def test_defaults_keep_only_existing_folders(tmp_path: Path) -> None:
    home = _home(tmp_path)
    assert read_fastr_config(home, environ=ENV).tools_path == []
    (home / 'tools').mkdir()
    (home / 'fastrpi' / 'datatypes').mkdir(parents=True)
    config = read_fastr_config(home, environ=ENV)
    assert config.tools_path == [str(home / 'tools')]
    assert config.types_path == [str(home / 'fastrpi' / 'datatypes')]
    assert config.sources == [] and config.notes == [] and config.userdir == str(home)


def test_default_fastrhome() -> None:
    assert default_fastrhome({'FASTRHOME': '/x'}) == '/x'
    assert default_fastrhome({}) == os.path.expanduser('~/.fastr')


def test_worc_style_config(tmp_path: Path) -> None:
    home = _home(tmp_path, (
        "import os\nfrom os.path import join as pjoin\nWORC = '/opt/WORC'\n"
        "tools_path = [os.path.join(WORC, 'resources', 'fastr_tools')] + tools_path\n"
        "types_path = [pjoin(WORC, 'resources', 'fastr_types')] + types_path\n"
        "mounts['tmp'] = '/scratch/tmp'\npreferred_types += ['NiftiImageFileCompressed']\n"),
        b_second="tools_path.append(os.path.expanduser('~/more'))\n"
                 "tools_path.prepend(f'{USER_DIR}/first')\n",
        a_first="import os\ntools_path += [os.environ['PROJECT'] + '/tools', "
                "os.path.expandvars('$PROJECT/x'), os.getenv('NOPE', '/fallback')]\n")
    (home / 'tools').mkdir()
    config = read_fastr_config(home, environ=ENV)
    assert config.tools_path == [
        f'{home}/first', '/opt/WORC/resources/fastr_tools', str(home / 'tools'),
        '/projects/p/tools', '/projects/p/x', '/fallback', '/home/user/more']
    assert config.types_path == ['/opt/WORC/resources/fastr_types']
    assert config.preferred_types == ['NiftiImageFileCompressed']
    assert [Path(s).name for s in config.sources] == ['config.py', 'a_first.py', 'b_second.py']
    assert config.notes == []


def test_plain_assignment_replaces_defaults(tmp_path: Path) -> None:
    home = _home(tmp_path, "tools_path = ['/only']\ntools_path.insert(0, '/zero')\n",
                 later="tools_path.append('/later')\n")
    (home / 'tools').mkdir()
    assert read_fastr_config(home, environ=ENV).tools_path == ['/zero', '/only', '/later']


def test_insert_on_the_placeholder_is_noted(tmp_path: Path) -> None:
    home = _home(tmp_path, "tools_path.insert(0, '/x')\n")
    config = read_fastr_config(home, environ=ENV)
    assert config.tools_path == ['/x']
    note, = config.notes
    assert 'config.py:1' in note and 'no insert()' in note


def test_pathlib_and_string_methods(tmp_path: Path) -> None:
    home = _home(tmp_path, (
        "from pathlib import Path\nimport pathlib\n"
        "tools_path = [str(Path.home() / 'tools'), str(pathlib.Path('/a', 'b').joinpath('c')),"
        " '/x/{}'.format('y'), '%s/z' % USER_DIR]\n"
        "tools_path.append(os.path.dirname('/p/q/r'))\n"))
    config = read_fastr_config(home, environ=ENV)
    assert config.tools_path == ['/home/user/tools', '/a/b/c', '/x/y', f'{home}/z']
    assert len(config.notes) == 1 and 'os' in config.notes[0]    # os was never imported


def test_unfollowed_code_is_noted_not_run(tmp_path: Path) -> None:
    marker = tmp_path / 'executed'
    home = _home(tmp_path, (
        f"open({str(marker)!r}, 'w').write('ran')\n"
        "for d in ['/a', '/b']:\n    tools_path.append(d)\n"
        "tools_path += [d for d in ['/c']]\n"
        "if os.path.isdir('/'):\n    tools_path.append('/root-exists')\n"
        "types_path = compute()\n"
        "tools_path.append(UNDEFINED_LATER + '/x')\n"
        "broken = (\n"))
    config = read_fastr_config(home, environ=ENV)
    assert not marker.exists()
    assert any('syntax error' in note for note in config.notes)
    home2 = _home(tmp_path / 'two', (
        "import os\n"
        f"open({str(marker)!r}, 'w').write('ran')\n"
        "for d in ['/a', '/b']:\n    tools_path.append(d)\n"
        "tools_path += [d for d in ['/c']]\n"
        "if os.path.isdir('/'):\n    tools_path.append('/root-exists')\n"
        "types_path = compute()\n"
        "tools_path.extend(os.environ['NOT_SET'])\n"))
    config = read_fastr_config(home2, environ=ENV)
    assert not marker.exists()
    assert config.tools_path == ['/root-exists'] and config.types_path == []
    notes = '\n'.join(config.notes)
    assert 'For statements' in notes and 'ListComp' in notes and 'compute' in notes
    assert 'NOT_SET is not set' in notes


def test_extra_config_dirs_and_userdir(tmp_path: Path) -> None:
    extra = tmp_path / 'extra'
    extra.mkdir()
    (extra / 'z.py').write_text("tools_path = tools_path + ['/from-extra']\n")
    other_home = tmp_path / 'other'
    (other_home / 'config.d').mkdir(parents=True)
    (other_home / 'config.d' / 'a.py').write_text("types_path = ['/from-other-userdir']\n")
    home = _home(tmp_path, f"userdir = {str(other_home)!r}\n")
    config = read_fastr_config(home, environ={**ENV, 'FASTR_CONFIG_DIRS': str(extra)})
    assert config.tools_path == ['/from-extra'] and config.types_path == ['/from-other-userdir']
    assert config.userdir == str(other_home)


FASTR_CONFIG_SCRIPT = r'''
import os, subprocess, sys, json
payload = load_payload()
code = ("import contextlib, sys, json\n"
        "with contextlib.redirect_stdout(sys.stderr):\n"
        "    import fastr\n"
        "    paths = [fastr.config.tools_path, fastr.config.types_path, fastr.config.preferred_types,\n"
        "             fastr.config.resourcesdir]\n"
        "print(json.dumps(paths))\n")
env = dict(os.environ, FASTRHOME=payload['home'], HOME=payload['user_home'], **payload['env'])
done = subprocess.run([sys.executable, '-c', code], env=env, capture_output=True, text=True, timeout=300)
emit({'returncode': done.returncode, 'stdout': done.stdout, 'stderr': done.stderr[-3000:]})
'''


def _fastr_paths(fastr_oracle, home: Path, env: dict[str, str]) -> dict:
    import json
    result = fastr_oracle.run(FASTR_CONFIG_SCRIPT, {'home': str(home), 'user_home': ENV['HOME'],
                                                    'env': env})
    if result['returncode'] != 0:
        return {'failed': result['stderr']}
    tools, types, preferred, resources = json.loads(result['stdout'].strip().splitlines()[-1])
    own = (os.path.join(resources, 'tools'), os.path.join(resources, 'datatypes'))
    return {'tools_path': [p for p in tools if p not in own],
            'types_path': [p for p in types if p not in own], 'preferred_types': preferred}


@pytest.mark.parametrize('case', ['worc', 'replace', 'insert'])
def test_same_paths_as_fastr(fastr_oracle, tmp_path: Path, case: str) -> None:
    extra = tmp_path / 'extra'
    extra.mkdir()
    (extra / 'cfg.py').write_text("types_path.append('/extra-types')\n")
    configs = {
        'worc': ("import os\nWORC = '/opt/WORC'\n"
                 "tools_path = [os.path.join(WORC, 'fastr_tools')] + tools_path\n"
                 "types_path = [os.path.join(WORC, 'fastr_types')] + types_path\n"
                 "preferred_types += ['NiftiImageFileCompressed']\n"
                 "tools_path.append(os.path.expanduser('~/mine'))\n"
                 "tools_path.prepend(os.path.join(USER_DIR, 'first'))\n"
                 "tools_path += [os.environ.get('PROJECT', '/none') + '/tools']\n"),
        'replace': "tools_path = ['/only']\ntools_path.insert(0, '/zero')\ntypes_path = []\n",
        'insert': "tools_path.insert(0, '/zero')\n",
    }
    home = _home(tmp_path, configs[case], later="tools_path.append('/later')\n")
    (home / 'tools').mkdir()
    (home / 'datatypes').mkdir()
    env = {'PROJECT': ENV['PROJECT'], 'FASTR_CONFIG_DIRS': str(extra)}
    ours = read_fastr_config(home, environ={**ENV, **env})
    real = _fastr_paths(fastr_oracle, home, env)
    if case == 'insert':
        assert 'insert' in real['failed'] and any('no insert()' in n for n in ours.notes)
        return
    assert ours.notes == []
    assert {'tools_path': ours.tools_path, 'types_path': ours.types_path,
            'preferred_types': ours.preferred_types} == real


def test_config_with_an_unknown_encoding_is_a_note(tmp_path: Path) -> None:
    home = _home(tmp_path, "# -*- coding: x-evil-7 -*-\ntools_path = ['/evil']\n",
                 later="tools_path += ['/later']\n")
    config = read_fastr_config(home, environ=ENV)
    assert config.tools_path == ['/later']
    assert config.notes == [f'{home / "config.py"}: cannot read: unknown encoding: x-evil-7; '
                            'fastr fails to import with this file']


def test_config_coding_line_is_honoured(tmp_path: Path) -> None:
    home = _home(tmp_path)
    (home / 'config.py').write_bytes(b"# -*- coding: latin-1 -*-\ntools_path = ['/caf\xe9']\n")
    assert read_fastr_config(home, environ=ENV).tools_path == ['/caf\u00e9']
