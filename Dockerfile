# syntax=docker/dockerfile:1
# Kanaria's container image: build with dev dependencies, run with production ones only, as a non-root user.
FROM node:20-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm install --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY src src
COPY commands commands
COPY jobs jobs
RUN npm run build

FROM node:20-bookworm-slim
# git for simple-git (commits to the GitOps repo); tini so SIGTERM reaches Node, which drains the workers;
# the chart fonts (src/charts/fonts.ts): IPAexGothic for Japanese and Latin, DejaVu Sans as the Latin fallback.
RUN apt-get update \
  && apt-get install -y --no-install-recommends git tini ca-certificates fonts-ipaexfont-gothic fonts-dejavu-core \
  && rm -rf /var/lib/apt/lists/*
WORKDIR /app
ENV NODE_ENV=production
COPY package.json package-lock.json ./
RUN npm install --omit=dev --no-audit --no-fund && npm cache clean --force
COPY --from=build /app/dist dist
# The working copy of the GitOps repo lives in a writable volume (read-only root filesystem).
ENV KANARIA_WORKDIR=/var/lib/kanaria/work HOME=/var/lib/kanaria
USER node
EXPOSE 3000
ENTRYPOINT ["/usr/bin/tini", "--"]
CMD ["node", "dist/src/main.js"]
