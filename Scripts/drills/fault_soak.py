#!/usr/bin/env python3
"""Fault soak: FILES images against a sandbox that fails 20% of requests with 503, 5% with 429 + Retry-After,
drops 5% of connections (after carrying the request out, so the answer is lost, not the change) and has a
latency tail. The import is rerun, as a user would, while it exits 1 with only retryable failures. Then:

  * every project has exactly one ImageInfo PUT the client saw succeed, with the blob id the journal holds;
  * the journal says every file done; the import's events and summary agree with it;
  * nothing is reported done that the server did not accept (blob ids match the accepted ImageInfo);
  * no bitmap is uploaded again after the server accepted and answered an upload for that project
    (extra uploads after a dropped-after-apply answer are counted and reported, not failed);
  * no secret in any output, log, journal, or process's argv.

Usage: fault-soak.sh [FILES=1000]   (env: JOBS=8 SEED=6 MAX_RUNS=10 DROP_APPLIES=1, see drill_lib.py)
"""
import os, sys
from collections import Counter, defaultdict

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from drill_lib import (RETRYABLE, Drill, DrillFailure, Run, Sandbox, Secrets, fault_kinds, image_folder,
                       import_binary, journal_status, project_of, sandbox_binary, succeeded)


def main():
    files = int(sys.argv[1]) if len(sys.argv) > 1 else 1000
    jobs = os.environ.get("JOBS", "8")
    seed = os.environ.get("SEED", "6")
    max_runs = int(os.environ.get("MAX_RUNS", "10"))
    drill = Drill("fault-soak")
    secrets = Secrets(drill)
    secrets.watch_argv()
    binary = import_binary()
    folder, names = image_folder(drill, files)
    projects = {project_of(n) for n in names}

    faults = ["--fail-rate", "0.2", "--fail-status", "503", "--rate-limit-rate", "0.05", "--retry-after", "1",
              "--drop-rate", "0.05", "--latency-ms", "2", "--latency-tail-rate", "0.02", "--latency-tail-ms", "1500",
              "--seed", seed]
    if os.environ.get("DROP_APPLIES", "1") == "1":
        faults.append("--drop-applies-operation")
    sandbox = Sandbox(drill, sandbox_binary(binary), secrets, faults)
    env = secrets.client_env(sandbox.base_url, "ticket")

    # run the import until it ends: rerun while it exits 1 with only retryable failures, as a user would
    runs = []
    while True:
        run = Run(drill, binary, folder, env, f"import-{len(runs) + 1}", ["--jobs", jobs, "--requests-per-second", "0"])
        runs.append(run)
        if run.wait(timeout=3600) is None:
            run.process.kill()
            drill.check(False, f"{run.label} did not end within an hour")
            break
        summary = run.summary() or {}
        reasons = set((summary.get("failedByReason") or {}).keys())
        print(f"[fault-soak] {run.label}: exit {run.status}, done {summary.get('done')}, "
              f"already done {summary.get('alreadyDone')}, failed {summary.get('failed')} {dict(summary.get('failedByReason') or {})}, "
              f"{run.ended - run.started:.1f} s", flush=True)
        if run.status == 0:
            break
        if run.status != 1 or not reasons <= RETRYABLE or len(runs) >= max_runs:
            drill.check(False, f"{run.label} exited {run.status} with failures {sorted(reasons)} "
                               f"(runs so far {len(runs)}); stderr tail: {run.stderr()[-400:]}")
            break
    log = sandbox.stop()
    rows, status_summary, status_text = journal_status(binary, folder, env)
    status_file = os.path.join(drill.workdir, "status.json")
    with open(status_file, "w") as f:
        f.write(status_text)

    # --- the journal: every file done, once
    journal = {row["path"]: row for row in rows}
    drill.check(len(rows) == files and set(journal) == set(names),
                f"the journal has {len(rows)} rows for {files} files (missing {len(set(names) - set(journal))})")
    not_done = [p for p, row in journal.items() if row["state"] != "done"]
    drill.check(not not_done, f"{len(not_done)} files not done in the journal, e.g. {not_done[:3]}")
    for path, row in journal.items():
        drill.check(row.get("projectId") == project_of(path), f"{path}: journal project {row.get('projectId')}")

    # --- the import's report agrees with the journal
    done_events = [e for run in runs for e in run.events("done")]
    done_counts = Counter(e["path"] for e in done_events)
    twice = [p for p, n in done_counts.items() if n > 1]
    drill.check(not twice, f"{len(twice)} files reported done more than once, e.g. {twice[:3]}")
    drill.check(set(done_counts) == set(names), f"{len(set(names) - set(done_counts))} files never reported done")
    last = runs[-1].summary() or {}
    drill.check(last.get("failed") == 0 and last.get("notFinished") == 0,
                f"the last run's summary: failed {last.get('failed')}, not finished {last.get('notFinished')}")
    drill.check((last.get("done") or 0) + (last.get("alreadyDone") or 0) == files,
                f"the last run's summary: done {last.get('done')} + already done {last.get('alreadyDone')} != {files}")
    for event in done_events:
        row = journal.get(event["path"])
        drill.check(row is not None and row.get("blobId") == event.get("blobId"),
                    f"{event['path']}: reported blob {event.get('blobId')}, journal {row and row.get('blobId')}")

    # --- the server: one accepted ImageInfo per project, matching the journal; no re-upload after an answered one
    by_project = defaultdict(list)
    for record in sorted(log, key=lambda r: r["seq"]):
        if record.get("projectId") is not None:
            by_project[record["projectId"]].append(record)
    drill.check(set(by_project) <= projects, f"requests for unknown projects {sorted(set(by_project) - projects)[:5]}")
    upload_dupes = info_dupes = 0
    for path, row in journal.items():
        records = by_project.get(project_of(path), [])
        infos_ok = [r for r in records if r["operation"] == "putImageInfo" and succeeded(r)]
        infos_applied = [r for r in records if r["operation"] == "putImageInfo" and r["applied"]]
        uploads_applied = [r for r in records if r["operation"] == "uploadImage" and r["applied"]]
        drill.check(len(infos_ok) == 1, f"{path}: {len(infos_ok)} ImageInfo PUTs answered 2xx (want exactly 1)")
        if infos_ok:
            drill.check(infos_ok[0].get("blobId") == row.get("blobId"),
                        f"{path}: journal blob {row.get('blobId')} but the server accepted ImageInfo with {infos_ok[0].get('blobId')}")
        if infos_applied:
            drill.check(infos_applied[-1].get("blobId") == row.get("blobId"),
                        f"{path}: the server ends with blob {infos_applied[-1].get('blobId')}, journal {row.get('blobId')}")
        drill.check(any(u.get("blobId") == row.get("blobId") for u in uploads_applied),
                    f"{path}: no upload the server applied has the journal's blob {row.get('blobId')}")
        info_dupes += max(0, len(infos_applied) - 1)
        upload_dupes += max(0, len(uploads_applied) - 1)
        for earlier in uploads_applied[:-1]:
            # an upload whose answer arrived (2xx) must be the last one: the client knew it was accepted
            drill.check(earlier.get("fault") == "dropConnection",
                        f"{path}: uploaded again (seq {uploads_applied[-1]['seq']}) after the server accepted "
                        f"and answered upload seq {earlier['seq']}")

    secrets.finish([sandbox.log_path, sandbox.err_path, status_file, os.path.join(folder, ".image-ingest", "journal.sqlite")]
                   + [p for run in runs for p in (run.out_path, run.err_path)])

    operations = Counter(r["operation"] for r in log)
    distinct = len({(r.get("projectId"), r["operation"]) for r in log})
    client_retries = sum(run.stderr().count("will be retried") for run in runs)
    drill.figure("files", files)
    drill.figure("import runs (exit codes)", f"{len(runs)} ({', '.join(str(r.status) for r in runs)})")
    drill.figure("requests", f"{len(log)} ({', '.join(f'{k} {v}' for k, v in sorted(operations.items()))})")
    drill.figure("faults injected", f"{sum(fault_kinds(log).values())}: " +
                 ", ".join(f"{k} {v}" for k, v in sorted(fault_kinds(log).items())) +
                 "; latency tail 2% x 1.5 s (not logged per request)")
    drill.figure("retries (client log / repeat requests)", f"{client_retries} / {len(log) - distinct}")
    drill.figure("accepted ImageInfo per project", "exactly 1 for all" if not any("ImageInfo PUTs" in f for f in drill.failures) else "see failures")
    drill.figure("duplicates (dropped-after-apply)", f"uploads {upload_dupes}, ImageInfo {info_dupes}")
    drill.figure("journal", f"{(status_summary or {}).get('done')} done, {(status_summary or {}).get('failed')} failed, "
                            f"{(status_summary or {}).get('pending')} pending, {(status_summary or {}).get('uploaded')} uploaded")
    return drill.finish()


if __name__ == "__main__":
    try:
        sys.exit(main())
    except DrillFailure as error:
        print(f"FAIL: fault-soak: {error}")
        sys.exit(1)
