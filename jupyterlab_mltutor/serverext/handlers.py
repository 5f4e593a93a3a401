"""HTTP endpoints of the mltutor server extension, under <base_url>/mltutor/api/."""
import json

from jupyter_server.base.handlers import APIHandler
from tornado import web

from .outbox import clean_event
from .policy import read_policy


class PolicyHandler(APIHandler):
    """GET the class policy (re-read each time: the admin may change it during class)."""

    @web.authenticated
    def get(self):
        self.finish(json.dumps(read_policy()))


class EventsHandler(APIHandler):
    """POST verdict events into the learner's outbox; GET how many still wait."""

    @property
    def outbox(self):
        return self.settings["mltutor_outbox"]

    @web.authenticated
    async def post(self):
        try:
            body = json.loads(self.request.body or b"{}")
        except ValueError:
            raise web.HTTPError(400, "the body must be JSON")
        events = body.get("events") if isinstance(body, dict) else None
        if not isinstance(events, list) or len(events) > 500:
            raise web.HTTPError(400, 'expected {"events": [...]} with at most 500 events')
        accepted = [e for e in (clean_event(e) for e in events) if e is not None]
        if accepted:
            await self.outbox.add(accepted)
        self.finish(json.dumps({"queued": len(accepted), "rejected": len(events) - len(accepted)}))

    @web.authenticated
    def get(self):
        outbox = self.outbox
        self.finish(
            json.dumps(
                {
                    "pending": len(outbox.pending()),
                    "service": bool(outbox.service_url),
                    "lastError": outbox.last_error,
                }
            )
        )
