package io.cairn.api.v1;

/** The schema rule (on the object holding it) of a Backup's and a Cluster's {@code deadline} (Cairn extension). */
public final class BackupDeadlines {

    /** Hours, minutes and seconds (Go's duration syntax without fractions or smaller units), more than zero. */
    public static final String RULE =
            "!has(self.deadline) || (self.deadline.matches('^([0-9]+h)?([0-9]+m)?([0-9]+s)?$')"
                    + " && self.deadline != '' && duration(self.deadline) > duration('0s'))";

    /** Bounds the cost of the rule for the API server's CEL budget. */
    public static final long MAX_LENGTH = 32;

    public static final String MESSAGE =
            "deadline must be a duration in hours, minutes and seconds greater than zero, such as '90m', '2h' or "
                    + "'1h30m'";

    private BackupDeadlines() {}
}
