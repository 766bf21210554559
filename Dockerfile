# factbot: one image for the console, Slack and Discord adapters.
#   docker build -t factbot .
#   docker run -v factbot-data:/data -e SLACK_BOT_TOKEN -e SLACK_SIGNING_SECRET -p 3000:3000 factbot slack --http
#   docker run --no-healthcheck -v factbot-data:/data -e SLACK_BOT_TOKEN -e SLACK_APP_TOKEN factbot slack
#   docker run --no-healthcheck -v factbot-data:/data -e DISCORD_TOKEN factbot discord
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 FACTBOT_DB=/data/facts.db
WORKDIR /app
COPY pyproject.toml README.md facts.db ./
COPY bot ./bot
COPY adapters ./adapters
# The same install command as the README.
RUN python3 -m pip install --no-cache-dir -e . \
    && useradd --create-home --uid 10001 factbot \
    && mkdir -p /data && chown factbot /data
USER factbot
# The fact base lives on the volume: admin changes and backups survive new images.
VOLUME ["/data"]
EXPOSE 3000
# HTTP mode's /healthz (Socket Mode and Discord have no port: run those with --no-healthcheck).
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 \
    CMD python3 -c "import urllib.request; urllib.request.urlopen('http://127.0.0.1:3000/healthz', timeout=4)"
# First start: copy the embedded fact base onto the volume; `docker stop` sends SIGTERM, which factbot
# handles by finishing the answers in flight and closing the fact base.
ENTRYPOINT ["sh", "-c", "[ -f \"$FACTBOT_DB\" ] || cp /app/facts.db \"$FACTBOT_DB\"; exec factbot \"$@\"", "factbot"]
CMD ["chat"]
