"""A single-node Slurm cluster on this machine, started and stopped by the tests themselves.

Debian's ``slurm-wlm`` and ``munge`` (``.ci/slurm-install`` installs them), everything private to
one folder: a munge key and socket of its own (``AuthInfo=socket=``), ``slurmctld`` and ``slurmd``
in the foreground as children of the test process (root, no systemd), on free ports, with
``ProctrackType=proctrack/linuxproc`` and ``TaskPlugin=task/none``. Nothing of the machine's own
configuration (``/etc/slurm``, ``/run/munge``) is read or changed: clients find this cluster through
``SLURM_CONF``.

Two partitions: ``debug`` (the default, up) and ``held`` (down: jobs sent there stay pending, for
cancelling). Finished jobs stay in ``scontrol show job`` for 10 minutes (``MinJobAge``).
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
DAEMONS = ("munged", "slurmctld", "slurmd", "sbatch", "scontrol", "squeue", "scancel")


class ClusterError(RuntimeError):
    """The cluster could not be started (the message says which part and shows its log)."""


def installed() -> bool:
    return all(shutil.which(name) or os.path.exists(f"/usr/sbin/{name}") for name in DAEMONS)


def install() -> None:
    """``.ci/slurm-install`` (apt-get; root or sudo), when the programs are not there yet."""
    if not installed():
        done = subprocess.run(["bash", str(ROOT / ".ci" / "slurm-install")], capture_output=True, text=True,
                              timeout=1800)
        if done.returncode != 0 or not installed():
            raise ClusterError(f".ci/slurm-install failed: {done.stdout[-2000:]}{done.stderr[-2000:]}")


def _program(name: str) -> str:
    return shutil.which(name) or f"/usr/sbin/{name}"


def _free_ports(count: int) -> list[int]:
    sockets = []
    try:
        for _ in range(count):
            s = socket.socket()
            s.bind(("127.0.0.1", 0))
            sockets.append(s)
        return [s.getsockname()[1] for s in sockets]
    finally:
        for s in sockets:
            s.close()


def slurm_conf(folder: Path, host: str, ctld_port: int, slurmd_port: int, munge_socket: Path) -> str:
    return f"""\
ClusterName=editortest
SlurmctldHost={host}(127.0.0.1)
SlurmctldPort={ctld_port}
SlurmdPort={slurmd_port}
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
AuthInfo=socket={munge_socket}
StateSaveLocation={folder}/state
SlurmdSpoolDir={folder}/spool
SlurmctldPidFile={folder}/slurmctld.pid
SlurmdPidFile={folder}/slurmd.pid
SlurmctldLogFile={folder}/slurmctld.log
SlurmdLogFile={folder}/slurmd.log
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
MpiDefault=none
SwitchType=switch/none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
SchedulerType=sched/backfill
SelectType=select/cons_tres
SelectTypeParameters=CR_Core_Memory
SlurmdParameters=config_overrides
ReturnToService=2
MinJobAge=600
NodeName={host} NodeAddr=127.0.0.1 CPUs=4 RealMemory=8000 State=UNKNOWN
PartitionName=debug Nodes=ALL Default=YES MaxTime=INFINITE State=UP
PartitionName=held Nodes=ALL Default=NO MaxTime=INFINITE State=DOWN
"""


@dataclass
class Cluster:
    folder: Path
    host: str = field(default_factory=lambda: socket.gethostname().split(".")[0])
    processes: list[subprocess.Popen[bytes]] = field(default_factory=list)

    @property
    def conf(self) -> Path:
        return self.folder / "slurm.conf"

    @property
    def env(self) -> dict[str, str]:
        """What a client (sbatch, scontrol, fastr's SlurmExecution) needs to find this cluster."""
        return {"SLURM_CONF": str(self.conf)}

    def command(self, *args: str, timeout: float = 60) -> str:
        done = subprocess.run(list(args), capture_output=True, text=True, timeout=timeout,
                              env={**os.environ, **self.env})
        if done.returncode != 0:
            raise ClusterError(f"{' '.join(args)}: {done.stderr.strip() or done.stdout.strip()}")
        return done.stdout

    def jobs(self) -> list[dict[str, str]]:
        """Every job the controller still knows (``scontrol show job --oneliner``), as key=value."""
        out = self.command("scontrol", "show", "job", "--oneliner")
        jobs = []
        for line in out.splitlines():
            if "JobId=" not in line:
                continue
            fields: dict[str, str] = {}
            for part in line.split():
                key, _, value = part.partition("=")
                if value:
                    fields.setdefault(key, value)
            jobs.append(fields)
        return jobs

    def queued(self, partition: str | None = None) -> list[str]:
        """Job ids ``squeue`` shows (pending or running), in ``partition`` if given."""
        args = ["squeue", "--noheader", "--format=%i"]
        if partition:
            args.append(f"--partition={partition}")
        return self.command(*args).split()

    def _log(self, name: str) -> str:
        path = self.folder / name
        return path.read_text(errors="replace")[-3000:] if path.exists() else "(no log)"

    def start(self) -> None:
        for sub in ("state", "spool"):
            (self.folder / sub).mkdir(parents=True, exist_ok=True)
        key = self.folder / "munge.key"
        key.write_bytes(os.urandom(1024))
        key.chmod(0o600)
        munge_socket = self.folder / "munge.sock"
        ctld_port, slurmd_port = _free_ports(2)
        self.conf.write_text(slurm_conf(self.folder, self.host, ctld_port, slurmd_port, munge_socket))
        subprocess.run([_program("munged"), "--force", f"--key-file={key}", f"--socket={munge_socket}",
                        f"--log-file={self.folder}/munged.log", f"--pid-file={self.folder}/munged.pid",
                        f"--seed-file={self.folder}/munged.seed"], check=True, capture_output=True, timeout=60)
        env = {**os.environ, **self.env}
        for args in ([_program("slurmctld"), "-D", "-f", str(self.conf)],
                     [_program("slurmd"), "-D", "-f", str(self.conf), "-N", self.host]):
            log = open(self.folder / f"{Path(args[0]).name}.out", "wb")   # noqa: SIM115 - lives with the daemon
            self.processes.append(subprocess.Popen(args, stdout=log, stderr=subprocess.STDOUT, env=env))
        for _ in range(300):                        # until the node is idle (a hang guard, not a timing)
            for process in self.processes:
                if process.poll() is not None:
                    raise ClusterError(f"{process.args[0]} ended with {process.returncode}:\n"
                                       f"{self._log('slurmctld.log')}\n{self._log('slurmd.log')}")
            try:
                state = self.command("sinfo", "--noheader", "--partition=debug", "--format=%T", timeout=30).strip()
            except (ClusterError, subprocess.TimeoutExpired):
                state = ""
            if state == "idle":
                return
            time.sleep(0.2)
        raise ClusterError(f"the node did not become idle:\n{self._log('slurmctld.log')}\n{self._log('slurmd.log')}")

    def stop(self) -> None:
        for process in reversed(self.processes):
            process.terminate()
        for process in self.processes:
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
        subprocess.run([_program("munged"), "--stop", f"--socket={self.folder / 'munge.sock'}"],
                       capture_output=True, timeout=60)


def main(argv: list[str] | None = None) -> int:
    """``python3 -m tests.slurm.cluster start|stop DIR``: the same cluster by hand (``.ci/slurm-cluster``)."""
    import argparse
    import json
    parser = argparse.ArgumentParser(prog="slurm-cluster", description="A single-node Slurm cluster in DIR.")
    parser.add_argument("action", choices=("start", "stop"))
    parser.add_argument("folder", metavar="DIR")
    args = parser.parse_args(argv)
    folder = Path(args.folder).resolve()
    folder.mkdir(parents=True, exist_ok=True)
    state = folder / "daemons.json"
    if args.action == "start":
        install()
        cluster = Cluster(folder)
        cluster.start()
        state.write_text(json.dumps([p.pid for p in cluster.processes]))
        print(f"export SLURM_CONF={cluster.conf}")
        return 0
    for pid in json.loads(state.read_text()) if state.exists() else []:
        try:
            os.kill(pid, 15)
        except ProcessLookupError:
            pass
    subprocess.run([_program("munged"), "--stop", f"--socket={folder / 'munge.sock'}"], capture_output=True,
                   timeout=60)
    state.unlink(missing_ok=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
