"""Fake runs shared by the model and panel tests: a recorded runner stream and the small
programs that stand in for fastr (``python -c``)."""

from __future__ import annotations

import textwrap

# Recorded from the runner of add_ints with source {"s1": 1, "s2": (2, 3)}: s2 has two values,
# so add fails for s2 and the sink's two jobs for s2 are cancelled.
RECORDED = """\
 [WARNING]  __init__:0082 >> Not running in a production installation (branch "unknown" from installed package)
FASTR-EDITOR-RUN {"event": "started", "tmpdir": "/tmp/rh/rundir", "network": "add_ints"}
 [INFO] networkrun:0597 >> Network run tmpdir: /tmp/rh/rundir
FASTR-EDITOR-JOB {"node": "source", "sample": "s1", "folder": "s1", "status": "created", "job": "add_ints___source___s1"}
FASTR-EDITOR-JOB {"node": "source", "sample": "s1", "folder": "s1", "status": "finished", "job": "add_ints___source___s1"}
FASTR-EDITOR-JOB {"node": "source", "sample": "s2", "folder": "s2", "status": "created", "job": "add_ints___source___s2"}
FASTR-EDITOR-JOB {"node": "source", "sample": "s2", "folder": "s2", "status": "finished", "job": "add_ints___source___s2"}
FASTR-EDITOR-JOB {"node": "const__add__right_hand", "sample": "id_0", "folder": "id_0", "status": "created", "job": "add_ints___const__add__right_hand___id_0"}
FASTR-EDITOR-JOB {"node": "const__add__right_hand", "sample": "id_0", "folder": "id_0", "status": "finished", "job": "add_ints___const__add__right_hand___id_0"}
FASTR-EDITOR-JOB {"node": "add", "sample": "s1", "folder": "s1", "status": "created", "job": "add_ints___add___s1"}
FASTR-EDITOR-JOB {"node": "add", "sample": "s1", "folder": "s1", "status": "queued", "job": "add_ints___add___s1"}
FASTR-EDITOR-JOB {"node": "add", "sample": "s1", "folder": "s1", "status": "running", "job": "add_ints___add___s1"}
FASTR-EDITOR-JOB {"node": "add", "sample": "s2", "folder": "s2", "status": "created", "job": "add_ints___add___s2"}
FASTR-EDITOR-JOB {"node": "add", "sample": "s2", "folder": "s2", "status": "queued", "job": "add_ints___add___s2"}
FASTR-EDITOR-JOB {"node": "sink", "sample": "s1", "folder": "s1_0", "status": "created", "job": "add_ints___sink___s1___0"}
FASTR-EDITOR-JOB {"node": "sink", "sample": "s1", "folder": "s1_0", "status": "hold", "job": "add_ints___sink___s1___0"}
FASTR-EDITOR-JOB {"node": "sink", "sample": "s2", "folder": "s2_0", "status": "created", "job": "add_ints___sink___s2___0"}
FASTR-EDITOR-JOB {"node": "sink", "sample": "s2", "folder": "s2_0", "status": "hold", "job": "add_ints___sink___s2___0"}
FASTR-EDITOR-JOB {"node": "sink", "sample": "s2", "folder": "s2_1", "status": "created", "job": "add_ints___sink___s2___1"}
FASTR-EDITOR-JOB {"node": "sink", "sample": "s2", "folder": "s2_1", "status": "hold", "job": "add_ints___sink___s2___1"}
FASTR-EDITOR-JOB {"node": "add", "sample": "s2", "folder": "s2", "status": "running", "job": "add_ints___add___s2"}
FASTR-EDITOR-JOB {"node": "add", "sample": "s1", "folder": "s1", "status": "finished", "job": "add_ints___add___s1"}
FASTR-EDITOR-JOB {"node": "add", "sample": "s1", "folder": "s1", "status": "finished", "job": "add_ints___add___s1"}
FASTR-EDITOR-JOB {"node": "sink", "sample": "s1", "folder": "s1_0", "status": "queued", "job": "add_ints___sink___s1___0"}
FASTR-EDITOR-JOB {"node": "sink", "sample": "s1", "folder": "s1_0", "status": "running", "job": "add_ints___sink___s1___0"}
FASTR-EDITOR-JOB {"node": "add", "sample": "s2", "folder": "s2", "status": "failed", "job": "add_ints___add___s2"}
FASTR-EDITOR-JOB {"node": "add", "sample": "s2", "folder": "s2", "status": "failed", "job": "add_ints___add___s2"}
FASTR-EDITOR-JOB {"node": "sink", "sample": "s2", "folder": "s2_0", "status": "cancelled", "job": "add_ints___sink___s2___0"}
FASTR-EDITOR-JOB {"node": "sink", "sample": "s2", "folder": "s2_1", "status": "cancelled", "job": "add_ints___sink___s2___1"}
FASTR-EDITOR-JOB {"node": "sink", "sample": "s1", "folder": "s1_0", "status": "finished", "job": "add_ints___sink___s1___0"}
FASTR-EDITOR-JOB {"node": "sink", "sample": "s1", "folder": "s1_0", "status": "finished", "job": "add_ints___sink___s1___0"}
 [INFO] networkrun:0686 >> Chunk execution finished!
FASTR-EDITOR-RUN {"event": "finished", "ok": false, "tmpdir": "/tmp/rh/rundir"}
"""

# Writes a file to stdout in pieces of PIECE bytes (lines cut anywhere, even inside a UTF-8
# character), a line to stderr, and exits with the given code.
REPLAY = textwrap.dedent("""\
    import sys, time
    data = open(sys.argv[1], 'rb').read()
    piece = int(sys.argv[2])
    for i in range(0, len(data), piece):
        sys.stdout.buffer.write(data[i:i + piece])
        sys.stdout.buffer.flush()
        time.sleep(0.002)
    sys.stderr.write('Traceback (most recent call last): nothing really\\n')
    sys.stderr.flush()
    sys.exit(int(sys.argv[3]))
""")


# A fake fastr: reports a running job, starts a "tool" (a child in the same process group),
# optionally ignores SIGTERM, and would run for a minute.
LONG = textwrap.dedent("""\
    import signal, subprocess, sys, time
    if sys.argv[1] == 'stubborn':
        signal.signal(signal.SIGTERM, signal.SIG_IGN)
    tool = subprocess.Popen([sys.executable, '-c', 'import signal, time; signal.signal(signal.SIGTERM, signal.SIG_IGN); time.sleep(60)'])
    print('tool pid', tool.pid, flush=True)
    print('FASTR-EDITOR-JOB {"node": "slow", "sample": "s", "folder": "s", "status": "running"}', flush=True)
    time.sleep(60)
""")
