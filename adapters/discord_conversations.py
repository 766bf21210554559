"""Which Discord messages continue a conversation with factbot, and under which conversation key.

A reply to one of factbot's answers continues that answer's conversation (a reply pings factbot by
default, so its text arrives without the privileged Message Content intent); a thread factbot answers in is
one conversation shared by everyone in it; elsewhere a person's questions in a channel are their own
conversation (channel + user), and a DM is the person's own.
"""

from __future__ import annotations

from collections import OrderedDict

import discord


class Conversations:
    """Factbot's answers (message id → conversation key) and the threads it answers in, bounded."""

    def __init__(self, size: int = 20_000):
        self._answers: OrderedDict[int, str] = OrderedDict()
        self._threads: OrderedDict[int, None] = OrderedDict()
        self._size = size

    def key_of(self, message: discord.Message, me: discord.abc.User) -> str:
        answered = self._replied_answer(message, me)
        if answered is not None:
            return answered
        channel = message.channel
        if message.guild is None:
            return f"dm:{channel.id}"
        if isinstance(channel, discord.Thread):
            return f"thread:{channel.id}"
        return f"channel:{channel.id}:user:{message.author.id}"

    def continues(self, message: discord.Message, me: discord.abc.User) -> bool:
        """A message not mentioning factbot that still belongs to a conversation with it: a reply to its
        answer or a message in a thread it answers in (both need their text: a ping, or the intent)."""
        if not message.content.strip():
            return False
        if self._replied_answer(message, me) is not None:
            return True
        return isinstance(message.channel, discord.Thread) and message.channel.id in self._threads

    def answered(self, answer: discord.Message, key: str) -> None:
        self._answers[answer.id] = key
        self._answers.move_to_end(answer.id)
        if isinstance(answer.channel, discord.Thread):
            self._threads[answer.channel.id] = None
            self._threads.move_to_end(answer.channel.id)
        for table in (self._answers, self._threads):
            while len(table) > self._size:
                table.popitem(last=False)

    def _replied_answer(self, message: discord.Message, me: discord.abc.User) -> str | None:
        reference = message.reference
        if reference is None or reference.message_id is None:
            return None
        key = self._answers.get(reference.message_id)
        if key is not None:
            return key
        resolved = reference.resolved
        if isinstance(resolved, discord.Message) and resolved.author.id == me.id:
            return f"reply:{resolved.id}"  # an answer from before a restart: a new conversation from it
        return None
