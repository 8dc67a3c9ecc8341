package io.parley.server.service;

import io.parley.server.config.ConfigReader;
import java.util.ArrayList;
import java.util.List;

/**
 * What one user may make the server store.
 *
 * @param offlineMessages messages waiting unread in one user's inbox
 * @param offlineBytes    bytes of message text waiting unread in one user's inbox
 * @param groupsPerUser   groups one user may belong to
 * @param membersPerGroup members one group may have
 */
public record Quotas(int offlineMessages, long offlineBytes, int groupsPerUser, int membersPerGroup) {
    public static final Quotas DEFAULTS = new Quotas(10_000, 16L * 1024 * 1024, 500, 10_000);

    public Quotas {
        List<String> problems = new ArrayList<>();
        if (offlineMessages <= 0) {
            problems.add("offlineMessages: " + offlineMessages + " (expected: > 0)");
        }
        if (offlineBytes <= 0) {
            problems.add("offlineBytes: " + offlineBytes + " (expected: > 0)");
        }
        if (groupsPerUser <= 0) {
            problems.add("groupsPerUser: " + groupsPerUser + " (expected: > 0)");
        }
        if (membersPerGroup <= 0) {
            problems.add("membersPerGroup: " + membersPerGroup + " (expected: > 0)");
        }
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException(String.join("; ", problems));
        }
    }

    public static Quotas load(ConfigReader p, Quotas d) {
        return new Quotas(
                p.integer("offlineMessages", d.offlineMessages),
                p.longValue("offlineBytes", d.offlineBytes),
                p.integer("groupsPerUser", d.groupsPerUser),
                p.integer("membersPerGroup", d.membersPerGroup));
    }

    /** With {@code --load-test}: per-user quotas out of a benchmark's reach. */
    public Quotas forLoadTest() {
        return new Quotas(Integer.MAX_VALUE, Long.MAX_VALUE, Integer.MAX_VALUE, Integer.MAX_VALUE);
    }
}
