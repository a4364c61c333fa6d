#!/usr/bin/env python3
"""The demo: the reference sender delivers signed Print.one events to a receiver in every language.

For each receiver (hookproof listen, Python/FastAPI, Node/Express, WebAssembly/Fetch; those built
so far), `hookproof send` delivers the four Print.one events, then one with a tampered signature,
and the receiver's own log shows what it verified and what it refused. Run through `./dev demo`,
which builds everything first. Receivers are started exactly as the round-trip tests start them.
"""

import pathlib
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parents[1] / "tests" / "roundtrip"))
import harness  # noqa: E402  (the round-trip harness owns how receivers start)


def main():
    binary = harness.hookproof_bin()
    specs = harness.json.loads((harness.ROOT / "tests/roundtrip/receivers.json").read_text())["receivers"]
    log_dir = pathlib.Path(tempfile.mkdtemp(prefix="hookproof-demo-"))
    shown, problems = 0, 0
    for spec in specs:
        receiver = harness.Receiver(spec, binary, log_dir)
        if not receiver.script_exists():
            continue
        print(f"\n\033[1m── {receiver.name}: receiving on {receiver.url(spec['events_path'])}\033[0m")
        try:
            if not receiver.start():
                print(f"{receiver.name} did not start; its log:\n{receiver.log_path.read_text()[-2000:]}")
                problems += 1
                continue
            url = receiver.url(spec["events_path"])
            print("$ hookproof send --event all            # the four Print.one events, signed")
            valid = subprocess.run([binary, "send", "--url", url, "--secret", harness.SECRET, "--event", "all"])
            print("$ hookproof send --tamper-rate 1 ...    # one event with a corrupted signature")
            tampered = subprocess.run([binary, "send", "--url", url, "--secret", harness.SECRET,
                                       "--event", "order_status_update", "--tamper-rate", "1"])
            # send exits 0 when every valid delivery was accepted and every tampered one refused.
            problems += valid.returncode != 0 or tampered.returncode != 0
            time.sleep(0.3)
            print(f"what the {receiver.name} receiver logged:")
            for line in receiver.log_path.read_text().splitlines():
                print(f"  | {line}")
            shown += 1
        finally:
            receiver.stop()
    print(f"\ndemo: {shown} receivers, {'all verdicts as expected' if not problems else f'{problems} problems'}")
    return 1 if problems or not shown else 0


if __name__ == "__main__":
    sys.exit(main())
