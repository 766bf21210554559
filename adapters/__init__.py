"""factbot: the application package. Its modules are the adapters (console, Slack, Discord) and the
process runtime; `factbot.bot` is the platform-neutral core, which never imports anything from here."""

__version__ = "0.2.0"
