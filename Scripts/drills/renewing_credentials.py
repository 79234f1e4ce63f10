#!/usr/bin/env python3
"""Renewing credentials: an unattended import against SuperOffice Online's login side as the sandbox plays it.

For each flow (system user with `--ticket-lifetime LIFETIME`, then OAuth refresh with `--token-lifetime
LIFETIME`), `image-ingest import FILES --credentials-file demo.env` against its own sandbox process. Checks:

  * exit 0, `done` FILES, `failed` 0, and the journal all done;
  * every project's picture uploaded exactly once and its ImageInfo accepted once (the request log);
  * renewals throughout: ticket exchanges (token refreshes) in every quarter of the run;
  * a refresh token the sandbox does not know, and a private key that does not match the app's, each end at
    once: exit 3, one `error:` line naming the cause, nothing uploaded, nothing recorded done;
  * no secret of the credentials file (client secret, system user token, refresh token, the private key's
    lines) in any output, log, the journal or the request log, nor in any process's argv while the drill runs.

Usage: renewing-credentials.sh [FILES=1000] [LIFETIME=2]   (env: RPS=20, JOBS=8)
"""
import os, re, shutil, subprocess, sys, time
from collections import Counter

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from drill_lib import (Drill, DrillFailure, Run, Sandbox, Secrets, image_folder, import_binary, journal_status,
                       project_of, sandbox_binary, succeeded)


def read_credentials(path):
    values = {}
    with open(path) as f:
        for line in f:
            line = line.strip()
            if line and not line.startswith("#") and "=" in line:
                key, value = line.split("=", 1)
                values[key] = value
    return values


def file_secrets(values):
    """The secret values a credentials file hands out, and the private key's lines."""
    found = {k: values[k] for k in ("SO_CLIENT_SECRET", "SO_SYSTEM_USER_TOKEN", "SO_REFRESH_TOKEN") if k in values}
    key_file = values.get("SO_PRIVATE_KEY_FILE")
    if key_file:
        with open(key_file) as f:
            for number, line in enumerate(f):
                line = line.strip()
                if len(line) >= 16 and not line.startswith("-----"):
                    found[f"private key line {number}"] = line
    return found


def env_for(credentials_file):
    env = {k: os.environ[k] for k in ("PATH", "HOME", "LANG", "TMPDIR") if k in os.environ}
    env["IMAGE_INGEST_LOG_LEVEL"] = os.environ.get("DRILL_LOG_LEVEL", "warning")
    return env


def run_flow(drill, secrets, binary, sandbox_bin, files, lifetime, flow):
    folder, names = image_folder(drill, files)
    moved = os.path.join(drill.workdir, f"images-{flow}")
    shutil.move(folder, moved)
    folder = moved
    credentials = os.path.join(drill.workdir, f"{flow}.env")
    lifetime_flag = "--ticket-lifetime" if flow == "system-user" else "--token-lifetime"
    sandbox = Sandbox(drill, sandbox_bin, secrets,
                      ["--demo-credentials", credentials, "--demo-auth", flow, lifetime_flag, str(lifetime), "--quiet"],
                      name=f"sandbox-{flow}")
    values = read_credentials(credentials)
    for name, value in file_secrets(values).items():
        secrets.env[f"{flow} {name}"] = value
        secrets.values.append(value)
    mode = oct(os.stat(credentials).st_mode & 0o777)
    drill.check(mode == "0o600", f"{credentials} has mode {mode}, want 0o600")

    args = ["--credentials-file", credentials, "--jobs", os.environ.get("JOBS", "8"),
            "--requests-per-second", os.environ.get("RPS", "20")]
    run = Run(drill, binary, folder, env_for(credentials), f"import-{flow}", args)
    if run.wait(timeout=3600) is None:
        run.process.kill()
        run.wait()
        drill.check(False, f"{flow}: the import did not end within an hour")
    summary = run.summary() or {}
    drill.check(run.status == 0, f"{flow}: the import exited {run.status}, want 0; stderr: {run.stderr()[-500:]}")
    drill.check(summary.get("done") == files and summary.get("failed") == 0,
                f"{flow}: done {summary.get('done')}, failed {summary.get('failed')}, want {files} and 0")
    rows, _, status_text = journal_status(binary, folder, env_for(credentials))
    status_path = os.path.join(drill.workdir, f"status-{flow}.json")
    with open(status_path, "w") as f:
        f.write(status_text)
    drill.check(len(rows) == files and all(r["state"] == "done" for r in rows),
                f"{flow}: journal {Counter(r['state'] for r in rows)}")

    log = sandbox.stop()
    uploads = Counter(r["projectId"] for r in log if r.get("operation") == "uploadImage" and succeeded(r))
    infos = Counter(r["projectId"] for r in log if r.get("operation") == "putImageInfo" and succeeded(r))
    projects = {project_of(n) for n in names}
    drill.check(set(uploads) == projects and all(c == 1 for c in uploads.values()),
                f"{flow}: uploads per project {Counter(uploads.values())}, {len(projects - set(uploads))} projects without one")
    drill.check(set(infos) == projects and all(c == 1 for c in infos.values()),
                f"{flow}: accepted ImageInfos per project {Counter(infos.values())}")
    renewal_op = "authenticate" if flow == "system-user" else "oauthToken"
    renewals = [r for r in log if r.get("operation") == renewal_op]
    refused = [r for r in log if r.get("status") == 401]
    tenant_requests = [r for r in log if r.get("projectId") is not None]
    if tenant_requests and renewals:
        start, end = tenant_requests[0]["time"], tenant_requests[-1]["time"]
        quarters = Counter(min(3, int(4 * (r["time"] - start) / max(end - start, 1e-9))) for r in renewals if r["time"] >= start)
        drill.check(all(quarters.get(q, 0) > 0 for q in range(4)) or end - start < 4 * lifetime,
                    f"{flow}: renewals by quarter of the run {dict(quarters)}, want some in each")
    drill.check(len(renewals) >= 2, f"{flow}: {len(renewals)} renewals, want several")
    drill.figure(f"{flow}", f"{files} done in {run.ended - run.started:.1f} s; {len(renewals)} renewals, "
                            f"{len(refused)} requests met a 401 (then renewed and retried)")

    # refusals, against a fresh sandbox (the first one stopped): a refresh token it does not know, or a
    # private key that does not match the application's
    cause = "invalid_grant" if flow == "oauth" else "signature"
    refusal_env_file = os.path.join(drill.workdir, f"{flow}-refused.env")
    sandbox2 = Sandbox(drill, sandbox_bin, secrets,
                       ["--demo-credentials", refusal_env_file + ".good", "--demo-auth", flow, "--quiet"],
                       name=f"sandbox-{flow}-2")
    good2 = read_credentials(refusal_env_file + ".good")
    for name, value in file_secrets(good2).items():
        secrets.env[f"{flow} refusal {name}"] = value
        secrets.values.append(value)
    bad2 = dict(good2)
    if flow == "oauth":
        bad2["SO_REFRESH_TOKEN"] = "8R:revoked-" + good2["SO_REFRESH_TOKEN"][-6:]
    else:
        other_key = os.path.join(drill.workdir, "other-key.pem")
        subprocess.run(["openssl", "genrsa", "-out", other_key, "2048"], check=True, capture_output=True)
        os.chmod(other_key, 0o600)
        bad2["SO_PRIVATE_KEY_FILE"] = other_key
    with open(refusal_env_file, "w") as f:
        f.write("".join(f"{k}={v}\n" for k, v in bad2.items()))
    os.chmod(refusal_env_file, 0o600)
    refused_folder = os.path.join(drill.workdir, f"refused-{flow}")
    shutil.copytree(folder, refused_folder, ignore=shutil.ignore_patterns(".image-ingest"))
    started = time.time()
    refusal = Run(drill, binary, refused_folder, env_for(refusal_env_file), f"import-{flow}-refused",
                  ["--credentials-file", refusal_env_file])
    refusal.wait(timeout=120)
    elapsed = time.time() - started
    errors = [line for line in refusal.stderr().splitlines() if line.startswith("error:")]
    drill.check(refusal.status == 3, f"{flow} refusal: exit {refusal.status}, want 3")
    drill.check(len(errors) == 1 and cause in errors[0], f"{flow} refusal: error lines {errors}, want one naming {cause}")
    drill.check(elapsed < 30, f"{flow} refusal took {elapsed:.1f} s, want at once")
    log2 = sandbox2.stop()
    drill.check(not any(r.get("projectId") is not None for r in log2),
                f"{flow} refusal: {sum(1 for r in log2 if r.get('projectId') is not None)} requests reached the tenant")
    drill.figure(f"{flow} refusal", f"exit {refusal.status} in {elapsed:.2f} s: {errors[0] if errors else '-'}")
    outputs = [run.out_path, run.err_path, refusal.out_path, refusal.err_path, status_path, sandbox.log_path,
               sandbox.err_path, sandbox2.log_path, sandbox2.err_path,
               os.path.join(folder, ".image-ingest", "journal.sqlite")]
    return outputs


def main():
    files = int(sys.argv[1]) if len(sys.argv) > 1 else 1000
    lifetime = int(sys.argv[2]) if len(sys.argv) > 2 else 2
    drill = Drill("renewing-credentials")
    secrets = Secrets(drill)
    binary = import_binary()
    sandbox_bin = sandbox_binary(binary)
    if "--demo-credentials" not in subprocess.run([sandbox_bin, "--help"], capture_output=True, text=True).stdout:
        raise DrillFailure(f"{sandbox_bin} has no `--demo-credentials`")
    secrets.watch_argv()
    outputs = []
    for flow in ("system-user", "oauth"):
        outputs += run_flow(drill, secrets, binary, sandbox_bin, files, lifetime, flow)
    secrets.finish(outputs)
    return drill.finish()


if __name__ == "__main__":
    try:
        sys.exit(main())
    except DrillFailure as failure:
        print(f"FAIL: {failure}")
        sys.exit(1)
