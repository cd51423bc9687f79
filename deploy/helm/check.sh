#!/usr/bin/env bash
# The deployment checks `make test` runs: `helm lint` and `helm template` of deploy/helm/continuum with each
# ci/*-values.yaml; the rendered manifests against the Kubernetes JSON Schemas of the versions below, offline
# (kubeconform, strict: an unknown field is an error), with the runbooks' replay Job; the alert rules (promtool
# check and its unit tests).
# Tools are built once from their Go modules and kept in .cache/; the schemas are made from the Kubernetes OpenAPI
# document and the prometheus-operator CRDs, fetched as Go modules. Nothing else reaches the network.
set -euo pipefail
cd "$(dirname "$0")/../.."

# Every version these checks depend on.
HELM_VERSION=v4.3.2                   # helm.sh/helm/v4
KUBECONFORM_VERSION=v0.8.0            # github.com/yannh/kubeconform
PROMETHEUS_VERSION=v0.316.0           # github.com/prometheus/prometheus (promtool)
KUBERNETES_VERSIONS="1.34.4 1.37.2"   # k8s.io/kubernetes: api/openapi-spec/swagger.json
PROMETHEUS_OPERATOR_VERSION=v0.85.0   # github.com/prometheus-operator/prometheus-operator: jsonnet/*-crd.json

CHART=deploy/helm/continuum
ALERTS=deploy/observability/alerts.yaml
REPLAY_JOB=deploy/helm/kpi-replay-job.yaml
CACHE="$PWD/.cache"
BIN="$CACHE/bin"
RENDERED="$CACHE/helm-rendered"
SCHEMAS="$CACHE/kubernetes-schemas"
PYTHON="${PYTHON:-python3}"
# The machine's Go, never a downloaded toolchain; module mode even where a go.mod or go.work lies around.
export GOTOOLCHAIN=local GOFLAGS=-mod=mod GOWORK=off

fail() { printf 'deploy/helm/check.sh: %s\n' "$*" >&2; exit 1; }

need_go() {
    command -v go >/dev/null || fail "Go is needed to build $1 once (none on PATH); install Go 1.26 or later"
}

# tool NAME PACKAGE VERSION [LDFLAGS [TAGS]]: the path of NAME built from PACKAGE@VERSION, built the first time.
tool() {
    local name=$1 package=$2 version=$3 ldflags="-s -w ${4:-}" tags=${5:-} dir="$BIN/$1-$3"
    if [ ! -x "$dir/$name" ]; then
        need_go "$name"
        printf 'building %s %s from its Go module (once; kept in %s)\n' "$name" "$version" "$dir" >&2
        rm -rf "$dir.partial"
        GOBIN="$dir.partial" go install -trimpath -ldflags="$ldflags" -tags="$tags" "$package@$version" >&2 \
            || fail "could not build $package@$version (is the Go module proxy reachable?)"
        rm -rf "$dir" && mv "$dir.partial" "$dir"
    fi
    printf '%s\n' "$dir/$name"
}

# module_dir MODULE VERSION: where the Go module cache holds MODULE@VERSION, downloading it the first time.
module_dir() {
    need_go "$1"
    local json
    json=$(go mod download -json "$1@$2") || fail "could not download the Go module $1@$2"
    printf '%s\n' "$json" | "$PYTHON" -c 'import json, sys; print(json.load(sys.stdin)["Dir"])'
}

helm=$(tool helm helm.sh/helm/v4/cmd/helm "$HELM_VERSION" "-X helm.sh/helm/v4/internal/version.version=$HELM_VERSION")
kubeconform=$(tool kubeconform github.com/yannh/kubeconform/cmd/kubeconform "$KUBECONFORM_VERSION")
# Rules need none of Prometheus's service discovery plugins (cloud SDKs): leaving them out halves the build.
promtool=$(tool promtool github.com/prometheus/prometheus/cmd/promtool "$PROMETHEUS_VERSION" "" remove_all_sd)

values=("$CHART"/ci/*-values.yaml)
[ -e "${values[0]}" ] || fail "no $CHART/ci/*-values.yaml to render"

echo "helm lint ($HELM_VERSION, strict): ${#values[@]} ci value sets"
for file in "${values[@]}"; do
    "$helm" lint "$CHART" --strict --quiet --values "$file"
done

echo "helm template: each ci value set; and no install without Kafka and the OpenID Connect provider"
rm -rf "$RENDERED" && mkdir -p "$RENDERED"
for file in "${values[@]}"; do
    "$helm" template continuum "$CHART" --namespace continuum --values "$file" >"$RENDERED/$(basename "$file")" \
        || fail "helm template failed with $file"
done
if refusal=$("$helm" template continuum "$CHART" 2>&1); then
    fail "helm template rendered without kafka.bootstrapServers; the chart must refuse"
fi
case "$refusal" in *kafka.bootstrapServers*) ;; *) fail "unexpected refusal without values: $refusal" ;; esac

crds=$(module_dir github.com/prometheus-operator/prometheus-operator "$PROMETHEUS_OPERATOR_VERSION")/jsonnet/prometheus-operator
for version in $KUBERNETES_VERSIONS; do
    echo "kubeconform ($KUBECONFORM_VERSION, strict): the rendered manifests against Kubernetes $version"
    openapi=$(module_dir k8s.io/kubernetes "v$version")/api/openapi-spec/swagger.json
    [ -f "$openapi" ] || fail "no OpenAPI document at $openapi"
    "$PYTHON" deploy/helm/kubernetes_schemas.py --openapi "$openapi" \
        --crd "$crds/servicemonitors-crd.json" --crd "$crds/podmonitors-crd.json" \
        --crd "$crds/prometheusrules-crd.json" \
        --out "$SCHEMAS/v$version-standalone-strict" "$RENDERED"/*.yaml "$REPLAY_JOB"
    "$kubeconform" -strict -summary -kubernetes-version "$version" -schema-location "$SCHEMAS" \
        "$RENDERED"/*.yaml "$REPLAY_JOB"
done

echo "promtool ($PROMETHEUS_VERSION): the alert rules, and their unit tests"
cmp -s "$ALERTS" "$CHART/files/alerts.yaml" \
    || fail "$CHART/files/alerts.yaml (the chart's PrometheusRule) differs from $ALERTS: cp $ALERTS $CHART/files/"
"$promtool" check rules "$ALERTS"
"$promtool" test rules deploy/observability/alerts-test.yaml
