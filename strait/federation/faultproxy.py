"""A small HTTP proxy that misbehaves on purpose, for federation tests and benchmarks.

It sits between two nodes on loopback and, per request, forwards it faithfully or injects one
fault: drop the request, delay it, lose the response after the upstream applied it, send it
twice, hold it and deliver it late (reordering it behind newer requests), reset the connection,
or cut the request off half-way. One request per client connection (``Connection: close``), so
every fault is a clean event the sender must survive.

``partitioned = True`` cuts the link outright until set back to False (healed): every request is
dropped unanswered, and nothing held back (a late or delayed request) crosses while it is cut.
"""

from __future__ import annotations

import asyncio
import contextlib
import random
import socket
import struct
import threading
from collections import Counter
from dataclasses import dataclass, field

FAULTS = ("drop", "delay", "lose_response", "duplicate", "late", "reset", "cut")


@dataclass
class FaultPlan:
    """Probability of each fault per request; the rest pass untouched."""

    rates: dict[str, float] = field(default_factory=dict)
    seed: int = 7
    max_delay: float = 0.5
    late_by: float = 1.5

    @classmethod
    def uniform(cls, total: float, seed: int = 7) -> FaultPlan:
        return cls({name: total / len(FAULTS) for name in FAULTS}, seed=seed)


class FaultProxy:
    def __init__(self, upstream_port: int, plan: FaultPlan | None = None) -> None:
        self.upstream_port = upstream_port
        self.plan = plan or FaultPlan()
        self.rng = random.Random(self.plan.seed)  # noqa: S311 (fault injection, not crypto)
        self.counts: Counter[str] = Counter()
        self.enabled = True
        self.partitioned = False  # the link is cut: nothing crosses until healed
        self.port = 0
        self._loop: asyncio.AbstractEventLoop | None = None
        self._thread: threading.Thread | None = None
        self._ready = threading.Event()
        self._server: asyncio.base_events.Server | None = None
        self._pending: set[asyncio.Task[None]] = set()  # late requests still to deliver

    # --- lifecycle -------------------------------------------------------------------------
    def start(self) -> FaultProxy:
        self._thread = threading.Thread(target=self._run, name="fault-proxy", daemon=True)
        self._thread.start()
        if not self._ready.wait(10):
            raise RuntimeError("fault proxy did not start")
        return self

    def stop(self) -> None:
        if self._loop is not None:
            self._loop.call_soon_threadsafe(self._loop.stop)
        if self._thread is not None:
            self._thread.join(10)

    def _run(self) -> None:
        self._loop = asyncio.new_event_loop()
        asyncio.set_event_loop(self._loop)
        self._server = self._loop.run_until_complete(
            asyncio.start_server(self._handle, "127.0.0.1", 0)
        )
        self.port = self._server.sockets[0].getsockname()[1]
        self._ready.set()
        self._loop.run_forever()
        self._server.close()
        self._loop.close()

    # --- one request ---------------------------------------------------------------------
    def _choose(self) -> str:
        if self.partitioned:
            return "partition"
        if not self.enabled:
            return "pass"
        roll = self.rng.random()
        for name, rate in self.plan.rates.items():
            if roll < rate:
                return name
            roll -= rate
        return "pass"

    async def _handle(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            request = await _read_request(reader)
        except (asyncio.IncompleteReadError, ValueError, ConnectionError):
            writer.close()
            return
        fault = self._choose()
        self.counts[fault] += 1
        try:
            await self._apply(fault, request, writer)
        except (ConnectionError, OSError):
            pass
        finally:
            if not writer.is_closing():
                writer.close()

    async def _apply(self, fault: str, request: bytes, writer: asyncio.StreamWriter) -> None:
        if fault in ("drop", "partition"):
            return
        if fault == "reset":
            sock = writer.get_extra_info("socket")
            if sock is not None:  # SO_LINGER 0: close sends RST instead of FIN
                sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
            return
        if fault == "cut":
            await self._forward(request[: max(1, len(request) // 2)], expect_reply=False)
            return
        if fault == "late":
            task = asyncio.get_running_loop().create_task(self._late(request))
            self._pending.add(task)
            task.add_done_callback(self._pending.discard)
            return
        if fault == "delay":
            await asyncio.sleep(self.rng.uniform(0.0, self.plan.max_delay))
        response = await self._forward(request)
        if fault == "duplicate":
            response = await self._forward(request)
        if fault == "lose_response":
            return
        writer.write(response)
        await writer.drain()

    async def _late(self, request: bytes) -> None:
        await asyncio.sleep(self.plan.late_by)
        with contextlib.suppress(ConnectionError, OSError):
            await self._forward(request)

    async def _forward(self, request: bytes, expect_reply: bool = True) -> bytes:
        if self.partitioned:  # cut while this request was held back (late, delayed)
            raise ConnectionResetError("the link is partitioned")
        reader, writer = await asyncio.open_connection("127.0.0.1", self.upstream_port)
        try:
            writer.write(request)
            await writer.drain()
            if not expect_reply:
                return b""
            return await reader.read(-1)  # upstream closes: we asked for Connection: close
        finally:
            writer.close()


async def _read_request(reader: asyncio.StreamReader) -> bytes:
    head = await reader.readuntil(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    length = 0
    kept = [lines[0]]
    for line in lines[1:]:
        if not line:
            continue
        name, _, value = line.partition(":")
        if name.strip().lower() == "content-length":
            length = int(value.strip())
        if name.strip().lower() in ("connection", "keep-alive"):
            continue
        kept.append(line)
    kept.append("Connection: close")
    body = await reader.readexactly(length) if length else b""
    return ("\r\n".join(kept) + "\r\n\r\n").encode("latin-1") + body
