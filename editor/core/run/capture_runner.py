"""Core layer: the small program that :mod:`editor.core.run.capture` runs in the user's fastr Python.

It is run as a file (``python capture_runner.py RESULT.json SCRIPT.py ARGS...``), imports only the
standard library and fastr, and never imports the editor. Before the user's script starts it
patches fastr so that:

* every network made with ``fastr.create_network`` (``fastr.api.Network``) is remembered, and a
  network handed to ``create_macro`` is marked as used inside a macro;
* ``execute`` (on the API network and on fastr's planning network) runs nothing: it writes
  fastr's own ``__getstate__()`` of each remembered network to RESULT.json and stops the script;
* ``draw`` draws nothing.

If the script never calls ``execute``, the networks are written when it ends (``sys.exit`` too).
When it raises, RESULT.json holds the traceback (the runner's own frames left out). The script
runs as ``__main__`` with ``sys.argv = [SCRIPT.py, ARGS...]`` and its folder first on sys.path,
as ``python SCRIPT.py ARGS...`` would run it.
"""

import json
import os
import runpy
import sys
import traceback

_RESULT = sys.argv[1] if __name__ == "__main__" else ""
_NETWORKS = []          # [(api network, {"macro": bool})]
_STATE = {"done": False, "executed": None}


class _Captured(BaseException):
    """Raised by the patched execute: stops the script (not an Exception, so ``except Exception``
    in the user's code does not swallow it)."""


def _write(moment, error=None):
    if _STATE["done"]:
        return
    _STATE["done"] = True
    networks = []
    problems = []
    for wrapper, info in _NETWORKS:
        core = getattr(wrapper, "parent", wrapper)
        try:
            state = core.__getstate__()
            json.dumps(state)
        except Exception as exc:     # noqa: BLE001 - reported, the others are still handed back
            problems.append("network {!r}: fastr could not give its state: {}: {}".format(
                getattr(core, "id", "?"), type(exc).__name__, exc))
            continue
        networks.append({"id": state.get("id"), "state": state, "macro": info["macro"],
                         "executed": _STATE["executed"] is core})
    result = {"moment": moment, "networks": networks, "problems": problems, "error": error}
    tmp = _RESULT + ".part"
    with open(tmp, "w", encoding="utf-8") as handle:
        json.dump(result, handle)
    os.replace(tmp, _RESULT)


def _caller_file():
    """The first file up the stack that is neither this runner nor fastr (the user's code)."""
    import fastr
    fastr_dir = os.path.dirname(os.path.abspath(fastr.__file__))
    frame = sys._getframe(1)
    while frame is not None:
        name = os.path.abspath(frame.f_code.co_filename)
        # the script itself counts even inside fastr's package (fastr's own examples live there)
        if name == _STATE.get("script") or (name != os.path.abspath(__file__)
                                            and not name.startswith(fastr_dir + os.sep)):
            return frame.f_code.co_filename
        frame = frame.f_back
    return sys.argv[0]


def _patch():
    import fastr  # noqa: F401 - the user's fastr, with its own configuration
    import fastr.api as api
    from fastr.planning.network import Network as CoreNetwork

    original_init = api.Network.__init__

    def init(self, *args, **kwargs):
        original_init(self, *args, **kwargs)
        core = getattr(self, "parent", self)
        if os.path.abspath(str(getattr(core, "filename", ""))) == os.path.abspath(__file__):
            # fastr names the file that called create_network: that is the user's script, not this
            core.filename = _caller_file()
        _NETWORKS.append((self, {"macro": False}))

    original_macro = api.Network.create_macro

    def create_macro(self, network, *args, **kwargs):
        for wrapper, info in _NETWORKS:
            if network is wrapper or network is getattr(wrapper, "parent", None):
                info["macro"] = True
        return original_macro(self, network, *args, **kwargs)

    def execute(self, *args, **kwargs):
        core = getattr(self, "parent", self)
        _STATE["executed"] = core
        if not any(getattr(w, "parent", w) is core for w, _ in _NETWORKS):
            _NETWORKS.append((self, {"macro": False}))     # made some other way (a copy, a load)
        _write("execute")
        raise _Captured()

    def draw(self, *args, **kwargs):
        return None

    api.Network.__init__ = init
    api.Network.create_macro = create_macro
    api.Network.execute = execute
    api.Network.draw = draw
    CoreNetwork.execute = execute
    CoreNetwork.draw = draw


def _user_traceback(exc):
    frames = traceback.extract_tb(exc.__traceback__)
    here = os.path.abspath(__file__)
    keep = [f for f in frames if os.path.abspath(f.filename) != here and "runpy" not in os.path.basename(f.filename)]
    lines = ["Traceback (most recent call last):\n"] + traceback.format_list(keep)
    lines += traceback.format_exception_only(type(exc), exc)
    return "".join(lines)


def main():
    script = os.path.abspath(sys.argv[2])
    _STATE["script"] = script
    sys.argv = [script] + sys.argv[3:]
    sys.path[0] = os.path.dirname(script)
    try:
        _patch()
    except Exception as exc:    # noqa: BLE001 - no usable fastr in this Python
        _write("error", "fastr cannot be imported in {}: {}".format(sys.executable, _user_traceback(exc)))
        return 3
    try:
        runpy.run_path(script, run_name="__main__")
    except _Captured:
        return 0
    except SystemExit as exc:
        if exc.code not in (None, 0):
            _write("error", "the script stopped with sys.exit({!r})".format(exc.code))
            return 1
    except BaseException as exc:  # noqa: BLE001 - the user's error, shown to the user
        _write("error", _user_traceback(exc))
        return 1
    _write("exit")
    return 0


if __name__ == "__main__":
    sys.exit(main())
