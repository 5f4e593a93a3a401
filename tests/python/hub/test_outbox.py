"""The learner's outbox: nothing is lost while the class service is away, and only
acknowledged events leave the file. A real HTTP service stands in for the class one."""
import asyncio
import json
import socket

import pytest
from tornado import web

from jupyterlab_mltutor.serverext.outbox import Outbox


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class FakeService:
    """Acknowledges what it receives, records the token it was sent."""

    def __init__(self, port, ack_all=True):
        self.port, self.ack_all = port, ack_all
        self.received, self.tokens, self.server = [], [], None

    def start(self):
        service = self

        class Events(web.RequestHandler):
            def post(self):
                events = json.loads(self.request.body)["events"]
                service.received.extend(e["id"] for e in events)
                service.tokens.append(self.request.headers.get("Authorization"))
                ids = [e["id"] for e in events]
                self.finish({"acknowledged": ids if service.ack_all else ids[:1]})

        self.server = web.Application([(r"/svc/api/events", Events)]).listen(
            self.port, "127.0.0.1"
        )

    def stop(self):
        self.server.stop()


def events(*ids):
    return [{"id": f"ev-{i:016d}", "kind": "check"} for i in ids]


@pytest.fixture
def outbox(tmp_path):
    port = free_port()
    box = Outbox(str(tmp_path / ".mltutor" / "outbox.jsonl"),
                 f"http://127.0.0.1:{port}/svc/", "learner-token")
    box.port = port
    return box


def test_events_wait_while_the_service_is_down_and_go_when_it_is_back(outbox):
    async def scenario():
        await outbox.add(events(1, 2))
        with pytest.raises(Exception):
            await outbox.flush()
        assert [e["id"] for e in outbox.pending()] == ["ev-0000000000000001",
                                                       "ev-0000000000000002"]
        service = FakeService(outbox.port)
        service.start()
        try:
            assert await outbox.flush() is True
        finally:
            service.stop()
        assert outbox.pending() == []
        assert service.tokens == ["token learner-token"]

    asyncio.run(scenario())


def test_only_acknowledged_events_leave_the_outbox(outbox):
    async def scenario():
        service = FakeService(outbox.port, ack_all=False)
        service.start()
        try:
            await outbox.add(events(1, 2, 3))
            assert await outbox.flush() is False
            assert [e["id"] for e in outbox.pending()] == ["ev-0000000000000002",
                                                           "ev-0000000000000003"]
        finally:
            service.stop()

    asyncio.run(scenario())


def test_a_torn_last_line_is_skipped_not_fatal(outbox):
    async def scenario():
        await outbox.add(events(1))
        with open(outbox.path, "a") as f:
            f.write('{"id": "ev-00000')  # the server died mid-write
        assert [e["id"] for e in outbox.pending()] == ["ev-0000000000000001"]

    asyncio.run(scenario())


def test_the_forwarder_retries_until_the_service_answers(outbox):
    async def scenario():
        await outbox.add(events(7))
        task = asyncio.ensure_future(outbox.run())
        await asyncio.sleep(1.5)  # a failed round or two
        assert outbox.pending() and outbox.last_error
        service = FakeService(outbox.port)
        service.start()
        try:
            await outbox.add(events(8))  # a new event wakes the forwarder at once
            for _ in range(50):
                if not outbox.pending():
                    break
                await asyncio.sleep(0.1)
            assert outbox.pending() == []
            assert sorted(set(service.received)) == ["ev-0000000000000007",
                                                     "ev-0000000000000008"]
        finally:
            task.cancel()
            service.stop()

    asyncio.run(scenario())
