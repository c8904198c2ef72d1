"""Logging helpers for the settings' LOGGING."""

import logging


class OneLineFormatter(logging.Formatter):
    """The message alone, without the traceback of the exception it carries.

    For the expected and frequent: a request with a Host the site does not
    serve is a scanner's, and its traceback says nothing the message does not.
    """

    def formatException(self, ei) -> str:
        return ""

    def formatStack(self, stack_info) -> str:
        return ""
