# lbsim as a container: `lbsim` is the entrypoint, scenarios/ ships inside (mount your own at /work).
#
#   docker build -t REGISTRY/lbsim:0.1.0 .
#   docker run --rm REGISTRY/lbsim:0.1.0 run scenarios/mm1.json --json
#   docker run --rm -v "$PWD:/work" -w /work REGISTRY/lbsim:0.1.0 run my-scenario.json --out results.jsonl
#   docker push REGISTRY/lbsim:0.1.0
#
# Build stage: the full dependency set compiles src/ into dist/.
FROM node:20-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json tsconfig.json tsconfig.build.json ./
COPY src ./src
RUN npm ci --no-audit --no-fund --ignore-scripts && npm run build

# Runtime stage: production dependencies and dist/ only, run as the unprivileged `node` user.
FROM node:20-bookworm-slim
ENV NODE_ENV=production
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund --ignore-scripts && npm cache clean --force
COPY --from=build /app/dist ./dist
COPY bin ./bin
COPY scenarios ./scenarios
COPY scenario.schema.json README.md ./
COPY docs ./docs
USER node
ENTRYPOINT ["node", "/app/bin/lbsim.js"]
CMD ["--help"]
