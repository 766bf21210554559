"""Test doubles for the chat platforms: real HTTP and websocket servers on 127.0.0.1."""
