{{- define "cairn.fullname" -}}
{{- if contains .Chart.Name .Release.Name -}}
{{- .Release.Name | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" .Release.Name .Chart.Name | trunc 63 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}

{{- define "cairn.selectorLabels" -}}
app.kubernetes.io/name: {{ .Chart.Name }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end -}}

{{- define "cairn.labels" -}}
{{ include "cairn.selectorLabels" . }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" }}
{{- end -}}

{{- define "cairn.serviceAccountName" -}}
{{- if .Values.serviceAccount.create -}}
{{- default (include "cairn.fullname" .) .Values.serviceAccount.name -}}
{{- else -}}
{{- required "serviceAccount.name is required when serviceAccount.create is false" .Values.serviceAccount.name -}}
{{- end -}}
{{- end -}}

{{- define "cairn.image" -}}
{{- if .Values.image.digest -}}
{{- printf "%s@%s" .Values.image.repository .Values.image.digest -}}
{{- else -}}
{{- printf "%s:%s" .Values.image.repository (default .Chart.AppVersion .Values.image.tag) -}}
{{- end -}}
{{- end -}}

{{/* What the operator does in the namespaces it watches: one list, rendered as a ClusterRole or as Roles. */}}
{{- define "cairn.watchedNamespaceRules" -}}
- apiGroups: [postgresql.cnpg.io]
  resources: [clusters, scheduledbackups]
  verbs: [get, list, watch, update, patch]
# ScheduledBackups create Backups; retention deletes them.
- apiGroups: [postgresql.cnpg.io]
  resources: [backups]
  verbs: [get, list, watch, create, update, patch, delete]
- apiGroups: [postgresql.cnpg.io]
  resources: [clusters/status, backups/status, scheduledbackups/status]
  verbs: [get, update, patch]
# Owner references that block their owner's deletion (enforced where OwnerReferencesPermissionEnforcement is on).
- apiGroups: [postgresql.cnpg.io]
  resources: [clusters/finalizers, backups/finalizers, scheduledbackups/finalizers]
  verbs: [update]
- apiGroups: [""]
  resources: [pods, persistentvolumeclaims, services, secrets, configmaps]
  verbs: [get, list, watch, create, update, patch, delete]
- apiGroups: [""]
  resources: [events]
  verbs: [create, patch]
# volumeSnapshot backups: one VolumeSnapshot per claim, annotated once complete; those of a failed backup get it as owner.
- apiGroups: [snapshot.storage.k8s.io]
  resources: [volumesnapshots]
  verbs: [get, list, watch, create, patch, delete]
{{- end -}}
