"""Field tables of k8s.io/apimachinery's messages (pkg/apis/meta/v1, pkg/runtime).

The notation, shared by every `tables_*` module, one line per message:

    "<field number> <json name> <type><flags>; …"

types: `s` string, `b` bool, `i32`, `i64`, `bytes` (base64 in JSON), a message name,
`[]T` repeated, `{T}` map<string, T>. Flags say how Go's JSON encoder writes a field the
protobuf encoder always sends (k8s generates non-pointer fields unconditionally):

    (none)  `omitempty`: a zero value ("", 0, false) is left out of the JSON
    *       a pointer: sent only when set, so a zero value is written (replicas: 0)
    !       no `omitempty`: written even when zero (containerPort, verbs' kind…)
    ^       `json:",inline"`: the sub-message's fields join the parent's

Facts from the upstream generated.proto files; the order within a line follows them.
"""

MESSAGES = {
    "ObjectMeta": "1 name s; 2 generateName s; 3 namespace s; 4 selfLink s; 5 uid s; "
                  "6 resourceVersion s; 7 generation i64; 8 creationTimestamp Time; "
                  "9 deletionTimestamp Time; 10 deletionGracePeriodSeconds i64*; "
                  "11 labels {s}; 12 annotations {s}; 13 ownerReferences []OwnerReference; "
                  "14 finalizers []s; 17 managedFields []ManagedFieldsEntry",
    "OwnerReference": "5 apiVersion s!; 1 kind s!; 3 name s!; 4 uid s!; 6 controller b*; "
                      "7 blockOwnerDeletion b*",
    "ManagedFieldsEntry": "1 manager s; 2 operation s; 3 apiVersion s; 4 time Time; "
                          "6 fieldsType s; 7 fieldsV1 FieldsV1; 8 subresource s",
    "LabelSelector": "1 matchLabels {s}; 2 matchExpressions []LabelSelectorRequirement",
    "LabelSelectorRequirement": "1 key s!; 2 operator s!; 3 values []s",
    "Condition": "1 type s!; 2 status s!; 3 observedGeneration i64; 4 lastTransitionTime Time; "
                 "5 reason s!; 6 message s!",
    "DeleteOptions": "1 gracePeriodSeconds i64*; 2 preconditions Preconditions; "
                     "3 orphanDependents b*; 4 propagationPolicy s*; 5 dryRun []s; "
                     "6 ignoreStoreReadErrorWithClusterBreakingPotential b*",
    "Preconditions": "1 uid s*; 2 resourceVersion s*",
    # runtime: the envelope every protobuf body travels in
    "Unknown": "1 typeMeta TypeMeta; 2 raw raw; 3 contentEncoding s; 4 contentType s",
    "TypeMeta": "1 apiVersion s; 2 kind s",
}
