"""The learner's outbox: verdict events wait in a file in their home until the class
service acknowledges them, so a service restart or a network drop loses nothing.

Events are appended to `~/.mltutor/outbox.jsonl` as they come from the lab; a forwarder
sends what is pending with the server's own hub token (the learner's credentials) and
removes only the ids the service acknowledged. Event ids are made by the lab and kept,
so a resend after a lost acknowledgement counts once at the service.
"""
import asyncio
import json
import logging
import os
import re

from tornado.httpclient import AsyncHTTPClient, HTTPRequest

log = logging.getLogger("mltutor.outbox")

ID = re.compile(r"^[A-Za-z0-9_.:-]{8,100}$")
MAX_EVENT_BYTES = 20_000
BATCH = 200


def clean_event(event):
    """The event as stored, or None when it is not one (bad input never enters the outbox)."""
    if not isinstance(event, dict) or not ID.match(str(event.get("id", ""))):
        return None
    text = json.dumps(event, separators=(",", ":"))
    if len(text) > MAX_EVENT_BYTES:
        return None
    return event


class Outbox:
    """An append-only file of pending events, rewritten when some are acknowledged."""

    def __init__(self, path, service_url, token, *, retry_max=30.0):
        self.path = path
        self.service_url = service_url
        self.token = token
        self.retry_max = retry_max
        self._lock = asyncio.Lock()
        self._wake = asyncio.Event()
        self._task = None
        self.last_error = ""

    def pending(self):
        """The events not yet acknowledged, oldest first (a torn last line is skipped)."""
        try:
            with open(self.path, encoding="utf-8") as f:
                lines = f.read().splitlines()
        except FileNotFoundError:
            return []
        events = []
        for line in lines:
            try:
                event = json.loads(line)
            except ValueError:
                continue
            if clean_event(event) is not None:
                events.append(event)
        return events

    async def add(self, events):
        async with self._lock:
            os.makedirs(os.path.dirname(self.path), exist_ok=True)
            with open(self.path, "a", encoding="utf-8") as f:
                for event in events:
                    f.write(json.dumps(event, separators=(",", ":")) + "\n")
                f.flush()
                os.fsync(f.fileno())
        self._wake.set()

    async def _remove(self, acked):
        async with self._lock:
            keep = [e for e in self.pending() if e["id"] not in acked]
            tmp = self.path + ".tmp"
            with open(tmp, "w", encoding="utf-8") as f:
                for event in keep:
                    f.write(json.dumps(event, separators=(",", ":")) + "\n")
            os.replace(tmp, self.path)

    async def flush(self):
        """Send pending events once; True when nothing is left pending."""
        events = self.pending()
        if not events:
            return True
        if not self.service_url:
            self.last_error = "no class service is configured"
            return False
        batch = events[:BATCH]
        request = HTTPRequest(
            self.service_url.rstrip("/") + "/api/events",
            method="POST",
            body=json.dumps({"events": batch}),
            headers={"Authorization": f"token {self.token}", "Content-Type": "application/json"},
            request_timeout=15,
            connect_timeout=5,
        )
        response = await AsyncHTTPClient().fetch(request, raise_error=True)
        acked = set(json.loads(response.body).get("acknowledged", []))
        await self._remove(acked)
        self.last_error = ""
        return len(events) <= BATCH and acked >= {e["id"] for e in batch}

    async def run(self):
        """Forward for as long as the server runs, backing off while the service is away."""
        delay = 1.0
        while True:
            self._wake.clear()  # before the flush: an event added during it wakes the next round
            try:
                done = await self.flush()
            except Exception as error:  # the service is down or refused: retry later
                self.last_error = str(error)
                log.info("mltutor: class service not reached (%s); retry in %.0f s", error, delay)
                done = False
            if done:
                delay = 1.0
                await self._wake.wait()
                continue
            try:
                await asyncio.wait_for(self._wake.wait(), timeout=delay)
            except asyncio.TimeoutError:
                pass
            delay = min(delay * 2, self.retry_max)

    def start(self):
        if self._task is None and self.service_url:
            self._task = asyncio.ensure_future(self.run())
