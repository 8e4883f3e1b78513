# Thư viện số: the production image. Compiled JavaScript, production dependencies only, non-root.
#   docker build -t thuvienso:0.1.0 .
# Run it through compose.yaml (two instances, a MongoDB replica set, a TLS proxy): docs/operations.md.
# Node 22 LTS by default; 24 LTS also works (--build-arg NODE_VERSION=24). The app needs MONGODB_URI:
# the embedded database of the trial setup is not in the image.
ARG NODE_VERSION=22

FROM node:${NODE_VERSION}-bookworm-slim AS build
WORKDIR /src
COPY package.json package-lock.json .npmrc ./
RUN npm ci --no-audit --no-fund --loglevel=error
COPY tsconfig.json tsconfig.build.json ./
COPY config ./config
COPY plugins ./plugins
COPY src ./src
COPY scripts ./scripts
COPY views ./views
COPY docs ./docs
# The same list of files the compiled-start test installs and runs (scripts/stageRuntime.mjs).
RUN node scripts/stageRuntime.mjs /runtime \
 && cd /runtime \
 && npm ci --omit=dev --no-audit --no-fund --loglevel=error \
 && npm cache clean --force

FROM node:${NODE_VERSION}-bookworm-slim
# DejaVu Sans: the Vietnamese glyphs of the PDFs the app prints. tini: signals reach node, zombies are reaped.
RUN apt-get update \
 && apt-get install -y --no-install-recommends fonts-dejavu-core tini \
 && rm -rf /var/lib/apt/lists/*
# MALLOC_ARENA_MAX: glibc's per-thread malloc arenas (libuv's pool, zlib, the text worker) fragment and
# made the resident set grow about 20% over a 10-minute soak with a flat JS heap; two arenas keep it flat.
ENV NODE_ENV=production \
    MALLOC_ARENA_MAX=2 \
    HOST=0.0.0.0 \
    PORT=3000 \
    DATA_DIR=/app/data
WORKDIR /app
# Owned by root and read-only to the app's user; only its data and backup folders are writable.
COPY --from=build /runtime ./
RUN mkdir -p /app/data /backups && chown node:node /app/data /backups
USER node
EXPOSE 3000
HEALTHCHECK --interval=15s --timeout=3s --start-period=60s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+(process.env.PORT||3000)+'/healthz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
ENTRYPOINT ["/usr/bin/tini", "--"]
# --heap-growing-percent=100: a full collection once the heap doubles its live set (see docs/operations.md).
CMD ["node", "--heap-growing-percent=100", "dist/src/server.js"]
