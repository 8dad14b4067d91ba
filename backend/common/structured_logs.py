"""Log formats (settings.LOG_FORMAT): one JSON object per line in production, plain text
otherwise. Both show the request id that ``backend.common.request_ids.RequestIdFilter`` puts
on the record."""

import datetime
import json
import logging

from backend.common.moments import utc_iso


class JsonFormatter(logging.Formatter):
    """``{"time", "level", "logger", "message", "request_id"}`` and, for an exception,
    ``exc_info`` (the formatted traceback); a stack asked for with ``stack_info`` as well."""

    def format(self, record):
        entry = {
            "time": utc_iso(
                datetime.datetime.fromtimestamp(record.created, datetime.UTC),
                timespec="milliseconds",
            ),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
            "request_id": getattr(record, "request_id", ""),
        }
        if record.exc_info:
            entry["exc_info"] = self.formatException(record.exc_info)
        elif record.exc_text:
            entry["exc_info"] = record.exc_text
        if record.stack_info:
            entry["stack_info"] = self.formatStack(record.stack_info)
        return json.dumps(entry, ensure_ascii=False, default=str)


class PlainFormatter(logging.Formatter):
    """``time LEVEL logger [request id]: message``, the brackets only inside a request or job."""

    default_format = "%(asctime)s %(levelname)s %(name)s%(request_tag)s: %(message)s"

    def __init__(self, fmt=None, *args, **kwargs):
        super().__init__(fmt or self.default_format, *args, **kwargs)

    def format(self, record):
        request_id = getattr(record, "request_id", "")
        record.request_tag = f" [{request_id}]" if request_id else ""
        return super().format(record)
