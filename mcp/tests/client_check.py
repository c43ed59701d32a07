#!/usr/bin/env python3
"""halopsa-mcp against halopsa-fake, driven by the official MCP Python SDK (`mcp` on PyPI).

A client nobody here wrote: it initializes over stdio, lists the tools in each mode and
validates every input and output schema with `jsonschema` (Draft 2020-12, the draft MCP
names), then calls tools as an assistant would: a list with paging, a get, a 404, a write
refused in read-only mode and accepted with writes on (and its dry run), a 429, compact
mode. The SDK itself checks every structured answer against the tool's output schema.
Nothing the fake was given as a secret, and no token it issued, may appear in any answer
or in the server's log.

    cargo build -p halopsa-mcp -p halopsa-fake
    python3 mcp/tests/client_check.py --server target/debug/halopsa-mcp --fake target/debug/halopsa-fake

Prints the size of the `tools/list` answer in each mode, and `N passed, N failed`.
"""

import argparse
import asyncio
import json
import re
import secrets
import subprocess
import sys
import tempfile
import time
import urllib.request

from jsonschema import Draft202012Validator
from mcp import ClientSession, StdioServerParameters
from mcp.client.stdio import stdio_client

SECRET = "check-secret-" + secrets.token_hex(8)
CLIENT_ID = "mcp-check"
NAME = re.compile(r"^[a-z0-9_]{1,40}$")

passed = 0
failed = 0
seen_text = []  # every answer, to look for secrets in


def check(condition, what, detail=""):
    global passed, failed
    if condition:
        passed += 1
        print(f"ok      {what}")
    else:
        failed += 1
        print(f"FAILED  {what}: {detail}")


def start_fake(path):
    fake = subprocess.Popen(
        [path, "--client-id", CLIENT_ID, "--client-secret", SECRET],
        stdout=subprocess.PIPE,
        text=True,
    )
    for line in fake.stdout:
        if line.startswith("HALOPSA_HOST="):
            return fake, line.strip().split("=", 1)[1]
    raise SystemExit("halopsa-fake did not print HALOPSA_HOST")


def control(host, method, path, body=None):
    data = None if body is None else json.dumps(body).encode()
    request = urllib.request.Request(host + "/_fake" + path, data=data, method=method)
    request.add_header("Content-Type", "application/json")
    with urllib.request.urlopen(request) as answer:
        return json.loads(answer.read() or b"null")


def dump(result):
    """A result as the wire carries it (camelCase keys, no nulls), compact."""
    return json.dumps(
        result.model_dump(mode="json", by_alias=True, exclude_none=True),
        separators=(",", ":"),
    )


class Server:
    """One halopsa-mcp process and a client session on it."""

    def __init__(self, binary, host, args, errlog):
        self.params = StdioServerParameters(
            command=binary,
            args=args,
            env={
                "HALOPSA_HOST": host,
                "HALOPSA_CLIENT_ID": CLIENT_ID,
                "HALOPSA_CLIENT_SECRET": SECRET,
            },
        )
        self.errlog = errlog

    async def __aenter__(self):
        self._stdio = stdio_client(self.params, errlog=self.errlog)
        read, write = await self._stdio.__aenter__()
        self._session = ClientSession(read, write)
        self.session = await self._session.__aenter__()
        self.info = await self.session.initialize()
        return self

    async def __aexit__(self, *exc):
        await self._session.__aexit__(*exc)
        await self._stdio.__aexit__(*exc)

    async def call(self, name, arguments):
        result = await self.session.call_tool(name, arguments)
        seen_text.append(dump(result))
        return result


def check_tools(mode, listed):
    tools = listed.tools
    for tool in tools:
        schema = tool.input_schema
        try:
            Draft202012Validator.check_schema(schema)
            valid = True
        except Exception as e:  # noqa: BLE001 - report any schema error
            valid = str(e)[:300]
        if valid is not True:
            check(False, f"{mode}: {tool.name}'s input schema is valid JSON Schema", valid)
            continue
        if tool.output_schema is not None:
            Draft202012Validator.check_schema(tool.output_schema)
        if schema.get("type") != "object" or "$ref" in json.dumps(schema):
            check(False, f"{mode}: {tool.name}'s input schema is a plain object", schema.get("type"))
        if not NAME.match(tool.name):
            check(False, f"{mode}: tool name {tool.name} is [a-z0-9_], at most 40", len(tool.name))
    check(True, f"{mode}: {len(tools)} input schemas are valid Draft 2020-12, plain objects, no $ref; names ≤ 40")
    return {t.name: t for t in tools}


async def modes(binary, host, errlog, sizes):
    """Every mode: initialize, list, validate."""
    for mode, args in [
        ("default (read-only)", []),
        ("--allow-writes", ["--allow-writes"]),
        ("--areas tickets,email", ["--areas", "tickets,email"]),
        ("--text-only", ["--text-only"]),
        ("--compact", ["--compact"]),
        ("--compact --allow-writes", ["--compact", "--allow-writes"]),
    ]:
        async with Server(binary, host, args, errlog) as server:
            if mode.startswith("default"):
                check(server.info.server_info.name == "halopsa-mcp", "initialize names the server", server.info.server_info)
            listed = await server.session.list_tools()
            sizes.append((mode, len(listed.tools), len(dump(listed))))
            tools = check_tools(mode, listed)
            if mode.startswith("default"):
                check(
                    all(t.annotations.read_only_hint for t in tools.values()),
                    "default: every tool is read-only",
                )
                check("tickets_list" in tools and "tickets_get" in tools, "default: tickets_list and tickets_get are offered")
                check("tickets_create" not in tools, "default: tickets_create is not offered")
                longest = max(tools, key=len)
                check(len(longest) <= 40, f"the longest tool name has at most 40 characters ({longest})")
            if mode == "--allow-writes":
                check(len(tools) == 136, "--allow-writes: 136 tools, one per operation", len(tools))
                check(tools["tickets_delete"].annotations.destructive_hint is True, "DELETE is destructive")
                check(tools["tickets_create"].annotations.idempotent_hint is False, "a POST is not idempotent")
                check(tools["tickets_get"].annotations.idempotent_hint is True, "a GET is idempotent")
                check(
                    set(tools["tickets_get"].input_schema.get("required", [])) == {"id"},
                    "tickets_get requires its path parameter",
                    tools["tickets_get"].input_schema.get("required"),
                )
                paged = tools["tickets_list"].input_schema["properties"]
                check("cursor" in paged and "page_no" not in paged, "a paged list takes `cursor`, not `page_no`")
                check("dry_run" in tools["tickets_create"].input_schema["properties"], "a write takes `dry_run`")
            if mode == "--text-only":
                check(
                    len(tools) == 63 and all(t.output_schema is None for t in tools.values()),
                    "--text-only: the same tools, without output schemas",
                )
            if mode.startswith("--areas"):
                check(
                    all(n.startswith(("tickets_", "email_")) for n in tools),
                    "--areas: only the tickets and email tools",
                    sorted(tools)[:5],
                )
            if mode.startswith("--compact"):
                check(
                    sorted(tools) == ["call_operation", "describe_operation", "list_operations"],
                    f"{mode}: three tools",
                    sorted(tools),
                )


def structured(result):
    return result.structured_content or {}


def error_text(result):
    return " ".join(getattr(c, "text", "") for c in result.content)


async def calls(binary, host, errlog):
    tickets = [{"id": i, "summary": f"Ticket {i}", "details": "x" * 40} for i in range(1, 31)]
    control(host, "POST", "/seed", {"Tickets": tickets})

    async with Server(binary, host, ["--max-retry-time", "3"], errlog) as server:
        # A list, one page at a time.
        first = await server.call("tickets_list", {"page_size": 10, "fields": ["id", "summary"]})
        page1 = structured(first)
        check(json.loads(error_text(first)) == page1, "the text is the structured content as JSON")
        ids1 = [r.get("id") for r in page1.get("records", [])]
        check(not first.is_error and ids1 == list(range(1, 11)), "tickets_list: page 1 holds tickets 1-10", page1)
        check(page1.get("total") == 30 and page1.get("count") == 10, "tickets_list: total 30, count 10", page1)
        check(set(page1["records"][0]) == {"id", "summary"}, "fields: only id and summary", page1["records"][0])
        cursor = page1.get("next_cursor")
        check(isinstance(cursor, str), "tickets_list: a next_cursor", page1)
        second = structured(await server.call("tickets_list", {"cursor": cursor, "fields": ["id"]}))
        ids2 = [r.get("id") for r in second.get("records", [])]
        check(ids2 == list(range(11, 21)), "tickets_list with the cursor: page 2 holds tickets 11-20", second)
        log = control(host, "GET", "/requests")
        pages = [r["query"] for r in log if r["operation_id"] == "listTickets"]
        check(
            any("page_no=2" in json.dumps(q) or (isinstance(q, dict) and str(q.get("page_no")) == "2") for q in pages),
            "the fake was asked for page_no 2",
            pages,
        )
        last = structured(await server.call("tickets_list", {"cursor": "3:10", "fields": ["id"]}))
        check("next_cursor" not in last and len(last.get("records", [])) == 10, "the last page has no next_cursor", last)

        # A get, a 404, arguments that do not fit.
        got = await server.call("tickets_get", {"id": 3})
        record = structured(got).get("record", {})
        check(not got.is_error and record.get("summary") == "Ticket 3", "tickets_get 3: the typed record", structured(got))
        missing = await server.call("tickets_get", {"id": 9999})
        detail = structured(missing).get("error", {})
        check(missing.is_error and detail.get("status") == 404, "tickets_get 9999: a tool error with status 404", dump(missing))
        check("404" in error_text(missing), "the 404's text names the status", error_text(missing))
        bad = await server.call("tickets_get", {"id": "three"})
        check(bad.is_error and "invalid arguments" in error_text(bad), "a bad argument is a tool error that says so", error_text(bad))

        # A write, refused: the server is read-only.
        before = len(control(host, "GET", "/records/Tickets"))
        refused = await server.call("tickets_create", {"body": [{"summary": "Printer on fire"}]})
        check(refused.is_error and "--allow-writes" in error_text(refused), "read-only: tickets_create is refused, saying how to allow it", error_text(refused))
        check(len(control(host, "GET", "/records/Tickets")) == before, "read-only: nothing was created")

        # A 429 with its wait: the runtime retries, then the server reports it.
        control(host, "POST", "/fail", {"operation": "listTickets", "status": 429, "retry_after": 1, "times": 20})
        started = time.monotonic()
        limited = await server.call("tickets_list", {"page_size": 5})
        took = time.monotonic() - started
        control(host, "DELETE", "/faults")
        detail = structured(limited).get("error", {})
        check(limited.is_error and detail.get("status") == 429, "a 429 is a tool error with status 429", dump(limited))
        check(detail.get("retry_after_seconds") == 1 and "wait 1 s" in error_text(limited), "the 429 says Halo's wait", error_text(limited))
        attempts = [r for r in control(host, "GET", "/requests") if r["operation_id"] == "listTickets" and r["status"] == 429]
        check(len(attempts) >= 2, f"the runtime retried the 429 ({len(attempts)} attempts in {took:.1f} s)", len(attempts))

    async with Server(binary, host, ["--allow-writes"], errlog) as server:
        before = len(control(host, "GET", "/records/Tickets"))
        dry = structured(await server.call("tickets_create", {"body": [{"summary": "Printer on fire"}], "dry_run": True}))
        request = dry.get("request", {})
        check(
            request.get("method") == "POST" and request.get("url", "").endswith("/api/Tickets")
            and request.get("body") == [{"summary": "Printer on fire"}],
            "dry run: the request it would send",
            dry,
        )
        check(request.get("headers", {}).get("Authorization") == "Bearer <redacted>", "dry run: no credentials shown", request)
        check(len(control(host, "GET", "/records/Tickets")) == before, "dry run: nothing was sent")
        created = await server.call("tickets_create", {"body": [{"summary": "Printer on fire"}], "fields": ["id", "summary"]})
        saved = structured(created).get("records", [{}])[0]
        check(not created.is_error and saved.get("summary") == "Printer on fire", "--allow-writes: tickets_create saves", structured(created))
        check(len(control(host, "GET", "/records/Tickets")) == before + 1, "--allow-writes: the fake has the new ticket")
        deleted = await server.call("tickets_delete", {"id": saved.get("id")})
        check(not deleted.is_error and structured(deleted).get("ok") is True, "tickets_delete answers ok", structured(deleted))
        gone = await server.call("tickets_get", {"id": saved.get("id")})
        check(gone.is_error, "the deleted ticket is gone (404)")

    async with Server(binary, host, ["--text-only"], errlog) as server:
        result = await server.call("tickets_list", {"page_size": 3, "fields": ["id"]})
        text = json.loads(error_text(result))
        check(
            result.structured_content is None and [r["id"] for r in text["records"]] == [1, 2, 3]
            and text["next_cursor"] == "2:3",
            "--text-only: the answer is JSON text, without structured content",
            error_text(result),
        )

    async with Server(binary, host, ["--compact"], errlog) as server:
        listed = structured(await server.call("list_operations", {"area": "tickets"}))
        names = [o["name"] for o in listed.get("operations", [])]
        check("tickets_get" in names and "tickets_create" not in names, "compact: list_operations lists the read-only tickets operations", names[:5])
        described = structured(await server.call("describe_operation", {"name": "tickets_get"}))
        schema = described.get("input_schema", {})
        Draft202012Validator.check_schema(schema)
        check(schema.get("required") == ["id"], "compact: describe_operation gives the input schema", schema.get("required"))
        called = structured(await server.call("call_operation", {"name": "tickets_get", "arguments": {"id": 4}}))
        check(called.get("record", {}).get("summary") == "Ticket 4", "compact: call_operation calls it", called)
        refused = await server.call("call_operation", {"name": "tickets_create", "arguments": {"body": []}})
        check(refused.is_error and "--allow-writes" in error_text(refused), "compact: a write is refused too", error_text(refused))


async def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--server", default="target/debug/halopsa-mcp")
    parser.add_argument("--fake", default="target/debug/halopsa-fake")
    args = parser.parse_args()
    fake, host = start_fake(args.fake)
    sizes = []
    try:
        with tempfile.TemporaryFile("w+") as errlog:
            await modes(args.server, host, errlog, sizes)
            await calls(args.server, host, errlog)
            errlog.seek(0)
            log_text = errlog.read()
        tokens = {r["token"] for r in control(host, "GET", "/requests") if r.get("token")}
        everything = "\n".join(seen_text) + log_text
        check(SECRET not in everything, "the client secret is in no answer and not in the server's log")
        check(tokens and not any(t in everything for t in tokens), f"no token the fake issued ({len(tokens)}) is in an answer or the log")
    finally:
        fake.terminate()
        fake.wait()
    print("\ntools/list answer (compact JSON, as the client received it):")
    for mode, count, size in sizes:
        print(f"  {mode:26} {count:4} tools {size:9,} bytes")
    print(f"\n{passed} passed, {failed} failed")
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    asyncio.run(main())
