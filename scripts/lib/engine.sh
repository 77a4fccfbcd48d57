# shellcheck shell=bash
# Helpers for the scripts that start a throwaway engine (cli-smoke.sh,
# module-test.sh). Source it; it defines functions only.

# free_port prints a free TCP port on 127.0.0.1.
free_port() {
	python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
}

# wait_healthy ENDPOINT PID waits (10 s at most) until ENDPOINT/healthz
# answers 200, failing at once if the engine process PID exits first.
wait_healthy() {
	python3 - "$1/healthz" "$2" <<'PY'
import os, sys, time, urllib.request
url, pid = sys.argv[1], int(sys.argv[2])
deadline = time.monotonic() + 10
while time.monotonic() < deadline:
    try:
        os.kill(pid, 0)
    except OSError:
        sys.exit("engine exited before becoming healthy")
    try:
        with urllib.request.urlopen(url, timeout=1) as r:
            if r.status == 200:
                sys.exit(0)
    except Exception:
        pass
    time.sleep(0.1)
sys.exit("engine did not answer 200 on /healthz within 10s")
PY
}
