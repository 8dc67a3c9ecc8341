package io.parley.server.store.sqlite;

import static java.util.Objects.requireNonNull;

import io.parley.server.store.Creation;
import io.parley.server.store.GroupCaps;
import io.parley.server.store.GroupStore;
import io.parley.server.store.GroupSummary;
import io.parley.server.store.Logs;
import io.parley.server.store.Membership;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * Groups and members in SQLite. Joining runs on the writer thread, after every append queued before it,
 * so the head a new member's position is set to includes every message acknowledged before the join.
 */
final class SqliteGroupStore implements GroupStore {
    private static final String INSERT_GROUP =
            "INSERT INTO chat_groups (name, owner_id, created_at) VALUES (?, ?, ?)" + " ON CONFLICT (name) DO NOTHING";
    private static final String GROUP_EXISTS = "SELECT 1 FROM chat_groups WHERE name = ?";
    private static final String INSERT_MEMBER =
            "INSERT INTO members (group_name, user_id) VALUES (?, ?)" + " ON CONFLICT (group_name, user_id) DO NOTHING";
    private static final String IS_MEMBER = "SELECT 1 FROM members WHERE group_name = ? AND user_id = ?";
    private static final String DELETE_MEMBER = "DELETE FROM members WHERE group_name = ? AND user_id = ?";
    private static final String LIST = "SELECT g.name, COUNT(m.user_id) FROM chat_groups g"
            + " LEFT JOIN members m ON m.group_name = g.name GROUP BY g.name ORDER BY g.name";
    private static final String MEMBERS = "SELECT user_id FROM members WHERE group_name = ?";
    private static final String GROUPS_OF = "SELECT group_name FROM members WHERE user_id = ? ORDER BY group_name";
    // Counted in the (user, group) and (group, user) indexes; the caps keep both counts small.
    private static final String COUNT_GROUPS_OF = "SELECT COUNT(*) FROM members WHERE user_id = ?";
    private static final String COUNT_MEMBERS = "SELECT COUNT(*) FROM members WHERE group_name = ?";

    private final SqliteDatabase db;

    SqliteGroupStore(SqliteDatabase db) {
        this.db = db;
    }

    /** On the writer thread, so the count and the insert are one atomic step. */
    @Override
    public CompletableFuture<Creation> create(String group, int ownerId, long createdAt, GroupCaps caps) {
        requireNonNull(group, "group");
        requireNonNull(caps, "caps");
        return db.write(tx -> {
            if (count(tx.sql(), COUNT_GROUPS_OF, ownerId) >= caps.groupsPerUser()) {
                return exists(tx.sql(), group) ? Creation.NAME_TAKEN : Creation.TOO_MANY_GROUPS;
            }
            PreparedStatement insert = tx.sql().prepare(INSERT_GROUP);
            insert.setString(1, group);
            insert.setInt(2, ownerId);
            insert.setLong(3, createdAt);
            if (insert.executeUpdate() == 0) {
                return Creation.NAME_TAKEN;
            }
            // A new group's log is empty, so the owner starts at position 0 like any member joining now.
            addMember(tx, group, ownerId);
            return Creation.CREATED;
        });
    }

    /** On the writer thread, so the counts and the insert are one atomic step. */
    @Override
    public CompletableFuture<Membership> join(String group, int userId, GroupCaps caps) {
        requireNonNull(group, "group");
        requireNonNull(caps, "caps");
        return db.write(tx -> {
            if (!exists(tx.sql(), group)) {
                return Membership.NO_SUCH_GROUP;
            }
            if (isMember(tx.sql(), group, userId)) {
                return Membership.ALREADY_MEMBER;
            }
            if (count(tx.sql(), COUNT_MEMBERS, group) >= caps.membersPerGroup()) {
                return Membership.GROUP_FULL;
            }
            if (count(tx.sql(), COUNT_GROUPS_OF, userId) >= caps.groupsPerUser()) {
                return Membership.TOO_MANY_GROUPS;
            }
            addMember(tx, group, userId);
            return Membership.JOINED;
        });
    }

    @Override
    public CompletableFuture<Membership> leave(String group, int userId) {
        requireNonNull(group, "group");
        return db.write(tx -> {
            if (!exists(tx.sql(), group)) {
                return Membership.NO_SUCH_GROUP;
            }
            PreparedStatement delete = tx.sql().prepare(DELETE_MEMBER);
            delete.setString(1, group);
            delete.setInt(2, userId);
            return delete.executeUpdate() == 1 ? Membership.LEFT : Membership.NOT_MEMBER;
        });
    }

    @Override
    public CompletableFuture<List<GroupSummary>> list() {
        return db.read(sql -> {
            List<GroupSummary> groups = new ArrayList<>();
            try (ResultSet rows = sql.prepare(LIST).executeQuery()) {
                while (rows.next()) {
                    groups.add(new GroupSummary(rows.getString(1), rows.getInt(2)));
                }
            }
            return groups;
        });
    }

    @Override
    public CompletableFuture<Optional<Set<Integer>>> members(String group) {
        requireNonNull(group, "group");
        return db.read(sql -> {
            if (!exists(sql, group)) {
                return Optional.empty();
            }
            PreparedStatement query = sql.prepare(MEMBERS);
            query.setString(1, group);
            Set<Integer> members = new HashSet<>();
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    members.add(rows.getInt(1));
                }
            }
            return Optional.of(Set.copyOf(members));
        });
    }

    @Override
    public CompletableFuture<List<String>> groupsOf(int userId) {
        return db.read(sql -> {
            PreparedStatement query = sql.prepare(GROUPS_OF);
            query.setInt(1, userId);
            List<String> groups = new ArrayList<>();
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    groups.add(rows.getString(1));
                }
            }
            return groups;
        });
    }

    /** Adds the member with its position at the log head, in the caller's transaction; false if already in. */
    private static boolean addMember(WriteTx tx, String group, int userId) throws SQLException {
        PreparedStatement insert = tx.sql().prepare(INSERT_MEMBER);
        insert.setString(1, group);
        insert.setInt(2, userId);
        if (insert.executeUpdate() == 0) {
            return false;
        }
        String log = Logs.group(group);
        SqliteMessageStore.raisePosition(tx.sql(), userId, log, tx.heads().head(log));
        return true;
    }

    private static boolean isMember(Statements sql, String group, int userId) throws SQLException {
        PreparedStatement query = sql.prepare(IS_MEMBER);
        query.setString(1, group);
        query.setInt(2, userId);
        try (ResultSet rows = query.executeQuery()) {
            return rows.next();
        }
    }

    private static long count(Statements sql, String countQuery, Object key) throws SQLException {
        PreparedStatement query = sql.prepare(countQuery);
        query.setObject(1, key);
        try (ResultSet rows = query.executeQuery()) {
            rows.next();
            return rows.getLong(1);
        }
    }

    private static boolean exists(Statements sql, String group) throws SQLException {
        PreparedStatement query = sql.prepare(GROUP_EXISTS);
        query.setString(1, group);
        try (ResultSet rows = query.executeQuery()) {
            return rows.next();
        }
    }
}
