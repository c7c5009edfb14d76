package io.cairn.local.node;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.SecurityContext;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Maps the uid and gids a pod asks for to accounts of this machine.
 *
 * <ul>
 * <li>The uid is {@code securityContext.runAsUser} of the container, else of the pod. If this machine has an
 * account with that uid, the process runs as it; otherwise it runs as the fallback account (Debian's
 * {@code postgres}): CloudNativePG's images ask for uid 26, which Debian does not have, and PostgreSQL refuses to
 * run as root.</li>
 * <li>A pod that names no uid runs as the agent's own user (an image's default user is usually root), unless it
 * says {@code runAsNonRoot: true}, in which case it runs as the fallback account.</li>
 * <li>Gids follow the uid: when the uid exists here, {@code runAsGroup}, {@code fsGroup} and
 * {@code supplementalGroups} are used as they are (the primary group defaults to the account's); when the uid was
 * mapped to the fallback account, every gid the pod names maps to that account's primary group too, because a
 * local group that happens to have the same number (gid 26 is {@code tape} on Debian) is unrelated.</li>
 * </ul>
 */
final class UserMapper {

    record Account(String name, int uid, int gid, String home) {
    }

    private final List<Account> accounts;
    private final Set<Integer> localGroups;
    private final Account fallback;
    private final Account agent;

    UserMapper(Path passwd, Path group, String fallbackUser, int agentUid) {
        this.accounts = readAccounts(passwd);
        this.localGroups = readGroups(group);
        this.fallback = accounts.stream().filter(a -> a.name().equals(fallbackUser)).findFirst()
                .orElseThrow(() -> new IllegalStateException("no local account '" + fallbackUser + "' in " + passwd
                        + " to run pods whose uid does not exist here (install postgresql or choose another)"));
        this.agent = byUid(agentUid).orElse(new Account("uid-" + agentUid, agentUid, agentUid, "/"));
    }

    static UserMapper forThisMachine(String fallbackUser) {
        return new UserMapper(Path.of("/etc/passwd"), Path.of("/etc/group"), fallbackUser, currentUid());
    }

    ProcessIdentity identityFor(PodSpec pod, Container container) {
        PodSecurityContext podContext = pod.getSecurityContext();
        SecurityContext containerContext = container.getSecurityContext();
        Long requestedUid = first(containerContext == null ? null : containerContext.getRunAsUser(),
                podContext == null ? null : podContext.getRunAsUser());
        Boolean nonRoot = first(containerContext == null ? null : containerContext.getRunAsNonRoot(),
                podContext == null ? null : podContext.getRunAsNonRoot());
        Account account;
        if (requestedUid == null) {
            account = Boolean.TRUE.equals(nonRoot) && agent.uid() == 0 ? fallback : agent;
        } else {
            account = byUid(requestedUid).orElse(fallback);
        }
        boolean mapped = requestedUid == null ? account == fallback : account.uid() != requestedUid;
        Long requestedGid = first(containerContext == null ? null : containerContext.getRunAsGroup(),
                podContext == null ? null : podContext.getRunAsGroup());
        int gid = requestedGid == null || mapped || !localGroups.contains(requestedGid.intValue())
                ? account.gid() : requestedGid.intValue();
        Optional<Integer> fsGroup = Optional.ofNullable(podContext == null ? null : podContext.getFsGroup())
                .map(g -> mapped ? account.gid() : mapGroup(g, account));
        Set<Integer> groups = new LinkedHashSet<>();
        groups.add(gid);
        fsGroup.ifPresent(groups::add);
        if (podContext != null && podContext.getSupplementalGroups() != null) {
            podContext.getSupplementalGroups().forEach(g -> groups.add(mapped ? account.gid() : mapGroup(g, account)));
        }
        return new ProcessIdentity(account.name(), account.uid(), gid, List.copyOf(groups), account.home(),
                requestedUid, mapped, fsGroup);
    }

    private int mapGroup(long gid, Account account) {
        return localGroups.contains((int) gid) ? (int) gid : account.gid();
    }

    private Optional<Account> byUid(long uid) {
        return accounts.stream().filter(a -> a.uid() == uid).findFirst();
    }

    @SafeVarargs
    private static <T> T first(T... values) {
        for (T value : values) {
            if (value != null) {
                return value;
            }
        }
        return null;
    }

    private static List<Account> readAccounts(Path passwd) {
        List<Account> result = new ArrayList<>();
        for (String line : lines(passwd)) {
            String[] fields = line.split(":", -1);
            if (fields.length >= 6 && !line.startsWith("#")) {
                try {
                    result.add(new Account(fields[0], Integer.parseInt(fields[2]), Integer.parseInt(fields[3]),
                            fields[5].isEmpty() ? "/" : fields[5]));
                } catch (NumberFormatException e) {
                    // not an account line
                }
            }
        }
        return result;
    }

    private static Set<Integer> readGroups(Path group) {
        Set<Integer> result = new LinkedHashSet<>();
        for (String line : lines(group)) {
            String[] fields = line.split(":", -1);
            if (fields.length >= 3 && !line.startsWith("#")) {
                try {
                    result.add(Integer.parseInt(fields[2]));
                } catch (NumberFormatException e) {
                    // not a group line
                }
            }
        }
        return result;
    }

    private static List<String> lines(Path file) {
        try {
            return Files.readAllLines(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The real uid of this process, from /proc (Java has no API for it). */
    static int currentUid() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("Uid:")) {
                    return Integer.parseInt(line.split("\\s+")[1]);
                }
            }
        } catch (IOException | RuntimeException e) {
            // fall through
        }
        return "root".equals(System.getProperty("user.name")) ? 0 : -1;
    }
}
