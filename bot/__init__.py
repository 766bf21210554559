"""factbot's platform-neutral core: the fact base, the matcher and handle(Request) -> Reply.

Nothing here imports an adapter, discord, slack_bolt or slack_sdk.
"""
