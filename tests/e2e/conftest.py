"""Makes it visible whether the end-to-end tests ran or skipped, and how long they took."""

import os

import harness


def pytest_report_header(config):
    why = harness.localstack_status()
    if why is None:
        return f"localstack: {harness.ENDPOINT} (healthy)"
    mode = "FAIL" if os.environ.get(harness.REQUIRE_ENV) == "1" else "SKIP"
    return f"localstack: {why} -> end-to-end tests will {mode}"


def pytest_terminal_summary(terminalreporter):
    if harness.TIMINGS:
        terminalreporter.section("end-to-end timings")
        for label, secs in harness.TIMINGS.items():
            terminalreporter.write_line(f"{label}: {secs:.2f}s")
    skipped = terminalreporter.stats.get("skipped", [])
    if skipped and harness.localstack_status() is not None:
        terminalreporter.write_line(
            f"NOTE: {len(skipped)} end-to-end test(s) SKIPPED: LocalStack is not running "
            f"(scripts/localstack.sh install && scripts/localstack.sh run -- <pytest command>)",
            yellow=True,
            bold=True,
        )
