package io.cairn.api.v1;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Server-side encryption requested from the object store. */
public enum EncryptionType {
    @JsonProperty("AES256")
    AES256,
    @JsonProperty("aws:kms")
    AWS_KMS
}
