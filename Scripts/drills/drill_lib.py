"""Shared parts of the long drills (Scripts/drills/*.sh): binaries, image folders, a sandbox in its own
process with a request log, import runs, the secret checks. Python 3 standard library only.

Environment knobs (all optional):
  IMAGE_INGEST     the image-ingest binary for `import`/`status` (default .build/release/image-ingest, built
                   with `swift build -c release --product image-ingest` when missing)
  SANDBOX_BIN      the sandbox server (default: image-ingest-sandbox beside IMAGE_INGEST); it needs `--request-log`
  CORPUS           a folder of images named <projectId>-….jpg/png to copy from (default: generate with
                   ../shared/bench/make-corpus.py, or MAKE_CORPUS, at --max-side 96)
  DRILL_KEEP=1     keep the work folder (default: removed after a PASS, kept after a FAIL)
  DRILL_LOG_LEVEL  the import's IMAGE_INGEST_LOG_LEVEL (default warning, so retries are logged and grepped)
"""
import json, os, re, secrets, shutil, signal, subprocess, sys, tempfile, threading, time
from collections import Counter, defaultdict

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
RETRYABLE = {"serverError", "rateLimited", "transport", "unreachable", "timeout"}


class DrillFailure(Exception):
    """A check failed; the message says which."""


class Drill:
    """Collects checks and figures; prints the PASS/FAIL summary."""

    def __init__(self, name):
        self.name = name
        self.failures = []
        self.figures = []
        self.started = time.time()
        self.workdir = tempfile.mkdtemp(prefix=f"drill-{name}-")
        os.chmod(self.workdir, 0o700)
        print(f"[{name}] work folder {self.workdir}", flush=True)

    def check(self, ok, message):
        """Records a failed check (the drill goes on, so one run shows every problem)."""
        if not ok:
            self.failures.append(message)
            print(f"[{self.name}] CHECK FAILED: {message}", flush=True)
        return ok

    def figure(self, label, value):
        self.figures.append((label, value))

    def finish(self):
        self.figure("elapsed", f"{time.time() - self.started:.1f} s")
        print(f"\n== {self.name} ==")
        for label, value in self.figures:
            print(f"  {label:<34} {value}")
        if self.failures:
            print(f"FAIL: {self.name}: {len(self.failures)} check(s) failed:")
            for message in self.failures[:40]:
                print(f"  - {message}")
            if len(self.failures) > 40:
                print(f"  … and {len(self.failures) - 40} more")
            print(f"  (work folder kept: {self.workdir})")
            return 1
        print(f"PASS: {self.name}")
        if os.environ.get("DRILL_KEEP") == "1":
            print(f"  (work folder kept: {self.workdir})")
        else:
            shutil.rmtree(self.workdir, ignore_errors=True)
        return 0


# ---------------------------------------------------------------------------------------------- binaries

def import_binary():
    path = os.environ.get("IMAGE_INGEST")
    if path:
        return path
    path = os.path.join(REPO, ".build", "release", "image-ingest")
    if not os.access(path, os.X_OK):
        print("building the release binary (swift build -c release --product image-ingest) …", flush=True)
        subprocess.run(["swift", "build", "-c", "release", "--product", "image-ingest"], cwd=REPO, check=True)
    return path


def sandbox_binary(import_binary_path):
    """The sandbox server: SANDBOX_BIN, else `image-ingest-sandbox` beside the import's binary (built when missing)."""
    path = os.environ.get("SANDBOX_BIN") or os.path.join(os.path.dirname(import_binary_path), "image-ingest-sandbox")
    if not os.access(path, os.X_OK) and not os.environ.get("SANDBOX_BIN"):
        print("building the sandbox (swift build -c release --product image-ingest-sandbox) …", flush=True)
        subprocess.run(["swift", "build", "-c", "release", "--product", "image-ingest-sandbox"], cwd=REPO, check=True)
        path = os.path.join(REPO, ".build", "release", "image-ingest-sandbox")
    if not os.access(path, os.X_OK):
        raise DrillFailure(f"no sandbox binary at {path}; build it or set SANDBOX_BIN")
    help_text = subprocess.run([path, "--help"], capture_output=True, text=True).stdout
    if "--request-log" not in help_text:
        raise DrillFailure(f"{path} has no `--request-log`; build a newer binary or set SANDBOX_BIN")
    return path


# ---------------------------------------------------------------------------------------------- images

IMAGE_NAME = re.compile(r"^(\d+)(?:-[^.]*)?\.(jpe?g|png)$", re.IGNORECASE)


def image_folder(drill, count):
    """Writes `count` small valid images with distinct project ids into WORK/images; answers (folder, names)."""
    folder = os.path.join(drill.workdir, "images")
    os.makedirs(folder)
    source = os.environ.get("CORPUS")
    if not source:
        source = os.path.join(drill.workdir, "corpus")
        generator = os.environ.get("MAKE_CORPUS", os.path.join(REPO, "..", "shared", "bench", "make-corpus.py"))
        subprocess.run([sys.executable, generator, source, "--count", str(count), "--max-side", "96", "--seed", "61"],
                       check=True, stdout=subprocess.DEVNULL)
    names, projects = [], set()
    for name in sorted(os.listdir(source)):
        match = IMAGE_NAME.match(name)
        if not match or int(match.group(1)) in projects:
            continue
        projects.add(int(match.group(1)))
        # `<project>.ext`: the corpus's `1000-0.jpg` is an ambiguous name (digits after the dash) and not mapped
        target = match.group(1) + os.path.splitext(name)[1].lower()
        shutil.copyfile(os.path.join(source, name), os.path.join(folder, target))
        names.append(target)
        if len(names) == count:
            break
    if len(names) < count:
        raise DrillFailure(f"only {len(names)} images with distinct project ids in {source}, {count} wanted")
    if source.startswith(drill.workdir):
        shutil.rmtree(source)
    return folder, names


def project_of(name):
    return int(IMAGE_NAME.match(name).group(1))


# ---------------------------------------------------------------------------------------------- secrets

class Secrets:
    """Distinctive credential values for one drill; they reach processes only through the environment."""

    def __init__(self, drill):
        tag = secrets.token_hex(8)
        self.env = {
            "SO_TICKET": f"7T:drillticket{tag}",
            "SO_APP_TOKEN": f"drillapptoken{tag}",
            "SO_BEARER_TOKEN": f"drillbearer{tag}",
            "SO_USERNAME": "drill-user",
            "SO_PASSWORD": f"drillpassword{tag}",
        }
        self.values = [self.env[k] for k in ("SO_TICKET", "SO_APP_TOKEN", "SO_BEARER_TOKEN", "SO_PASSWORD")]
        self.drill = drill
        self.argv_hits = []
        self._stop = threading.Event()
        self._thread = None
        self.argv_scans = 0

    def client_env(self, base_url, credential):
        """The import's environment: PATH & co, the base URL, and every secret (the `credential` one is used;
        the others must not leak either)."""
        env = {k: os.environ[k] for k in ("PATH", "HOME", "LANG", "TMPDIR") if k in os.environ}
        env["SO_BASE_URL"] = base_url
        env["IMAGE_INGEST_LOG_LEVEL"] = os.environ.get("DRILL_LOG_LEVEL", "warning")
        chosen = {"ticket": ["SO_TICKET", "SO_APP_TOKEN", "SO_BEARER_TOKEN", "SO_USERNAME", "SO_PASSWORD"],
                  "bearer": ["SO_BEARER_TOKEN", "SO_APP_TOKEN", "SO_PASSWORD"],       # bearer wins; others unused
                  "basic": ["SO_USERNAME", "SO_PASSWORD", "SO_APP_TOKEN"]}[credential]  # app token alone: unused
        env.update({k: self.env[k] for k in chosen})
        return env

    def sandbox_env(self):
        """The sandbox accepts every credential set: ticket (+ app token), bearer, basic."""
        env = {k: os.environ[k] for k in ("PATH", "HOME", "LANG", "TMPDIR") if k in os.environ}
        env.update(self.env)
        return env

    # argv watch: every process's command line, while the drill runs
    def watch_argv(self):
        def scan():
            last_ps = 0.0
            while not self._stop.is_set():
                texts = []
                for pid in os.listdir("/proc"):
                    if pid.isdigit():
                        try:
                            with open(f"/proc/{pid}/cmdline", "rb") as f:
                                texts.append((pid, f.read().replace(b"\0", b" ").decode("utf-8", "replace")))
                        except OSError:
                            pass
                if time.time() - last_ps > 1:
                    last_ps = time.time()
                    ps = subprocess.run(["ps", "-eo", "pid,args"], capture_output=True, text=True).stdout
                    texts.append(("ps", ps))
                for pid, text in texts:
                    for value in self.values:
                        if value in text:
                            self.argv_hits.append(f"process {pid} shows a secret in its arguments")
                self.argv_scans += 1
                self._stop.wait(0.05)
        self._thread = threading.Thread(target=scan, daemon=True)
        self._thread.start()

    def stop_watch(self):
        self._stop.set()
        if self._thread:
            self._thread.join()

    def check_files(self, paths):
        """Greps every file (binary-safe, like grep -a) for every secret; answers how many files were read."""
        read = 0
        for path in paths:
            for candidate in (path, path + "-wal", path + "-shm", path + "-journal"):
                if not os.path.exists(candidate):
                    continue
                read += 1
                with open(candidate, "rb") as f:
                    data = f.read()
                for name, value in self.env.items():
                    if name != "SO_USERNAME" and value.encode() in data:
                        self.drill.check(False, f"{name}'s value appears in {candidate}")
        return read

    def finish(self, paths):
        self.stop_watch()
        read = self.check_files(paths)
        self.drill.check(not self.argv_hits, "; ".join(sorted(set(self.argv_hits))) or "argv")
        self.drill.check(self.argv_scans > 0, "the argv watch never ran")
        self.drill.figure("secrets", f"{len(self.values)} values, 0 expected hits; grepped {read} files, "
                                     f"{self.argv_scans} argv scans, {len(self.argv_hits)} hits")


# ---------------------------------------------------------------------------------------------- sandbox

class Sandbox:
    """`image-ingest-sandbox` in its own process, with `--request-log`; stopped with SIGINT."""

    def __init__(self, drill, binary, secrets_, args, name="sandbox", port=0):
        self.drill = drill
        self.log_path = os.path.join(drill.workdir, f"{name}.requests.jsonl")
        self.err_path = os.path.join(drill.workdir, f"{name}.stderr")
        command = [binary, "--port", str(port), "--request-log", self.log_path, *args]
        with open(self.err_path, "wb") as err:
            self.process = subprocess.Popen(command, env=secrets_.sandbox_env(), stdin=subprocess.DEVNULL,
                                            stdout=err, stderr=err)
        deadline = time.time() + 60
        self.base_url = None
        while time.time() < deadline and self.process.poll() is None:
            with open(self.err_path, errors="replace") as f:
                match = re.search(r"listening on (http://\S+)", f.read())
            if match:
                self.base_url = match.group(1)
                break
            time.sleep(0.05)
        if not self.base_url:
            raise DrillFailure(f"the sandbox did not start: see {self.err_path}")
        self.port = int(re.search(r":(\d+)/", self.base_url).group(1))

    def stop(self):
        """SIGINT, then the final log lines are written; answers the request log."""
        self.process.send_signal(signal.SIGINT)
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.drill.check(False, "the sandbox did not stop within 30 s of SIGINT")
        return self.records()

    def records(self):
        with open(self.log_path) as f:
            return [json.loads(line) for line in f if line.strip()]


def succeeded(record):
    """A request the client saw succeed: a 2xx answer and no injected fault."""
    status = record.get("status")
    return status is not None and 200 <= status < 300 and "fault" not in record


def fault_kinds(records):
    kinds = Counter()
    for r in records:
        if "fault" in r:
            kinds[f"{r['fault']}({r['status']})" if r["fault"] == "status" else r["fault"]] += 1
    return kinds


# ---------------------------------------------------------------------------------------------- import

class Run:
    """One `image-ingest import … --json` process, output in files."""

    def __init__(self, drill, binary, folder, env, label, args=()):
        self.label = label
        self.out_path = os.path.join(drill.workdir, f"{label}.stdout")
        self.err_path = os.path.join(drill.workdir, f"{label}.stderr")
        self.started = time.time()
        with open(self.out_path, "wb") as out, open(self.err_path, "wb") as err:
            self.process = subprocess.Popen([binary, "import", folder, "--json", *args], env=env,
                                            stdin=subprocess.DEVNULL, stdout=out, stderr=err)
        self.status = None
        self.ended = None

    def wait(self, timeout=None):
        try:
            self.status = self.process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            return None
        self.ended = time.time()
        return self.status

    def events(self, name=None):
        out = []
        with open(self.out_path, errors="replace") as f:
            for line in f:
                try:
                    event = json.loads(line)
                except ValueError:
                    continue
                if name is None or event.get("event") == name:
                    out.append(event)
        return out

    def summary(self):
        found = self.events("summary")
        return found[-1] if found else None

    def stderr(self):
        with open(self.err_path, errors="replace") as f:
            return f.read()


def journal_status(binary, folder, env):
    """`image-ingest status DIR --json`: (rows, summary). Exit 1 is an answer: files failed on that server."""
    result = subprocess.run([binary, "status", folder, "--json"], env=env, capture_output=True, text=True)
    if result.returncode not in (0, 1):
        raise DrillFailure(f"status failed ({result.returncode}): {result.stderr.strip()}")
    rows, summary = [], None
    for line in result.stdout.splitlines():
        obj = json.loads(line)
        if obj.get("event") == "status":
            summary = obj
        else:
            rows.append(obj)
    return rows, summary, result.stdout
