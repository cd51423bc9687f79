{{- define "continuum.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{- define "continuum.fullname" -}}
{{- if .Values.fullnameOverride -}}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- $name := default .Chart.Name .Values.nameOverride -}}
{{- if contains $name .Release.Name -}}
{{- .Release.Name | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" .Release.Name $name | trunc 63 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}
{{- end -}}

{{- define "continuum.selectorLabels" -}}
app.kubernetes.io/name: {{ include "continuum.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end -}}

{{- define "continuum.labels" -}}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{ include "continuum.selectorLabels" . }}
app.kubernetes.io/part-of: continuum
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
{{- end -}}

{{/* One service's resources are named <fullname>-<service>; (dict "root" $ "name" "allocation"). */}}
{{- define "continuum.componentName" -}}
{{- printf "%s-%s" (include "continuum.fullname" .root) .name | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{- define "continuum.componentSelectorLabels" -}}
{{ include "continuum.selectorLabels" .root }}
app.kubernetes.io/component: {{ .name }}
{{- end -}}

{{- define "continuum.componentLabels" -}}
{{ include "continuum.labels" .root }}
app.kubernetes.io/component: {{ .name }}
{{- end -}}

{{/*
`over` laid on `base`, recursively, as YAML. Unlike sprig's merge, a false or empty value in `over` wins, so a
service can turn off what serviceDefaults turns on.
*/}}
{{- define "continuum.overlay" -}}
{{- $out := deepCopy .base -}}
{{- range $key, $value := .over -}}
{{- if and (kindIs "map" $value) (kindIs "map" (get $out $key)) -}}
{{- $_ := set $out $key (include "continuum.overlay" (dict "base" (get $out $key) "over" $value) | fromYaml) -}}
{{- else -}}
{{- $_ := set $out $key $value -}}
{{- end -}}
{{- end -}}
{{- toYaml $out -}}
{{- end -}}

{{/* A service's settings: its entry under `services` over `serviceDefaults`; (dict "root" $ "name" "kpi"). */}}
{{- define "continuum.serviceConfig" -}}
{{- $entry := index .root.Values.services .name | default dict -}}
{{- include "continuum.overlay" (dict "base" .root.Values.serviceDefaults "over" $entry) -}}
{{- end -}}

{{/* The enabled services' names, sorted, as a YAML list (fromYamlArray). */}}
{{- define "continuum.enabledServices" -}}
{{- $names := list -}}
{{- range $name, $entry := .Values.services -}}
{{- if and $entry $entry.enabled -}}
{{- if not (regexMatch "^[a-z][a-z0-9]*$" $name) -}}
{{- fail (printf "services.%s: a service name is lower-case letters and digits (it becomes CONTINUUM_<NAME>_*)" $name) -}}
{{- end -}}
{{- $names = append $names $name -}}
{{- end -}}
{{- end -}}
{{- toYaml (sortAlpha $names) -}}
{{- end -}}

{{- define "continuum.image" -}}
{{- printf "%s:%s" .Values.image.repository (.Values.image.tag | default .Chart.AppVersion) -}}
{{- end -}}

{{- define "continuum.serviceAccountName" -}}
{{- if .Values.serviceAccount.create -}}
{{- default (include "continuum.fullname" .) .Values.serviceAccount.name -}}
{{- else -}}
{{- default "default" .Values.serviceAccount.name -}}
{{- end -}}
{{- end -}}

{{/* The env entry carrying a service's database URL from its Secret; (dict "name" "kpi" "svc" $svc). */}}
{{- define "continuum.databaseEnv" -}}
- name: {{ printf "CONTINUUM_%s_DATABASE_URL" (upper .name) }}
  valueFrom:
    secretKeyRef:
      name: {{ .svc.database.existingSecret | default (printf "continuum-%s-database" .name) }}
      key: {{ .svc.database.key | default "url" }}
{{- end -}}

{{/* NetworkPolicy egress rule: `to` the peers (any destination when none) on the given TCP ports. */}}
{{- define "continuum.egressRule" -}}
- ports:
  {{- range .ports }}
    - protocol: TCP
      port: {{ int . }}
  {{- end }}
  {{- with .peers }}
  to:
    {{- toYaml . | nindent 4 }}
  {{- end }}
{{- end -}}
