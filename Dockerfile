# opsledger server image: a static binary on distroless, running as a
# non-root user. Build and run:
#
#   docker build --build-arg VERSION=$(git describe --tags --always) \
#     --build-arg REVISION=$(git rev-parse HEAD) -t opsledger .
#   docker run --rm -p 8080:8080 -e OPS_POSTGRES_URL=... -e OPS_JWT_SECRET=... -e OPS_LOG_KEY=... opsledger
#
# The build context holds no .git (see .dockerignore), so the version and
# revision `opsledger version` prints come from the build arguments.

FROM golang:1.26-bookworm AS build
WORKDIR /src
# Modules first: this layer is rebuilt only when go.mod or go.sum change.
COPY go.mod go.sum ./
RUN go mod download
COPY . .
ARG VERSION=""
ARG REVISION=""
# CGO off: a static binary that needs no libc in the final image.
RUN CGO_ENABLED=0 go build -trimpath -buildvcs=false \
      -ldflags="-s -w -X main.version=${VERSION} -X main.revision=${REVISION}" \
      -o /out/opsledger ./cmd/opsledger

# distroless/static: CA certificates (for an https OPS_JWKS_URL), time zone
# data and /etc/passwd with the nonroot user (65532), and no shell.
FROM gcr.io/distroless/static-debian12:nonroot
COPY --from=build /out/opsledger /usr/local/bin/opsledger
USER nonroot:nonroot
EXPOSE 8080
ENTRYPOINT ["/usr/local/bin/opsledger"]
CMD ["serve"]
