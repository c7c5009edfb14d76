package io.cairn.api.v1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.ValidationRule;

/** Credentials for an S3-compatible object store. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(
        value = "has(self.accessKeyId) == has(self.secretAccessKey)",
        message = "when using AWS credentials both accessKeyId and secretAccessKey must be provided")
@ValidationRule(
        value = "has(self.accessKeyId) || (has(self.inheritFromIAMRole) && self.inheritFromIAMRole)",
        message = "at least one AWS authentication method should be supplied")
@ValidationRule(
        value = "!(has(self.accessKeyId) && has(self.inheritFromIAMRole) && self.inheritFromIAMRole)",
        message = "only one AWS authentication method should be supplied")
public record S3Credentials(
        @JsonPropertyDescription("The Secret key holding the access key ID (AWS_ACCESS_KEY_ID).")
        SecretKeySelector accessKeyId,

        @JsonPropertyDescription("The Secret key holding the secret access key (AWS_SECRET_ACCESS_KEY).")
        SecretKeySelector secretAccessKey,

        @JsonPropertyDescription("The Secret key holding the region (AWS_DEFAULT_REGION).")
        SecretKeySelector region,

        @JsonPropertyDescription("The Secret key holding a session token (AWS_SESSION_TOKEN).")
        SecretKeySelector sessionToken,

        @JsonPropertyDescription("Use the IAM role of the pod instead of keys.")
        Boolean inheritFromIAMRole) {}
