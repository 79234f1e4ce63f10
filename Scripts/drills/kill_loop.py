#!/usr/bin/env python3
"""Kill loop: ROUNDS times, start the import of FILES images and kill it at a random moment, alternating
SIGINT and kill -9; then run it to the end. After every round the journal is read (`status --json`). Checks:

  * SIGINT: exit 130 (or death by SIGINT before the trap was set, with no file started), a `stopped` event and
    a summary, and every file the run started ended (done or failed) — in-flight files are finished;
  * kill -9: the journal still opens;
  * the end state equals an uninterrupted run: every file done in the journal, reported done at most once,
    the server ends with the journal's blob for every project;
  * no file is uploaded again after the journal recorded it uploaded or done, and no ImageInfo is submitted
    again after the journal recorded the file done (request times vs. the journal snapshot times);
  * exactly one accepted ImageInfo per project, except a project whose ImageInfo the server accepted while a
    kill -9 cut the client off before the journal could record it (counted, reported); likewise uploads;
  * no secret in any output, log, journal, or process's argv.

Usage: kill-loop.sh [ROUNDS=20] [FILES=300]   (env: SEED, KILL_MIN=0.3, KILL_MAX=2.5, LATENCY_MS=120)
"""
import os, random, signal, sys, time
from collections import Counter, defaultdict

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from drill_lib import (Drill, DrillFailure, Run, Sandbox, Secrets, image_folder, import_binary, journal_status,
                       project_of, sandbox_binary, succeeded)


def main():
    rounds = int(sys.argv[1]) if len(sys.argv) > 1 else 20
    files = int(sys.argv[2]) if len(sys.argv) > 2 else 300
    seed = int(os.environ.get("SEED", str(int(time.time()))))
    kill_min = float(os.environ.get("KILL_MIN", "0.3"))
    kill_max = float(os.environ.get("KILL_MAX", "2.5"))
    rng = random.Random(seed)
    drill = Drill("kill-loop")
    secrets = Secrets(drill)
    secrets.watch_argv()
    binary = import_binary()
    folder, names = image_folder(drill, files)
    latency = os.environ.get("LATENCY_MS", "120")
    sandbox = Sandbox(drill, sandbox_binary(binary), secrets,
                      ["--latency-ms", latency, "--latency-tail-rate", "0.05", "--latency-tail-ms", "300",
                       "--seed", str(seed)])
    env = secrets.client_env(sandbox.base_url, "basic")
    args = ["--jobs", "2", "--requests-per-second", "0"]

    # per project: the first snapshot time at which the journal had it uploaded-or-done, and done
    uploaded_at, done_at = {}, {}
    rounds_info = []   # (label, signal name, start, kill time, exit status, done-in-journal after)
    runs = []
    status_files = []

    def snapshot(label):
        rows, summary, text = journal_status(binary, folder, env)
        taken = time.time()
        path = os.path.join(drill.workdir, f"{label}.status.json")
        with open(path, "w") as f:
            f.write(text)
        status_files.append(path)
        for row in rows:
            project = row["projectId"]
            if row["state"] in ("uploaded", "done"):
                uploaded_at.setdefault(project, taken)
            if row["state"] == "done":
                done_at.setdefault(project, taken)
        return rows, summary

    sigint_exits = Counter()
    kills = Counter()
    finished_early = 0
    for index in range(rounds):
        sig = signal.SIGINT if index % 2 == 0 else signal.SIGKILL
        run = Run(drill, binary, folder, env, f"round-{index + 1:02d}", args)
        runs.append(run)
        delay = rng.uniform(kill_min, kill_max)
        kill_time = None
        if run.wait(timeout=delay) is None:
            kill_time = time.time()
            run.process.send_signal(sig)
            kills[sig.name] += 1
            if run.wait(timeout=120) is None:
                run.process.kill()
                run.wait()
                drill.check(False, f"{run.label}: still running 120 s after {sig.name}")
        else:
            finished_early += 1
        started = {e["path"] for e in run.events("started")}
        ended = {e["path"] for e in run.events("done")} | {e["path"] for e in run.events("failed") if "path" in e}
        if kill_time is not None and sig == signal.SIGINT:
            sigint_exits[run.status] += 1
            if run.status == 130:
                drill.check(len(run.events("stopped")) == 1 and run.summary() is not None,
                            f"{run.label}: SIGINT exit 130 without a stopped event and a summary")
                drill.check(started <= ended, f"{run.label}: SIGINT left {len(started - ended)} started files "
                                              f"unfinished, e.g. {sorted(started - ended)[:3]}")
            elif run.status == -signal.SIGINT:
                drill.check(not started, f"{run.label}: died of SIGINT with {len(started)} files started")
            else:
                drill.check(False, f"{run.label}: SIGINT exit status {run.status}, want 130")
        elif kill_time is not None:
            drill.check(run.status == -signal.SIGKILL, f"{run.label}: kill -9 exit status {run.status}")
        else:
            drill.check(run.status in (0, 1), f"{run.label}: ended by itself with {run.status}")
        rows, summary = snapshot(run.label)
        rounds_info.append((run.label, sig.name if kill_time else "none", run.started, kill_time, run.status,
                            {r["projectId"] for r in rows if r["state"] == "done"}))
        print(f"[kill-loop] {run.label}: {sig.name if kill_time else 'finished'} after {delay:.2f} s, exit {run.status}, "
              f"journal done {summary.get('done')}/{files} (uploaded {summary.get('uploaded')}, "
              f"pending {summary.get('pending')}, failed {summary.get('failed')})", flush=True)

    # the final, uninterrupted run; rerun (at most twice more) when it exits 1, as a user would: a file whose
    # recorded upload was replaced on the server by a late request of a killed run is refused once, then uploaded again
    finals = []
    while True:
        final = Run(drill, binary, folder, env, f"final-{len(finals) + 1}", args)
        runs.append(final)
        finals.append(final)
        if final.wait(timeout=1800) is None:
            final.process.kill()
            drill.check(False, "the final run did not end within 30 minutes")
            break
        if final.status != 1 or len(finals) == 3:
            break
        print(f"[kill-loop] {final.label}: exit 1 ({(final.summary() or {}).get('failedByReason')}); running again", flush=True)
    drill.check(final.status == 0, f"the final run exited {final.status}: {final.stderr()[-400:]}")
    rows, status_summary = snapshot("final")
    log = sandbox.stop()

    # --- end state: every file done, once
    journal = {row["path"]: row for row in rows}
    drill.check(set(journal) == set(names) and len(rows) == files, f"the journal has {len(rows)} rows for {files} files")
    not_done = [p for p, row in journal.items() if row["state"] != "done"]
    drill.check(not not_done, f"{len(not_done)} files not done, e.g. {not_done[:3]}")
    done_counts = Counter(e["path"] for run in runs for e in run.events("done"))
    drill.check(all(n == 1 for n in done_counts.values()),
                f"files reported done twice: {[p for p, n in done_counts.items() if n > 1][:5]}")

    # --- the request log against the journal snapshots
    by_project = defaultdict(list)
    for record in sorted(log, key=lambda r: r["seq"]):
        if record.get("projectId") is not None:
            by_project[record["projectId"]].append(record)
    sigkill_rounds = [(start, kill, done) for (_, name, start, kill, _, done) in rounds_info if name == "SIGKILL"]

    def cut_by_kill9(record, project):
        """Whether the record arrived during a round ended by kill -9, after which the journal had not recorded
        the project done: the client was cut off before it could."""
        return any(start <= record["time"] <= kill + 1 and project not in done for start, kill, done in sigkill_rounds)

    reuploads = resubmits = info_extra_explained = upload_extra_explained = stale_reuploads = 0
    for path, row in journal.items():
        project = project_of(path)
        records = by_project.get(project, [])
        uploads = [r for r in records if r["operation"] == "uploadImage"]
        infos = [r for r in records if r["operation"] == "putImageInfo"]
        # an upload after the journal recorded one is allowed only after the server refused the recorded blob
        refused = [r for r in infos if r.get("status") == 400 and "fault" not in r]
        late_uploads = [r for r in uploads if project in uploaded_at and r["time"] > uploaded_at[project]
                        and not any(x["time"] < r["time"] for x in refused)]
        stale_reuploads += sum(1 for r in uploads if project in uploaded_at and r["time"] > uploaded_at[project]) - len(late_uploads)
        late_infos = [r for r in infos if project in done_at and r["time"] > done_at[project]]
        reuploads += len(late_uploads)
        resubmits += len(late_infos)
        drill.check(not late_uploads, f"{path}: uploaded again after the journal recorded it uploaded/done")
        drill.check(not late_infos, f"{path}: ImageInfo submitted again after the journal recorded it done")
        accepted = [r for r in infos if succeeded(r)]
        drill.check(len(accepted) >= 1, f"{path}: no accepted ImageInfo")
        for extra in accepted[:-1]:
            if cut_by_kill9(extra, project):
                info_extra_explained += 1
            else:
                drill.check(False, f"{path}: ImageInfo accepted twice (seq {extra['seq']}) with no kill -9 to explain it")
        applied_uploads = [r for r in uploads if r["applied"]]
        for extra in applied_uploads[:-1]:
            if cut_by_kill9(extra, project) or any(x["time"] > extra["time"] for x in refused):
                upload_extra_explained += 1
            else:
                drill.check(False, f"{path}: uploaded twice (seq {extra['seq']}) with no kill -9 to explain it")
        if accepted:
            drill.check(accepted[-1].get("blobId") == row.get("blobId"),
                        f"{path}: the server ends with blob {accepted[-1].get('blobId')}, journal {row.get('blobId')}")

    secrets.finish([sandbox.log_path, sandbox.err_path, os.path.join(folder, ".image-ingest", "journal.sqlite")]
                   + status_files + [p for run in runs for p in (run.out_path, run.err_path)])

    drill.figure("files", files)
    drill.figure("rounds", f"{rounds} (+ final runs below); seed {seed}; kill after {kill_min}-{kill_max} s")
    drill.figure("kills", f"SIGINT {kills['SIGINT']}, kill -9 {kills['SIGKILL']}, runs that ended before the signal {finished_early}")
    drill.figure("SIGINT exit statuses", ", ".join(f"{k}: {v}" for k, v in sorted(sigint_exits.items())) or "-")
    drill.figure("done before the final run", f"{len(rounds_info[-1][5]) if rounds_info else 0}/{files}")
    drill.figure("final runs", f"{len(finals)} (exit {', '.join(str(r.status) for r in finals)})")
    drill.figure("re-uploads after a refused stale blob", stale_reuploads)
    drill.figure("last final run", f"exit {final.status}, done {(final.summary() or {}).get('done')}, "
                              f"already done {(final.summary() or {}).get('alreadyDone')}, resumed {(final.summary() or {}).get('resumed')}")
    drill.figure("requests", f"{len(log)} ({', '.join(f'{k} {v}' for k, v in sorted(Counter(r['operation'] for r in log).items()))})")
    drill.figure("uploads/ImageInfo after recorded", f"{reuploads} / {resubmits} (must be 0)")
    drill.figure("extra accepted (cut by kill -9)", f"ImageInfo {info_extra_explained}, uploads {upload_extra_explained}")
    drill.figure("journal", f"{status_summary.get('done')} done, {status_summary.get('failed')} failed, "
                            f"{status_summary.get('pending')} pending, {status_summary.get('uploaded')} uploaded")
    return drill.finish()


if __name__ == "__main__":
    try:
        sys.exit(main())
    except DrillFailure as error:
        print(f"FAIL: kill-loop: {error}")
        sys.exit(1)
