"""Platform adapters: console (CLI), and later Slack and Discord. Each only translates; the core decides."""
