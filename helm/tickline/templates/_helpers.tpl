{{/* Chart name, truncated to the 63 characters a label value allows. */}}
{{- define "tickline.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/* Release-scoped prefix for every object name. */}}
{{- define "tickline.fullname" -}}
{{- if .Values.fullnameOverride }}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- $name := default .Chart.Name .Values.nameOverride }}
{{- if contains $name .Release.Name }}
{{- .Release.Name | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- printf "%s-%s" .Release.Name $name | trunc 63 | trimSuffix "-" }}
{{- end }}
{{- end }}
{{- end }}

{{- define "tickline.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/* Name of one component's objects: <fullname>-<component>. Call with (dict "root" $ "component" "cache"). */}}
{{- define "tickline.componentName" -}}
{{- printf "%s-%s" (include "tickline.fullname" .root) .component | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/* Labels that never change for a component: Deployment selectors are immutable. */}}
{{- define "tickline.selectorLabels" -}}
app.kubernetes.io/name: {{ include "tickline.name" .root }}
app.kubernetes.io/instance: {{ .root.Release.Name }}
app.kubernetes.io/component: {{ .component }}
{{- end }}

{{- define "tickline.labels" -}}
helm.sh/chart: {{ include "tickline.chart" .root }}
{{ include "tickline.selectorLabels" . }}
app.kubernetes.io/version: {{ .root.Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .root.Release.Service }}
app.kubernetes.io/part-of: tickline
{{- end }}

{{/*
The deployable services: values key, component name (object and label suffix) and, for the
replica ingestion system, the SYSTEM it runs as. Templates range over this list so every
service gets the same hardened treatment.
*/}}
{{- define "tickline.workloads" -}}
{{- $list := list -}}
{{- range $key := list "exchangeLocal" "venueReplay" "ingestor" "validator" "cache" "publisher" "exporter" -}}
{{- $svc := index $.Values $key -}}
{{- if $svc.enabled -}}
{{- $list = append $list (dict "key" $key "component" (kebabcase $key) "system" ($svc.system | default "") "replica" false) -}}
{{- if and (eq $key "ingestor") $svc.replicaSystem.enabled -}}
{{- $list = append $list (dict "key" $key "component" "ingestor-replica" "system" "replica" "replica" true) -}}
{{- end -}}
{{- end -}}
{{- end -}}
{{- toJson (dict "items" $list) -}}
{{- end }}

{{/* Container image reference; the tag defaults to the chart's appVersion. Call with (dict "root" $ "image" $svc.image). */}}
{{- define "tickline.image" -}}
{{- printf "%s:%s" .image.repository (.image.tag | default .root.Chart.AppVersion | toString) }}
{{- end }}

{{/* Pod and container security settings shared by every workload (restricted Pod Security Standard). */}}
{{- define "tickline.podSecurityContext" -}}
runAsNonRoot: true
runAsUser: 10001
runAsGroup: 10001
fsGroup: 10001
seccompProfile:
  type: RuntimeDefault
{{- end }}

{{- define "tickline.containerSecurityContext" -}}
runAsNonRoot: true
runAsUser: 10001
runAsGroup: 10001
readOnlyRootFilesystem: true
allowPrivilegeEscalation: false
privileged: false
capabilities:
  drop: ["ALL"]
seccompProfile:
  type: RuntimeDefault
{{- end }}

{{/*
Environment from existing Secrets for the dependencies a service declares. Only references:
the chart never renders a Secret with data.
*/}}
{{- define "tickline.dependencyEnv" -}}
{{- $root := .root }}
{{- $deps := .svc.dependencies }}
{{- if $deps.database }}
- name: DATABASE_URL
  valueFrom:
    secretKeyRef:
      name: {{ $root.Values.database.existingSecret }}
      key: {{ $root.Values.database.urlKey }}
{{- end }}
{{- if and $deps.kafka $root.Values.kafka.sasl.existingSecret }}
- name: KAFKA_SASL_USERNAME
  valueFrom:
    secretKeyRef:
      name: {{ $root.Values.kafka.sasl.existingSecret }}
      key: {{ $root.Values.kafka.sasl.usernameKey }}
- name: KAFKA_SASL_PASSWORD
  valueFrom:
    secretKeyRef:
      name: {{ $root.Values.kafka.sasl.existingSecret }}
      key: {{ $root.Values.kafka.sasl.passwordKey }}
{{- end }}
{{- if and $deps.exchange $root.Values.exchange.existingSecret }}
{{- $role := $deps.exchange }}
- name: EXCHANGE_{{ upper $role }}_ACCESS_KEY_ID
  valueFrom:
    secretKeyRef:
      name: {{ $root.Values.exchange.existingSecret }}
      key: {{ index $root.Values.exchange (printf "%sAccessKeyIdKey" $role) }}
- name: EXCHANGE_{{ upper $role }}_SECRET_ACCESS_KEY
  valueFrom:
    secretKeyRef:
      name: {{ $root.Values.exchange.existingSecret }}
      key: {{ index $root.Values.exchange (printf "%sSecretAccessKeyKey" $role) }}
{{- end }}
{{- if and $deps.s3 $root.Values.s3.existingSecret }}
- name: S3_ACCESS_KEY_ID
  valueFrom:
    secretKeyRef:
      name: {{ $root.Values.s3.existingSecret }}
      key: {{ $root.Values.s3.accessKeyIdKey }}
- name: S3_SECRET_ACCESS_KEY
  valueFrom:
    secretKeyRef:
      name: {{ $root.Values.s3.existingSecret }}
      key: {{ $root.Values.s3.secretAccessKeyKey }}
{{- end }}
{{- end }}

{{/* Data Exchange endpoint: the configured one, else the release's exchange-local, else AWS (empty). */}}
{{- define "tickline.exchangeEndpoint" -}}
{{- if .Values.exchange.endpoint -}}
{{- .Values.exchange.endpoint -}}
{{- else if .Values.exchangeLocal.enabled -}}
{{- printf "http://%s:%v" (include "tickline.componentName" (dict "root" . "component" "exchange-local")) .Values.exchangeLocal.port -}}
{{- end -}}
{{- end }}

{{/* Shared, non-secret connection settings for the dependencies a service declares. */}}
{{- define "tickline.dependencyConfig" -}}
{{- $root := .root }}
{{- $deps := .svc.dependencies }}
{{- if $deps.kafka }}
KAFKA_BROKERS: {{ $root.Values.kafka.brokers | quote }}
KAFKA_SSL: {{ $root.Values.kafka.ssl | toString | quote }}
{{- with $root.Values.kafka.sasl.mechanism }}
KAFKA_SASL_MECHANISM: {{ . | quote }}
{{- end }}
{{- with $root.Values.kafka.topicReplicationFactor }}
KAFKA_TOPIC_REPLICATION_FACTOR: {{ . | toString | quote }}
{{- end }}
{{- end }}
{{- if $deps.s3 }}
S3_REGION: {{ $root.Values.s3.region | quote }}
{{- with $root.Values.s3.endpoint }}
S3_ENDPOINT: {{ . | quote }}
{{- end }}
{{- with $root.Values.s3.bucket }}
S3_BUCKET: {{ . | quote }}
{{- end }}
{{- end }}
{{- if $deps.exchange }}
EXCHANGE_REGION: {{ $root.Values.exchange.region | quote }}
{{- with (include "tickline.exchangeEndpoint" $root) }}
EXCHANGE_ENDPOINT: {{ . | quote }}
{{- end }}
{{- if and (eq $deps.exchange "provider") $root.Values.exchange.productId }}
EXCHANGE_PRODUCT_ID: {{ $root.Values.exchange.productId | quote }}
{{- end }}
{{- end }}
{{- end }}

{{/* Readable checks the JSON schema cannot express; rendered first by templates/validate.yaml. */}}
{{- define "tickline.validateValues" -}}
{{- $errors := list -}}
{{- range $item := (include "tickline.workloads" . | fromJson).items -}}
{{- $svc := index $.Values $item.key -}}
{{- $budget := add $svc.shutdown.drainTimeoutSeconds $svc.shutdown.preStopSleepSeconds -}}
{{- if le (int $svc.shutdown.terminationGracePeriodSeconds) (int $budget) -}}
{{- $errors = append $errors (printf "%s.shutdown.terminationGracePeriodSeconds (%v) must be greater than drainTimeoutSeconds + preStopSleepSeconds (%v), or Kubernetes kills the pod while it drains" $item.key $svc.shutdown.terminationGracePeriodSeconds $budget) -}}
{{- end -}}
{{- if and $svc.autoscaling $svc.autoscaling.enabled (gt (int $svc.autoscaling.minReplicas) (int $svc.autoscaling.maxReplicas)) -}}
{{- $errors = append $errors (printf "%s.autoscaling.minReplicas (%v) must not exceed maxReplicas (%v)" $item.key $svc.autoscaling.minReplicas $svc.autoscaling.maxReplicas) -}}
{{- end -}}
{{- if and $svc.dependencies.database (not $.Values.database.existingSecret) -}}
{{- $errors = append $errors (printf "%s needs PostgreSQL: set database.existingSecret to the name of a Secret holding %s" $item.key $.Values.database.urlKey) -}}
{{- end -}}
{{- if and $svc.dependencies.kafka (not $.Values.kafka.brokers) -}}
{{- $errors = append $errors (printf "%s needs Kafka: set kafka.brokers (host:port,host:port)" $item.key) -}}
{{- end -}}
{{- end -}}
{{- if and .Values.ingestor.enabled (empty .Values.ingestor.subscriptions) -}}
{{- $errors = append $errors "ingestor.subscriptions is empty: set the subscription document (venues, symbols, types; see docs/ingestor.md)" -}}
{{- end -}}
{{- if and .Values.kafka.sasl.mechanism (not .Values.kafka.sasl.existingSecret) -}}
{{- $errors = append $errors "kafka.sasl.mechanism is set: kafka.sasl.existingSecret must name a Secret with the SASL username and password" -}}
{{- end -}}
{{- range $key := list "publisher" "exporter" -}}
{{- $svc := index $.Values $key -}}
{{- if and $svc.enabled $svc.dependencies.exchange $.Values.exchangeLocal.enabled (not $.Values.exchange.existingSecret) -}}
{{- $errors = append $errors (printf "%s talks to exchange-local, which tells accounts apart by access key: set exchange.existingSecret to a Secret with the %s account's keys" $key $svc.dependencies.exchange) -}}
{{- end -}}
{{- end -}}
{{- if and .Values.exchangeLocal.enabled (not .Values.s3.existingSecret) -}}
{{- $errors = append $errors "exchangeLocal needs static S3 credentials: set s3.existingSecret" -}}
{{- end -}}
{{- if and .Values.migrations.enabled (not .Values.database.existingSecret) -}}
{{- $errors = append $errors "migrations.enabled needs database.existingSecret" -}}
{{- end -}}
{{- if $errors -}}
{{- fail (printf "\n\nInvalid tickline values:\n  - %s\n" (join "\n  - " $errors)) -}}
{{- end -}}
{{- end }}

{{/* A service's ConfigMap data: kit settings, dependency settings, then the service's own config. */}}
{{- define "tickline.configData" -}}
SERVICE_NAME: {{ .item.component | quote }}
PORT: {{ .svc.port | toString | quote }}
SHUTDOWN_DRAIN_TIMEOUT: {{ printf "%ds" (int .svc.shutdown.drainTimeoutSeconds) | quote }}
{{- if .svc.grpcPort }}
GRPC_PORT: {{ .svc.grpcPort | toString | quote }}
{{- end }}
{{- if eq .item.key "ingestor" }}
INGESTOR_SYSTEM: {{ .item.system | quote }}
{{- with .svc.subscriptions }}
{{- $replay := printf "%s:%v" (include "tickline.componentName" (dict "root" $.root "component" "venue-replay")) $.root.Values.venueReplay.port }}
INGESTOR_SUBSCRIPTIONS: {{ toJson . | replace "${VENUE_REPLAY}" $replay | quote }}
{{- end }}
{{- if and .svc.dependencies.s3 (not (hasKey .svc.config "INGESTOR_LAKE_BUCKET")) }}
INGESTOR_LAKE_BUCKET: {{ .root.Values.s3.bucket | quote }}
{{- end }}
{{- end }}
{{- if and (eq .item.key "publisher") (not (hasKey .svc.config "PUBLISHER_LAKE_BUCKET")) }}
PUBLISHER_LAKE_BUCKET: {{ .root.Values.s3.bucket | quote }}
{{- end }}
{{- include "tickline.dependencyConfig" . }}
{{- range $key, $value := .svc.config }}
{{ $key }}: {{ $value | toString | quote }}
{{- end }}
{{- end }}
