"""Asking from where people already are in Discord: the "Ask factbot" message menu, /help, and user
installs (so /ask, /leadership and /help work in servers factbot is not in, and in any DM).

Registered on the command tree by discord_adapter.Factbot with one call.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import discord
from discord import app_commands

from factbot.bot.domain.port import AboutText, Help, Role

if TYPE_CHECKING:
    from factbot.discord_adapter import Factbot

MENU_NAME = "Ask factbot"
MAX_INPUT = 4000
# Installable on servers and on users' own accounts; usable in servers, DMs with factbot and group DMs.
INSTALLS = app_commands.AppInstallationType(guild=True, user=True)
CONTEXTS = app_commands.AppCommandContext(guild=True, dm_channel=True, private_channel=True)


def register(bot: Factbot) -> None:
    tree = bot.tree

    async def about_message(interaction: discord.Interaction, message: discord.Message) -> None:
        # A message command's target arrives with its text, intent or not; only the asker sees the answer.
        await bot.respond(interaction, AboutText(message.content[:MAX_INPUT]), Role.MEMBER, ephemeral=True)

    tree.add_command(
        app_commands.ContextMenu(
            name=MENU_NAME,
            callback=about_message,
            type=discord.AppCommandType.message,
            allowed_installs=INSTALLS,
            allowed_contexts=CONTEXTS,
        )
    )

    @tree.command(name="help", description="What factbot answers, follow-up questions and its commands")
    @app_commands.allowed_installs(guilds=True, users=True)
    @app_commands.allowed_contexts(guilds=True, dms=True, private_channels=True)
    async def help(interaction: discord.Interaction) -> None:
        await bot.respond(interaction, Help(), Role.MEMBER, ephemeral=True)

    for name in ("ask", "leadership"):
        command = tree.get_command(name)
        if isinstance(command, app_commands.Command):
            command.allowed_installs = INSTALLS
            command.allowed_contexts = CONTEXTS
