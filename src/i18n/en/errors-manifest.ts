/**
 * Why Kanaria cannot edit a manifest as asked (src/domain/manifest-errors.ts). Facts: `file`, `line`, `column`;
 * `workload` ("Rollout canary-demo"), `container`, `path` (a dotted key), `name` (an entry's name); lists already
 * joined (`workloads`, `containers`, `names`, `kinds`); `value` as written in the file; `reason` (the YAML
 * parser's words); `field` chooses the words for the value concerned (`field.*`).
 */
export const errorsManifest = {
  /** The value a message is about. */
  field: {
    containerImage: 'the image of container "{{container}}"',
    workloadReplicas: 'spec.replicas of {{workload}}',
    valuesKey: '`{{path}}`',
    entryKey: '{{path}}',
  },
  notReplicaCount: {
    message: '{{replicas}} is not a replica count.',
    hint: 'Give a whole number, 0 or more.',
  },
  yaml: {
    invalid: {
      message: '{{file}} is not valid YAML: line {{line}}, column {{column}}: {{reason}}',
      hint: 'Fix the YAML in {{file}} in the GitOps repository, then retry.',
    },
    alias: {
      message:
        '`{{key}}` in {{file}} (line {{line}}) is a YAML alias (*{{alias}}); Kanaria does not edit through aliases.',
      hint: 'Write the value out in place of the alias, or edit the file by hand.',
    },
    mergeKey: {
      message:
        '`{{key}}` is not set directly in {{file}} (line {{line}}), and the mapping uses a YAML merge key (<<); Kanaria does not edit merged values.',
      hint: 'Write the key out in the mapping itself, or edit the file by hand.',
    },
  },
  text: {
    anchored: {
      message:
        "$t(errorsManifest.field.{{field}}) in {{file}} (line {{line}}) is under the YAML anchor &{{anchor}}; changing it here would also change what the anchor's aliases say.",
      hint: 'Write the value out without the anchor, or edit the file by hand.',
    },
    notSingleValue: {
      message: '$t(errorsManifest.field.{{field}}) in {{file}} (line {{line}}) is not a single value.',
      hint: 'Edit the file by hand.',
    },
    cannotRemove: {
      message:
        'cannot remove $t(errorsManifest.field.{{field}}) from {{file}} (line {{line}}) without emptying its list item.',
      hint: 'Edit the file by hand.',
    },
  },
  workload: {
    none: {
      message: '{{file}} holds no workload ({{kinds}}).',
      hint: 'Point apps.<app>.manifest in kanaria.yaml at the file that holds the workload.',
    },
    notFound: {
      message: 'no workload named "{{workload}}" in {{file}}; it holds: {{workloads}}',
      hint: 'Fix apps.<app>.workload in kanaria.yaml.',
    },
    workloadRef: {
      message:
        '{{workload}} in {{file}} has no pod template: it uses spec.workloadRef, so the image lives in the referenced Deployment {{deployment}}.',
      hint: 'Point apps.<app>.manifest in kanaria.yaml at the file that holds Deployment {{deployment}}.',
    },
    noPodTemplate: {
      message: '{{workloads}} in {{file}} has no pod template (spec.template.spec).',
      hint: 'Point apps.<app>.manifest in kanaria.yaml at the workload file.',
    },
    containerInSeveral: {
      message: 'container "{{container}}" is in several workloads in {{file}}: {{workloads}}',
      hint: 'Set apps.<app>.workload in kanaria.yaml to the metadata.name of the one to edit.',
    },
    containerNotFound: {
      message: 'container "{{container}}" not found in {{workload}} in {{file}}; its containers are: {{containers}}',
      hint: 'Fix apps.<app>.container in kanaria.yaml.',
    },
    containerNotFoundInAny: {
      message: 'container "{{container}}" not found in {{file}}; containers are: {{containers}}',
      hint: 'Fix apps.<app>.container in kanaria.yaml.',
    },
    several: {
      message: '{{file}} holds several workloads ({{workloads}}); which one holds the image?',
      hint: 'Set apps.<app>.workload in kanaria.yaml to the metadata.name of the one to edit.',
    },
    whichContainer: {
      message_one: '{{workload}} in {{file}} has {{count}} container ({{containers}}); which one?',
      message_other: '{{workload}} in {{file}} has {{count}} containers ({{containers}}); which one?',
      hint: 'Set apps.<app>.container in kanaria.yaml.',
    },
    noContainers: {
      message: '{{workload}} in {{file}} has 0 containers (none); which one?',
      hint: 'Set apps.<app>.container in kanaria.yaml.',
    },
    noImage: {
      message: 'container "{{container}}" in {{workload}} in {{file}} has no image.',
      hint: 'Add an image: to the container in {{file}}.',
    },
    severalToScale: {
      message: '{{file}} holds several workloads ({{workloads}}); which one to scale?',
      hint: 'Set apps.<app>.workload in kanaria.yaml to the metadata.name of the one to edit.',
    },
    daemonSetReplicas: {
      message: '{{workload}} in {{file}} has no replicas: it runs one pod on each matching node.',
      hint: 'Scale a DaemonSet with its nodeSelector or affinity instead.',
    },
    jobReplicas: {
      message: '{{workload}} in {{file}} has no replicas: it runs to completion (see parallelism).',
      hint: 'Edit parallelism/completions by hand.',
    },
    noSpec: {
      message: '{{workload}} in {{file}} has no spec.',
      hint: 'Fix {{file}}.',
    },
    replicasNotNumber: {
      message: 'spec.replicas of {{workload}} in {{file}} is "{{value}}", not a whole number.',
      hint: 'Fix {{file}}.',
    },
  },
  helm: {
    notMapping: {
      message: '{{file}} is empty or not a mapping of values.',
      hint: 'Fix {{file}}.',
    },
    blockMissing: {
      message: 'no `{{path}}` in {{file}}.',
      hint: 'Fix apps.<app>.container in kanaria.yaml: for Helm values it is the dotted path of the image block, e.g. `api.image`.',
    },
    blockInvalid: {
      message: '`{{path}}` in {{file}} is neither an image block (repository, tag) nor an image string.',
      hint: 'Fix apps.<app>.container in kanaria.yaml.',
    },
    noRepository: {
      message: '`{{path}}` in {{file}} has no repository.',
      hint: 'Add {{path}}.repository to {{file}}.',
    },
    noTag: {
      message: '`{{repository}}` has no tag or digest; {{file}} needs {{path}}.tag.',
      hint: 'Give a tag, e.g. `nginx:1.27.0`.',
    },
    noDigestKey: {
      message: '{{file}} has no `{{path}}.digest`, so the chart cannot take a digest.',
      hint: 'Give a tag instead (e.g. `{{repository}}:1.2.3`), or add `digest: ""` under {{path}} in {{file}} if the chart supports it.',
    },
    noReplicasParent: {
      message: 'no `{{parent}}` mapping for {{path}} in {{file}}.',
      hint: 'Fix apps.<app>.container in kanaria.yaml.',
    },
    replicasNotNumber: {
      message: '{{path}} in {{file}} is "{{value}}", not a whole number.',
      hint: 'Fix {{file}}.',
    },
  },
  kustomize: {
    notMapping: {
      message: '{{file}} is empty or not a mapping.',
      hint: 'Fix {{file}}.',
    },
    noImages: {
      message: '{{file}} has no images: entries.',
      hint: 'Add an images: entry (name, newTag) for the image to {{file}}, then retry.',
    },
    whichImage: {
      message: '{{file}} has several images: entries ({{names}}); which one?',
      hint: 'Set apps.<app>.container in kanaria.yaml to the images[].name to edit.',
    },
    imageNotFound: {
      message: 'no images: entry named "{{name}}" in {{file}}; its entries are: {{names}}',
      hint: 'Fix apps.<app>.container in kanaria.yaml (it names the images[].name to edit).',
    },
    noTag: {
      message: '`{{repository}}` has no tag or digest; {{file}} would keep whatever tag the base uses.',
      hint: 'Give a tag or a digest, e.g. `nginx:1.27.0`.',
    },
    noReplicas: {
      message: '{{file}} has no replicas: entries.',
      hint: 'Add `replicas: [{name: <workload>, count: <n>}]` to {{file}}, then retry.',
    },
    whichReplicas: {
      message: '{{file}} has several replicas: entries ({{names}}); which one?',
      hint: 'Set apps.<app>.workload in kanaria.yaml to the replicas[].name to edit.',
    },
    replicasNotFound: {
      message: 'no replicas: entry named "{{name}}" in {{file}}; its entries are: {{names}}',
      hint: 'Set apps.<app>.workload in kanaria.yaml to the replicas[].name to edit.',
    },
    countNotNumber: {
      message: 'replicas[{{name}}].count in {{file}} is "{{value}}", not a whole number.',
      hint: 'Fix {{file}}.',
    },
  },
};
