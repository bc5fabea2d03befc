#!/usr/bin/env python3
"""emulator-gap 36: a stand-in for the container CLI (docker/podman) that fakecloud
runs Lambda functions with, for a machine without containers: each "container" is a
local Python process serving the Lambda Runtime Interface Emulator's one endpoint
(POST /2015-03-31/functions/function/invocations) with the function's own code.

fakecloud is started with FAKECLOUD_CONTAINER_CLI pointing here (lifecycle.sh, through
scripts/local-aws/gaps/36-lambda-processes.sh). It calls, in this order:
`--version`, `info`, `create -p :8080 … -e K=V … <image> <handler>`, `cp <dir>/. <id>:/var/task`,
`start <id>`, `port <id> 8080`, and `rm -f <id>` / `logs` later. Python runtimes only
(`public.ecr.aws/lambda/python:*`); anything else is refused, so a function of another
runtime fails as on a machine without Docker. The function runs with the environment
fakecloud gives it (its variables, its role's session credentials, AWS_ENDPOINT_URL),
where the containers' host alias is this machine.

    lambda-processes.py <command> [args…]     (state in $LAMBDA_PROCESSES_STATE)
"""
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import uuid

STATE = os.environ.get("LAMBDA_PROCESSES_STATE", "/tmp/lambda-processes")
HOST_ALIASES = ("host.containers.internal", "host.docker.internal")


def fail(message):
    print(f"lambda-processes: {message}", file=sys.stderr)
    sys.exit(1)


def here(container_id, *parts):
    path = os.path.join(STATE, container_id, *parts)
    if not os.path.abspath(path).startswith(os.path.abspath(STATE) + os.sep):
        fail(f"no such container: {container_id}")
    return path


def create(args):
    env, rest, i = {}, [], 0
    while i < len(args):
        a = args[i]
        if a in ("-p", "--label", "--tmpfs", "--add-host", "--network", "--name", "--memory"):
            i += 2
            continue
        if a == "-e":
            key, sep, value = args[i + 1].partition("=")
            env[key] = value if sep else os.environ.get(key, "")
            i += 2
            continue
        if a.startswith("-"):
            fail(f"create: unknown option {a}")
        rest.append(a)
        i += 1
    if len(rest) != 2:
        fail(f"create: expected <image> <handler>, got {rest}")
    image, handler = rest
    if "/lambda/python:" not in image:
        fail(f"create: only Python runtimes run here, not {image}")
    for key, value in env.items():
        for alias in HOST_ALIASES:
            value = value.replace(f"//{alias}:", "//127.0.0.1:")
        env[key] = value
    # The function reaches AWS through the local edge, which tells fakecloud that the
    # request came over TLS (emulator-gap 13), as every request of a function does on AWS.
    if os.environ.get("LAMBDA_PROCESSES_ENDPOINT") and "AWS_ENDPOINT_URL" in env:
        env["AWS_ENDPOINT_URL"] = os.environ["LAMBDA_PROCESSES_ENDPOINT"]
    container_id = uuid.uuid4().hex[:12]
    os.makedirs(here(container_id, "task"))
    with open(here(container_id, "meta.json"), "w", encoding="utf-8") as f:
        json.dump({"image": image, "handler": handler, "env": env}, f)
    print(container_id)


def cp(args):
    source, target = args
    container_id, _, path = target.partition(":")
    if path not in ("/var/task", "/opt"):
        fail(f"cp: unsupported target {target}")
    destination = here(container_id, "task" if path == "/var/task" else "opt")
    if source.endswith("/."):
        source = source[:-2]
    shutil.copytree(source, destination, dirs_exist_ok=True)


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start(args):
    container_id = args[0]
    with open(here(container_id, "meta.json"), encoding="utf-8") as f:
        meta = json.load(f)
    port = free_port()
    # The Lambda Python runtime bundles the AWS SDK (boto3, botocore): here, the botocore
    # that scripts/setup.sh installs in .tools/py.
    sdk = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", ".tools", "py")
    env = {"PATH": os.environ.get("PATH", ""), "HOME": os.environ.get("HOME", "/tmp"),
           "PYTHONPATH": os.path.abspath(sdk), **meta["env"]}
    log = open(here(container_id, "log"), "ab")
    process = subprocess.Popen(
        [sys.executable, os.path.join(os.path.dirname(os.path.abspath(__file__)), "lambda-rie.py"),
         str(port), here(container_id, "task"), meta["handler"]],
        env=env, stdout=log, stderr=log, stdin=subprocess.DEVNULL, start_new_session=True)
    with open(here(container_id, "run.json"), "w", encoding="utf-8") as f:
        json.dump({"pid": process.pid, "port": port}, f)


def port(args):
    with open(here(args[0], "run.json"), encoding="utf-8") as f:
        print(f"0.0.0.0:{json.load(f)['port']}")


def rm(args):
    for container_id in [a for a in args if not a.startswith("-")]:
        try:
            with open(here(container_id, "run.json"), encoding="utf-8") as f:
                os.killpg(json.load(f)["pid"], signal.SIGTERM)
        except (OSError, ValueError):
            pass
        shutil.rmtree(here(container_id), ignore_errors=True)


def logs(args):
    container_id = args[-1]
    try:
        with open(here(container_id, "log"), encoding="utf-8", errors="replace") as f:
            sys.stdout.write("".join(f.readlines()[-200:]))
    except OSError:
        pass


def main():
    os.makedirs(STATE, exist_ok=True)
    args = sys.argv[1:]
    if not args:
        fail("no command")
    command, rest = args[0], args[1:]
    with open(os.path.join(STATE, "calls.log"), "a", encoding="utf-8") as f:
        f.write(" ".join(a if "=" not in a else a.split("=", 1)[0] + "=…" for a in args) + "\n")
    if command == "--version":
        # Read by fakecloud as podman's: the host alias is host.containers.internal, no --add-host.
        print("podman version 5.0.0 (lambda-processes: local Python processes, emulator-gap 36)")
    elif command in ("info", "pull"):
        pass  # no daemon, no images: the code runs on this machine's Python
    elif command in ("create", "cp", "start", "port", "rm", "logs"):
        {"create": create, "cp": cp, "start": start, "port": port, "rm": rm, "logs": logs}[command](rest)
    elif command in ("ps", "kill", "stop"):
        pass  # nothing left from an earlier fakecloud: the state dies with the local AWS
    else:
        fail(f"unsupported command {command}")


if __name__ == "__main__":
    main()
