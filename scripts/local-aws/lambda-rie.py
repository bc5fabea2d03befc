#!/usr/bin/env python3
"""emulator-gap 36: the Lambda Runtime Interface Emulator's one endpoint for a Python
function, run as a local process by lambda-processes.py: each POST to
/2015-03-31/functions/function/invocations calls the handler with the event and
answers its result as JSON (an exception: Lambda's error object, with
X-Amz-Function-Error: Unhandled).

    lambda-rie.py <port> <code dir> <module.function>
"""
import importlib
import json
import os
import sys
import time
import traceback
import uuid
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


class Context:
    """What a Python handler's `context` offers."""

    def __init__(self, timeout_s):
        self.function_name = os.environ.get("AWS_LAMBDA_FUNCTION_NAME", "")
        self.function_version = os.environ.get("AWS_LAMBDA_FUNCTION_VERSION", "$LATEST")
        self.memory_limit_in_mb = os.environ.get("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", "128")
        self.log_group_name = os.environ.get("AWS_LAMBDA_LOG_GROUP_NAME", "")
        self.log_stream_name = os.environ.get("AWS_LAMBDA_LOG_STREAM_NAME", "")
        self.aws_request_id = str(uuid.uuid4())
        self.invoked_function_arn = ""
        self._deadline = time.time() + timeout_s

    def get_remaining_time_in_millis(self):
        return max(0, int((self._deadline - time.time()) * 1000))


def main():
    port, code, handler_name = sys.argv[1], sys.argv[2], sys.argv[3]
    sys.path.insert(0, code)
    module_name, _, function_name = handler_name.rpartition(".")
    handler = getattr(importlib.import_module(module_name), function_name)
    timeout_s = float(os.environ.get("AWS_LAMBDA_FUNCTION_TIMEOUT", "3"))

    class Invocations(BaseHTTPRequestHandler):
        def do_POST(self):  # noqa: N802 (http.server's name)
            if not self.path.startswith("/2015-03-31/functions/function/invocations"):
                self.send_error(404)
                return
            length = int(self.headers.get("content-length") or 0)
            event = json.loads(self.rfile.read(length) or b"null")
            headers = {}
            try:
                result = handler(event, Context(timeout_s))
            except Exception as e:  # the function's error, as Lambda reports it
                traceback.print_exc()
                result = {"errorMessage": str(e), "errorType": type(e).__name__,
                          "stackTrace": traceback.format_tb(e.__traceback__)}
                headers["X-Amz-Function-Error"] = "Unhandled"
            body = json.dumps(result).encode()
            self.send_response(200)
            for k, v in {"content-type": "application/json", **headers}.items():
                self.send_header(k, v)
            self.send_header("content-length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            sys.stderr.write(f"{self.address_string()} {args}\n")

    ThreadingHTTPServer(("127.0.0.1", int(port)), Invocations).serve_forever()


if __name__ == "__main__":
    main()
