"""User errors: their message is shown to the person as is. Anything else is a bug and gets an apology."""


class BotError(Exception):
    """A problem the user can fix; the message is short, clear and safe to show in chat."""


class BadArgument(BotError):
    """An argument is malformed: a bad date, URL, relation, id or empty text."""


class NotFound(BotError):
    """The fact, entity or change asked for does not exist (or is not visible here)."""


class NotAllowed(BotError):
    """The user may not do this (e.g. change facts without admin rights)."""
