# factbot: one image for the console, Slack and Discord adapters.
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 FACTBOT_DB=/data/facts.db
WORKDIR /app
COPY pyproject.toml README.md ./
COPY bot ./bot
COPY adapters ./adapters
COPY facts.db ./facts.db
# The same install command as the README.
RUN python -m pip install --no-cache-dir . \
    && useradd --create-home --uid 10001 factbot \
    && mkdir -p /data && chown factbot /data
USER factbot
VOLUME ["/data"]
# First start: copy the embedded fact base onto the volume, then run the given command.
ENTRYPOINT ["sh", "-c", "[ -f \"$FACTBOT_DB\" ] || cp /app/facts.db \"$FACTBOT_DB\"; exec factbot \"$@\"", "factbot"]
CMD ["chat"]
