#!/usr/bin/env python3
"""Never answers: FILES images against a sandbox that takes requests in and never answers, with the import's
`--request-timeout TIMEOUT`. Checks:

  * a server silent from the first request (the project lookup every import makes before any upload): the run
    ends within two timeouts and a margin, exit 4, naming the server, with no file started or journalled;
  * a server that answers the lookup and never the image requests: the run ends, within a bound worked out from
    the timeout (not hung), exit 1;
  * every file failed with a timeout reason (the events, the summary and the journal say so);
  * they are resumable: after the sandbox is replaced by a healthy one on the same address, a rerun finishes
    them all (exit 0, journal all done, exactly one accepted ImageInfo per project);
  * no secret in any output, log, journal, or process's argv.

Usage: never-answers.sh [FILES=12] [TIMEOUT=2]   (env: JOBS=4, NEVER_ANSWER_RATE=1)
"""
import math, os, sys, time
from collections import Counter

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from drill_lib import (Drill, DrillFailure, Run, Sandbox, Secrets, image_folder, import_binary, journal_status,
                       project_of, sandbox_binary, succeeded)


def main():
    files = int(sys.argv[1]) if len(sys.argv) > 1 else 12
    timeout = float(sys.argv[2]) if len(sys.argv) > 2 else 2.0
    jobs = int(os.environ.get("JOBS", "4"))
    rate = os.environ.get("NEVER_ANSWER_RATE", "1")
    drill = Drill("never-answers")
    secrets = Secrets(drill)
    secrets.watch_argv()
    binary = import_binary()
    folder, names = image_folder(drill, files)
    sandbox_bin = sandbox_binary(binary)
    help_text = os.popen(f"'{binary}' import --help").read()
    if "--request-timeout" not in help_text:
        raise DrillFailure(f"{binary} has no `import --request-timeout`")

    args = ["--jobs", str(jobs), "--requests-per-second", "0", "--request-timeout", str(timeout)]

    # silent from the first request: the project lookup times out, and nothing starts
    mute = Sandbox(drill, sandbox_bin, secrets, ["--never-answer-rate", rate, "--seed", "3"], name="silent-lookup")
    lookup = Run(drill, binary, folder, secrets.client_env(mute.base_url, "bearer"), "import-silent-lookup", args)
    lookup_bound = 30 + 2 * timeout
    if lookup.wait(timeout=lookup_bound) is None:
        drill.check(False, f"the import against a server silent from its lookup was still running after {lookup_bound:.0f} s (hung)")
        lookup.process.kill()
        lookup.wait()
    with open(lookup.err_path) as f:
        lookup_err = f.read()
    drill.check(lookup.status == 4 and "no file was started or uploaded" in lookup_err,
                f"the run against a server silent from its lookup exited {lookup.status}, want 4 saying no file was started; "
                f"stderr: {lookup_err.strip()[-300:]}")
    lookup_rows, _, _ = journal_status(binary, folder, secrets.client_env(mute.base_url, "bearer"))
    drill.check(not lookup_rows, f"journal after the silent lookup: {len(lookup_rows)} rows, want none")
    mute_log = mute.stop()
    drill.check(all(r["operation"] == "listProjects" for r in mute_log),
                f"requests to the silent lookup: {Counter(r['operation'] for r in mute_log)}, want only listProjects")

    # the lookup answered, every image request held
    silent = Sandbox(drill, sandbox_bin, secrets, ["--never-answer-rate", rate, "--seed", "3", "--fault-operations",
                                                   "getImage,uploadImage,getImageInfo,putImageInfo"], name="silent")
    env = secrets.client_env(silent.base_url, "bearer")
    # each file waits at most one timeout per request (timeouts are not retried); files go `jobs` at a time,
    # up to twice as many in flight: a generous bound, still far below "hung"
    bound = 30 + 3 * math.ceil(files / jobs) * timeout
    first = Run(drill, binary, folder, env, "import-silent", args)
    if first.wait(timeout=bound) is None:
        drill.check(False, f"the import against a silent server was still running after {bound:.0f} s (hung)")
        first.process.kill()
        first.wait()
    first_elapsed = first.ended - first.started
    summary = first.summary() or {}
    drill.check(first.status == 1, f"the run against a silent server exited {first.status}, want 1")
    drill.check(summary.get("failed") == files and summary.get("failedByReason") == {"timeout": files},
                f"summary: failed {summary.get('failed')} by reason {summary.get('failedByReason')}, want {files} timeout")
    failed_events = first.events("failed")
    drill.check(len(failed_events) == files and all(e.get("code") == "timeout" for e in failed_events),
                f"failed events: {Counter(e.get('code') for e in failed_events)}")
    rows, _, status_text = journal_status(binary, folder, env)
    status_files = [os.path.join(drill.workdir, "status-silent.json")]
    with open(status_files[0], "w") as f:
        f.write(status_text)
    drill.check(len(rows) == files and all(r["state"] == "failed" and r.get("code") == "timeout" for r in rows),
                f"journal after the silent run: {Counter((r['state'], r.get('code')) for r in rows)}")
    silent_log = silent.stop()   # held requests end with the sandbox
    never = sum(1 for r in silent_log if r.get("fault") == "neverAnswer")

    # the same address, now healthy: the rerun finishes every file
    healthy = Sandbox(drill, sandbox_bin, secrets, [], name="healthy", port=silent.port)
    second = Run(drill, binary, folder, env, "import-healthy", args)
    if second.wait(timeout=600) is None:
        second.process.kill()
        second.wait()
        drill.check(False, "the rerun against a healthy server did not end in 10 minutes")
    summary2 = second.summary() or {}
    drill.check(second.status == 0 and summary2.get("done") == files,
                f"the rerun exited {second.status} with done {summary2.get('done')}, want 0 and {files}")
    rows2, _, status_text = journal_status(binary, folder, env)
    status_files.append(os.path.join(drill.workdir, "status-healthy.json"))
    with open(status_files[1], "w") as f:
        f.write(status_text)
    drill.check(len(rows2) == files and all(r["state"] == "done" for r in rows2),
                f"journal after the rerun: {Counter(r['state'] for r in rows2)}")
    healthy_log = healthy.stop()
    accepted = Counter(r["projectId"] for r in healthy_log if r["operation"] == "putImageInfo" and succeeded(r))
    drill.check(all(accepted[project_of(n)] == 1 for n in names),
                f"accepted ImageInfo per project: {Counter(accepted.values())}")

    secrets.finish([mute.log_path, mute.err_path, lookup.out_path, lookup.err_path,
                    silent.log_path, silent.err_path, healthy.log_path, healthy.err_path,
                    os.path.join(folder, ".image-ingest", "journal.sqlite")] + status_files +
                   [p for run in (first, second) for p in (run.out_path, run.err_path)])

    drill.figure("files", files)
    drill.figure("request timeout / jobs", f"{timeout} s / {jobs}")
    drill.figure("silent lookup", f"exit {lookup.status} after {lookup.ended - lookup.started:.1f} s (bound {lookup_bound:.0f} s), "
                                  f"{len(lookup_rows)} journal rows")
    drill.figure("silent run", f"exit {first.status} after {first_elapsed:.1f} s (bound {bound:.0f} s); "
                               f"failed {summary.get('failed')} {summary.get('failedByReason')}")
    drill.figure("requests held (never answered)", f"{never} of {len(silent_log)}")
    drill.figure("rerun against a healthy server", f"exit {second.status}, done {summary2.get('done')}, "
                                                   f"{second.ended - second.started:.1f} s, {len(healthy_log)} requests")
    return drill.finish()


if __name__ == "__main__":
    try:
        sys.exit(main())
    except DrillFailure as error:
        print(f"FAIL: never-answers: {error}")
        sys.exit(1)
