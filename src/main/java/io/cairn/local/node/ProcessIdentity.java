package io.cairn.local.node;

import java.util.List;
import java.util.Optional;

/**
 * The local account a container's process runs as, after mapping the pod's uids and gids (see {@link UserMapper}).
 *
 * @param requestedUid the uid the pod asked for, or null when it named none
 * @param mapped whether the pod's uid was replaced by the fallback account (its gids then map to that account's)
 * @param fsGroup the gid that owns the pod's volumes (its mapped {@code fsGroup}), if the pod has one
 */
record ProcessIdentity(String userName, int uid, int gid, List<Integer> groups, String home, Long requestedUid,
        boolean mapped, Optional<Integer> fsGroup) {

    boolean isRoot() {
        return uid == 0;
    }

    String describe() {
        String asked = mapped && requestedUid != null ? " (pod asked for uid " + requestedUid + ")" : "";
        return userName + " uid=" + uid + " gid=" + gid + asked;
    }
}
