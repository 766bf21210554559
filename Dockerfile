# factbot: one image for Slack (HTTP mode or Socket Mode) and Discord; the console commands work inside too.
#   docker build -t factbot .
#   docker run -d -v factbot-data:/data -e SLACK_BOT_TOKEN -e SLACK_SIGNING_SECRET -p 3000:3000 factbot
#   docker run -d -v factbot-data:/data -e SLACK_BOT_TOKEN -e SLACK_APP_TOKEN factbot slack
#   docker run -d -v factbot-data:/data -e DISCORD_TOKEN factbot discord
#   docker run --rm -v factbot-data:/data -e DISCORD_TOKEN factbot discord sync
#   docker run --rm -v factbot-data:/data factbot ask "who runs openai?"
# Every bot mode serves /healthz, /readyz, /livez and /metrics on FACTBOT_HEALTH_PORT (8080), which the
# HEALTHCHECK below calls, so all three modes report their real state (platform connection, fact base).
#
# The base image is pinned by digest as well as by tag. The digest below is that of
# python:3.11.10-slim-bookworm as six unrelated public Dockerfiles pin it (Renovate-maintained among them);
# no Docker engine runs on the machine this was written on, so it was not pulled here. Confirm or bump it with
#   docker buildx imagetools inspect python:3.11-slim-bookworm
# and change tag and digest together (or pass --build-arg PYTHON_IMAGE=…).
ARG PYTHON_IMAGE=python:3.11.10-slim-bookworm@sha256:5148c0e4bbb64271bca1d3322360ebf4bfb7564507ae32dd639322e4952a6b16

# -- build: factbot's own wheel (the build backend pinned by hash too) -------------------------------------
FROM ${PYTHON_IMAGE} AS build
WORKDIR /src
COPY requirements-build.lock ./
RUN python3 -m pip install --no-cache-dir --require-hashes -r requirements-build.lock
COPY pyproject.toml README.md LICENSE ./
COPY bot ./bot
COPY adapters ./adapters
RUN python3 -m pip wheel --no-cache-dir --no-build-isolation --no-deps --wheel-dir /wheels .

# -- runtime ----------------------------------------------------------------------------------------------
FROM ${PYTHON_IMAGE}
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 \
    FACTBOT_DB=/data/facts.db FACTBOT_HEALTH_PORT=8080 FACTBOT_LOG_FORMAT=json
# Dependencies in their own layer, from the lock file only (exact versions, every file's sha256): a code
# change rebuilds the layers below this one, never this one. The lock holds every transitive dependency,
# hence --no-deps. Regenerate it with `bash .ci/lock`.
COPY requirements.lock /tmp/requirements.lock
RUN python3 -m pip install --no-cache-dir --require-hashes --no-deps -r /tmp/requirements.lock \
    && rm /tmp/requirements.lock \
    && useradd --create-home --uid 10001 factbot \
    && mkdir -p /data /app && chown factbot /data
# factbot itself: the wheel built above (not an editable install), and the embedded fact base for a first start.
COPY --from=build /wheels/ /tmp/wheels/
RUN python3 -m pip install --no-cache-dir --no-deps /tmp/wheels/*.whl && rm -rf /tmp/wheels
COPY facts.db /app/facts.db
USER factbot
# The fact base lives on the volume: admin changes and backups survive new images.
VOLUME ["/data"]
# 3000: Slack HTTP mode's events endpoint; 8080: health, readiness and metrics (every mode).
EXPOSE 3000 8080
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
    CMD ["python3", "-c", "import os, urllib.request; urllib.request.urlopen('http://127.0.0.1:%s/healthz' % os.environ.get('FACTBOT_HEALTH_PORT', '8080'), timeout=4)"]
# First start: copy the embedded fact base onto the volume; `docker stop` sends SIGTERM, which factbot
# handles by finishing the answers in flight and closing the fact base.
ENTRYPOINT ["sh", "-c", "[ -f \"$FACTBOT_DB\" ] || cp /app/facts.db \"$FACTBOT_DB\"; exec factbot \"$@\"", "factbot"]
# A server by default: Slack HTTP mode on port 3000 (`slack` alone is Socket Mode, `discord` is Discord).
CMD ["slack", "--http", "--port", "3000"]
